"""The deadline calculator over the API: one rule's due date for a receipt, with its trace."""

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from requests_tracker.core.errors import DomainError
from requests_tracker.laws.calculator import calculate_deadline, parse_received
from requests_tracker.laws.models import LegalRule


@extend_schema_field(OpenApiTypes.STR)
class ReceivedField(serializers.Field[date | datetime, str, str, Any]):
    """A date, or an ISO 8601 date and time (local time in the rule's jurisdiction if naive)."""

    default_error_messages = {
        "invalid": _("Enter a date (YYYY-MM-DD) or an ISO 8601 date and time."),
    }

    def to_internal_value(self, data: Any) -> date | datetime:
        try:
            return parse_received(str(data))
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value: date | datetime) -> str:
        return value.isoformat()


class CalculationQuerySerializer(serializers.Serializer[Any]):
    rule = serializers.SlugRelatedField(
        slug_field="rule_id",
        queryset=LegalRule.objects.select_related("instrument__jurisdiction"),
    )
    received = ReceivedField()
    registered = serializers.DateField(required=False, default=None)

    def validate_rule(self, rule: LegalRule) -> LegalRule:
        if not rule.has_period() or not rule.start_event:
            raise serializers.ValidationError(
                _("%(rule)s sets no period, so it has no due date to calculate.")
                % {"rule": rule.rule_id}
            )
        return rule


class JurisdictionDateTimeField(serializers.DateTimeField):
    """An aware datetime kept in its own offset (the jurisdiction's), not the server's zone."""

    def enforce_timezone(self, value: datetime) -> datetime:
        return value


class CalculationSerializer(serializers.Serializer[Any]):
    rule_id = serializers.CharField()
    title = serializers.CharField()
    period = serializers.CharField()
    start_date = serializers.DateField()
    nominal_date = serializers.DateField()
    due_date = serializers.DateField()
    ends_at = JurisdictionDateTimeField()
    trace = serializers.ListField(child=serializers.CharField())
    calendar_confirmed = serializers.BooleanField(
        help_text=_(
            "False when the count runs over a year whose decree on transferred days off is not "
            "loaded, or over a holiday whose date is estimated: the due date may change."
        )
    )
    calendar_reasons = serializers.ListField(
        child=serializers.CharField(), help_text=_("Why the calendar is not confirmed.")
    )


class DeadlineCalculatorView(generics.GenericAPIView[Any]):
    """The due date a legal rule sets for a request received at a given moment, with each step
    of the count in the language of the request (Accept-Language)."""

    permission_classes = (AllowAny,)
    serializer_class = CalculationSerializer
    pagination_class = None
    filter_backends = ()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "rule", str, required=True, description="Legal rule id, e.g. KZ.ATI.11.response."
            ),
            OpenApiParameter(
                "received",
                str,
                required=True,
                description=(
                    "Receipt: a date (YYYY-MM-DD) or an ISO 8601 date and time; without an "
                    "offset it is local time in the rule's jurisdiction."
                ),
            ),
            OpenApiParameter(
                "registered",
                date,
                description="Registration date, for rules counted from registration.",
            ),
        ],
        responses=CalculationSerializer,
    )
    def get(self, request: Request) -> Response:
        query = CalculationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            calculation = calculate_deadline(
                rule=query.validated_data["rule"],
                received=query.validated_data["received"],
                registered_on=query.validated_data["registered"],
                language=get_language() or "en",
            )
        except DomainError as error:
            raise serializers.ValidationError({"rule": [str(error)]}) from error
        return Response(CalculationSerializer(asdict(calculation)).data)
