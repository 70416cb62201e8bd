"""A reply's open suggestion as the request's API shows it: read-only, decided on the page."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.status import EventKind
from requests_tracker.reading.models import Suggestion, SuggestionState


class SuggestionSerializer(serializers.ModelSerializer[Suggestion]):
    """What the tracker read in a reply: the event it suggests, the values it read and the
    sentence each came from (``file``: the evidence file's id, null for the message)."""

    reply = serializers.PrimaryKeyRelatedField[Any](source="event", read_only=True)
    kind = serializers.ChoiceField(choices=EventKind.choices, read_only=True)
    values = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()

    class Meta:
        model = Suggestion
        fields = ("id", "reply", "kind", "values", "sources", "language", "computed_at")
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_values(self, suggestion: Suggestion) -> dict[str, Any]:
        return dict(suggestion.values)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_sources(self, suggestion: Suggestion) -> dict[str, Any]:
        return dict(suggestion.sources)


@extend_schema_field(SuggestionSerializer(many=True))
class OpenSuggestionsField(serializers.Field):
    """A request's open suggestions, read in its replies not yet classified, oldest first."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: InformationRequest) -> Any:
        suggestions = Suggestion.objects.filter(
            event__information_request=value, state=SuggestionState.OPEN
        ).order_by("event__occurred_at", "event_id")
        return SuggestionSerializer(suggestions, many=True).data
