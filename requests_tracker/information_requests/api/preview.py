"""The public form of a request before it is published, for its owner: what the public page
will show (personal data removed) and how each file stands, so that a script previews what the
page's preview shows before it calls ``publish`` with the files it confirms."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_tracker.access.requests import Action, request_for
from requests_tracker.information_requests.public_version import (
    AttachmentState,
    PublicAttachment,
    PublicEvent,
    public_version,
)
from requests_tracker.information_requests.serializers import error_responses


class PublicAttachmentSerializer(serializers.Serializer[PublicAttachment]):
    id = serializers.IntegerField(source="evidence.pk")
    name = serializers.CharField(help_text="The file's name, personal data removed.")
    state = serializers.ChoiceField(
        choices=[
            AttachmentState.CLEAN,
            AttachmentState.TEXT_ONLY,
            AttachmentState.CONFIRMED,
            AttachmentState.WITHHELD,
        ],
        help_text=(
            "clean: read, no personal data, published; text_only: read, personal data found, "
            "only its text is shown, redacted; confirmed: could not be read, published because "
            "you confirmed it; withheld: could not be read, not published unless you confirm it."
        ),
    )
    is_published = serializers.BooleanField()
    needs_confirmation = serializers.BooleanField()
    text = serializers.CharField(help_text="Its text as shown, redacted; empty when withheld.")


class PublicDetailSerializer(serializers.Serializer[tuple[str, str]]):
    """One detail of an event as the public page labels it ("Registration number": "…")."""

    name = serializers.CharField(help_text="The detail's label, in the caller's language.")
    value = serializers.CharField()

    def to_representation(self, instance: tuple[str, str]) -> dict[str, str]:
        name, value = instance
        return {"name": str(name), "value": value}


class PublicEventSerializer(serializers.Serializer[PublicEvent]):
    kind = serializers.CharField(source="event.kind")
    kind_label = serializers.CharField(source="event.get_kind_display")
    occurred_at = serializers.DateTimeField(source="event.occurred_at")
    details = PublicDetailSerializer(many=True)
    reply_subject = serializers.CharField()
    reply_text = serializers.CharField()
    attachments = PublicAttachmentSerializer(many=True)


class PublicVersionSerializer(serializers.Serializer[Any]):
    subject = serializers.CharField()
    questions = serializers.CharField()
    letter = serializers.CharField()
    letter_date = serializers.DateTimeField(allow_null=True)
    show_requester_name = serializers.BooleanField(source="information_request.show_requester_name")
    events = PublicEventSerializer(many=True)


class PublicPreviewView(APIView):
    """The request as its public page shows it, or will once published: subject, questions,
    the letter sent and the timeline with the body's replies, the requester's personal data
    removed, and each file with its state. The owner's only (whoever may publish it); changes
    nothing."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PublicVersionSerializer, **error_responses(401, 404)})
    def get(self, request: Request, pk: int) -> Response:
        information_request = request_for(request.user, pk, action=Action.PUBLISH)
        return Response(PublicVersionSerializer(public_version(information_request)).data)
