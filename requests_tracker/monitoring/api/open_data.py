"""Read API for the open data: published violations, in the public schema of ``open_data``."""

from typing import Any

from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from requests_tracker.core.cursor_pagination import KeysetPagination
from requests_tracker.monitoring.models import (
    Outcome,
    PerpetratorType,
    Stage,
    VictimType,
    Violation,
)
from requests_tracker.monitoring.open_data import (
    OpenDataFilter,
    published_violations,
    with_public_fields,
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
    # Blank when not recorded: declared so, as a read-only field would not say it.
    perpetrator_type = serializers.ChoiceField(
        choices=PerpetratorType.choices, allow_blank=True, read_only=True
    )
    victim_type = serializers.ChoiceField(
        choices=VictimType.choices, allow_blank=True, read_only=True
    )
    stage = serializers.ChoiceField(choices=Stage.choices, allow_blank=True, read_only=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)
    source_url = serializers.URLField(allow_blank=True, read_only=True)
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
