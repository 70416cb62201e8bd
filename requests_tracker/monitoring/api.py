"""Read API for the open data: published violations, in the public schema of ``open_data``;
and the staff's API of the monthly reports' case items."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from requests_tracker.access.api import MonitoringPermission
from requests_tracker.access.monitoring import readable_report_items
from requests_tracker.core.cursor_pagination import KeysetPagination
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.models import MonthlyNarrative, Violation
from requests_tracker.monitoring.open_data import (
    MonthFilter,
    OpenDataFilter,
    published_violations,
    with_public_fields,
)
from requests_tracker.monitoring.report_items import (
    delete_report_item,
    item_problems,
    save_report_item,
)


class OpenViolationSerializer(serializers.ModelSerializer[Violation]):
    """One published violation; the victim's name and outlet only with their consent."""

    region = serializers.CharField(source="open_region", read_only=True, allow_null=True)
    body_slug = serializers.CharField(source="open_body_slug", read_only=True, allow_null=True)
    body_name_ru = serializers.CharField(
        source="open_body_name_ru", read_only=True, allow_null=True
    )
    body_name_kk = serializers.CharField(
        source="open_body_name_kk", read_only=True, allow_null=True
    )
    body_name_en = serializers.CharField(
        source="open_body_name_en", read_only=True, allow_null=True
    )
    victim_name = serializers.CharField(source="open_victim_name", read_only=True)
    victim_outlet = serializers.CharField(source="open_victim_outlet", read_only=True)
    # The public description: the internal one is never published.
    description = serializers.CharField(source="public_description", read_only=True)

    class Meta:
        model = Violation
        # The columns of open_data.COLUMNS, in their order (a test holds the two together).
        fields = (
            "id",
            "block",
            "category",
            "occurred_on",
            "reported_on",
            "region",
            "body_slug",
            "body_name_ru",
            "body_name_kk",
            "body_name_en",
            "perpetrator_type",
            "victim_type",
            "victim_name",
            "victim_outlet",
            "article",
            "stage",
            "outcome",
            "amount_claimed_kzt",
            "amount_awarded_kzt",
            "amount_collected_kzt",
            "legal_ground_cited",
            "source_url",
            "description",
        )
        read_only_fields = fields


class ViolationViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """Published violations of the monitoring dataset (open data, schema version 1).

    Filters: month (YYYY-MM), category, region (ISO 3166-2 code), body (slug); a value that
    means nothing is a 400 that says why. Newest first (``?ordering=occurred_on`` or ``id``,
    ``-`` first for descending); pages by cursor, with the links to the next and previous page
    and no count, so that any page costs what the first does.
    """

    permission_classes = (AllowAny,)
    queryset = with_public_fields(published_violations())
    serializer_class = OpenViolationSerializer
    filterset_class = OpenDataFilter
    ordering_fields = ("occurred_on", "id")
    ordering = ("-occurred_on",)
    pagination_class = KeysetPagination


# --- The month's case items (staff only) ------------------------------------------------------


class ReportItemSerializer(serializers.ModelSerializer[MonthlyNarrative]):
    """A case item of a month's report; ``month`` is the month's first day (YYYY-MM-01)."""

    violations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Violation.objects.all(), required=False
    )

    class Meta:
        model = MonthlyNarrative
        fields = (
            "id",
            "month",
            "position",
            "title_ru",
            "title_kk",
            "title_en",
            "text_ru",
            "text_kk",
            "text_en",
            "violations",
        )
        read_only_fields = ("id",)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        values = {
            field: getattr(self.instance, field)
            for field in ("month", "title_ru", "text_ru")
            if self.instance is not None
        }
        values.update({k: v for k, v in attrs.items() if k in ("month", "title_ru", "text_ru")})
        if problems := item_problems(item=MonthlyNarrative(**values)):
            raise serializers.ValidationError(problems)
        return attrs


class ReportItemFilter(django_filters.FilterSet):
    month = MonthFilter(field_name="month", label=_("Month of the report (YYYY-MM)"))

    class Meta:
        model = MonthlyNarrative
        fields = ("month",)


class ReportItemViewSet(viewsets.ModelViewSet[MonthlyNarrative]):
    """The case items of the monthly reports, shown first in the month's report: NGO staff only.

    Filter: month (YYYY-MM). Items are listed in the report's order.
    """

    permission_classes = (MonitoringPermission,)
    serializer_class = ReportItemSerializer
    filterset_class = ReportItemFilter
    ordering_fields = ("month", "position", "id")

    def get_queryset(self) -> QuerySet[MonthlyNarrative]:
        return (
            readable_report_items(self.request.user)
            .order_by("month", "position", "id")
            .prefetch_related("violations")
        )

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer)

    def _save(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        violations = data.pop("violations", None)
        item = serializer.instance or MonthlyNarrative()
        for field, value in data.items():
            setattr(item, field, value)
        if violations is None:
            violations = list(item.violations.all()) if item.pk else []
        try:
            serializer.instance = save_report_item(
                item=item, violations=violations, user=self.request.user
            )
        except DomainError as error:
            raise serializers.ValidationError({"detail": str(error)}) from error

    def perform_destroy(self, instance: MonthlyNarrative) -> None:
        delete_report_item(item=instance, user=self.request.user)
