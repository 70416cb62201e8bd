"""Read API for jurisdictions, laws, legal rules and the working-day calendar."""

from datetime import date, timedelta
from typing import Any

import django_filters
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from requests_tracker.core.filters import StrictBooleanFilter
from requests_tracker.laws.models import (
    START_EVENT_CHOICES,
    UNIT_CHOICES,
    CalendarOverride,
    Confidence,
    Instrument,
    Jurisdiction,
    LegalRule,
    RuleRole,
)
from requests_tracker.laws.selectors import working_calendar

MAX_CALENDAR_DAYS = 366


class JurisdictionSerializer(serializers.ModelSerializer[Jurisdiction]):
    class Meta:
        model = Jurisdiction
        fields = ("code", "name_ru", "name_kk", "name_en", "time_zone", "weekend_days")


class InstrumentSerializer(serializers.ModelSerializer[Instrument]):
    jurisdiction = serializers.SlugRelatedField[Jurisdiction](slug_field="code", read_only=True)

    class Meta:
        model = Instrument
        fields = (
            "code",
            "jurisdiction",
            "title_ru",
            "title_kk",
            "title_en",
            "number",
            "adopted_on",
            "url",
            "in_force_from",
            "in_force_to",
        )


class LegalRuleSerializer(serializers.ModelSerializer[LegalRule]):
    instrument = serializers.SlugRelatedField[Instrument](slug_field="code", read_only=True)
    jurisdiction = serializers.CharField(source="instrument.jurisdiction.code", read_only=True)
    modifies = serializers.SlugRelatedField[LegalRule](
        slug_field="rule_id", read_only=True, allow_null=True
    )

    class Meta:
        model = LegalRule
        fields = (
            "rule_id",
            "jurisdiction",
            "instrument",
            "article",
            "role",
            "modifies",
            "title_ru",
            "title_kk",
            "title_en",
            "amount",
            "unit",
            "start_event",
            "count_from_next_day",
            "roll_forward_if_non_working",
            "max_times",
            "on_expiry",
            "valid_from",
            "valid_to",
            "confidence",
            "note",
            "sources",
        )


class CalendarOverrideSerializer(serializers.ModelSerializer[CalendarOverride]):
    jurisdiction = serializers.SlugRelatedField[Jurisdiction](slug_field="code", read_only=True)

    class Meta:
        model = CalendarOverride
        fields = (
            "jurisdiction",
            "date",
            "is_working_day",
            "reason_ru",
            "reason_kk",
            "reason_en",
            "decree",
        )


class InstrumentFilter(django_filters.FilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        field_name="jurisdiction", to_field_name="code", queryset=Jurisdiction.objects.all()
    )

    class Meta:
        model = Instrument
        fields = ("jurisdiction",)


class LegalRuleFilter(django_filters.FilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        field_name="instrument__jurisdiction",
        to_field_name="code",
        queryset=Jurisdiction.objects.all(),
    )
    instrument = django_filters.ModelChoiceFilter(
        field_name="instrument", to_field_name="code", queryset=Instrument.objects.all()
    )
    role = django_filters.ChoiceFilter(choices=RuleRole.choices)
    unit = django_filters.ChoiceFilter(choices=UNIT_CHOICES)
    start_event = django_filters.ChoiceFilter(choices=START_EVENT_CHOICES)
    confidence = django_filters.ChoiceFilter(choices=Confidence.choices)
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("valid on (date)"))

    class Meta:
        model = LegalRule
        fields = ("jurisdiction", "instrument", "role", "unit", "start_event", "confidence")

    def filter_valid_on(self, queryset: Any, name: str, value: date) -> Any:
        return queryset.in_force_on(value)


class CalendarOverrideFilter(django_filters.FilterSet):
    jurisdiction = django_filters.ModelChoiceFilter(
        field_name="jurisdiction", to_field_name="code", queryset=Jurisdiction.objects.all()
    )
    date = django_filters.DateFromToRangeFilter()
    is_working_day = StrictBooleanFilter()

    class Meta:
        model = CalendarOverride
        fields = ("jurisdiction", "date", "is_working_day")


class ReferenceDataViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """Reference data is public: anyone may read it."""

    permission_classes = (AllowAny,)


class JurisdictionViewSet(ReferenceDataViewSet):
    queryset = Jurisdiction.objects.all()
    serializer_class = JurisdictionSerializer
    lookup_field = "code"


class InstrumentViewSet(ReferenceDataViewSet):
    queryset = Instrument.objects.select_related("jurisdiction")
    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilter
    lookup_field = "code"


class LegalRuleViewSet(ReferenceDataViewSet):
    queryset = LegalRule.objects.select_related("instrument__jurisdiction", "modifies")
    serializer_class = LegalRuleSerializer
    filterset_class = LegalRuleFilter
    lookup_field = "rule_id"
    lookup_value_regex = r"[^/]+"


class CalendarOverrideViewSet(ReferenceDataViewSet):
    queryset = CalendarOverride.objects.select_related("jurisdiction")
    serializer_class = CalendarOverrideSerializer
    filterset_class = CalendarOverrideFilter


class CalendarQuerySerializer(serializers.Serializer[Any]):
    jurisdiction = serializers.SlugRelatedField(
        slug_field="code", queryset=Jurisdiction.objects.all(), default=None
    )
    start = serializers.DateField(
        source="first", required=False, help_text=_("First day; default today.")
    )
    end = serializers.DateField(
        source="last", required=False, help_text=_("Last day; default start + 30.")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("jurisdiction") is None:
            jurisdiction = Jurisdiction.objects.filter(code="KZ").first()
            if jurisdiction is None:
                raise serializers.ValidationError({"jurisdiction": _("No such jurisdiction.")})
            attrs["jurisdiction"] = jurisdiction
        first = attrs.setdefault("first", timezone.localdate())
        last = attrs.setdefault("last", first + timedelta(days=30))
        if last < first:
            raise serializers.ValidationError({"end": _("The end comes before the start.")})
        if (last - first).days >= MAX_CALENDAR_DAYS:
            raise serializers.ValidationError(
                {"end": _("Ask for at most %(days)d days at once.") % {"days": MAX_CALENDAR_DAYS}}
            )
        return attrs


class CalendarDaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    is_working_day = serializers.BooleanField()
    kind = serializers.CharField()
    reason = serializers.CharField()


class CalendarView(generics.GenericAPIView[Any]):
    """Every day of a period in a jurisdiction: working or not, and why."""

    permission_classes = (AllowAny,)
    serializer_class = CalendarDaySerializer
    pagination_class = None
    filter_backends = ()

    @extend_schema(
        parameters=[
            OpenApiParameter("jurisdiction", str, description="Jurisdiction code, default KZ."),
            OpenApiParameter("start", date, description="First day (YYYY-MM-DD); default today."),
            OpenApiParameter("end", date, description="Last day; default 30 days after start."),
        ],
        responses=CalendarDaySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = CalendarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        first: date = query.validated_data["first"]
        last: date = query.validated_data["last"]
        calendar = working_calendar(
            jurisdiction=query.validated_data["jurisdiction"],
            years=range(first.year, last.year + 1),
            language=(get_language() or "en")[:2],
        )
        days = [
            {
                "date": day.date,
                "is_working_day": day.is_working_day,
                "kind": day.kind,
                "reason": day.reason,
            }
            for day in calendar.days(first, last)
        ]
        return Response(CalendarDaySerializer(days, many=True).data)
