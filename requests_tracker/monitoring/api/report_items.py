"""The staff's API of the monthly reports' case items: NGO staff write the items the month's
report shows first."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from requests_tracker.access.api import MonitoringPermission
from requests_tracker.access.monitoring import readable_report_items
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.models import MonthlyNarrative, Violation
from requests_tracker.monitoring.open_data import MonthFilter
from requests_tracker.monitoring.report_items import (
    delete_report_item,
    item_problems,
    save_report_item,
)


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
