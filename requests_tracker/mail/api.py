"""API for email: send a request's letter to the body, download its evidence bundle; and the
holding queue of received messages, which NGO staff file on a request or discard."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_tracker.access import mail as mail_policy
from requests_tracker.access.api_dataset import HeldMessagePermission
from requests_tracker.access.requests import Action, request_for
from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.mail.bundle import evidence_bundle
from requests_tracker.mail.incoming import assign_incoming, discard_incoming
from requests_tracker.mail.models import IncomingEmail, IncomingStatus, OutgoingEmail
from requests_tracker.mail.outgoing import INTENTS, REQUEST_INTENT, queue_request_email


class SendEmailSerializer(serializers.Serializer[Any]):
    intent = serializers.ChoiceField(choices=list(INTENTS), default=REQUEST_INTENT)


class OutgoingEmailSerializer(serializers.ModelSerializer[OutgoingEmail]):
    class Meta:
        model = OutgoingEmail
        fields = (
            "id",
            "intent",
            "status",
            "message_id",
            "to_address",
            "subject",
            "attempts",
            "last_error",
            "next_attempt_at",
            "created_at",
            "sent_at",
        )
        read_only_fields = fields


class SendEmailView(APIView):
    """Queue the request's letter for sending to the body; the same intent is sent only once."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(request=SendEmailSerializer, responses={202: OutgoingEmailSerializer})
    def post(self, request: Request, pk: int) -> Response:
        assert isinstance(request.user, User)  # IsAuthenticated
        information_request = request_for(request.user, pk, action=Action.CHANGE)
        payload = SendEmailSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            outgoing = queue_request_email(
                information_request=information_request,
                intent=payload.validated_data["intent"],
                user=request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            raise serializers.ValidationError({"detail": [str(error)]}) from error
        return Response(OutgoingEmailSerializer(outgoing).data, status=status.HTTP_202_ACCEPTED)


class EvidenceBundleView(APIView):
    """The request's evidence as a ZIP: emails, letters, files, and a manifest of SHA-256 hashes."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="ZIP with manifest.json"
            )
        }
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        information_request = request_for(request.user, pk)
        response = HttpResponse(
            evidence_bundle(information_request=information_request),
            content_type="application/zip",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="request-{information_request.pk}-evidence.zip"'
        )
        return response


# --- The holding queue (NGO staff) --------------------------------------------------------------


class HeldMessageSerializer(serializers.ModelSerializer[IncomingEmail]):
    """A received message the tracker could not file on a request (or that staff discarded)."""

    class Meta:
        model = IncomingEmail
        fields = (
            "id",
            "message_id",
            "received_at",
            "source",
            "from_address",
            "to_addresses",
            "subject",
            "text_body",
            "is_auto_reply",
            "match",
            "status",
            "suggested_request",
            "information_request",
            "size",
            "sha256",
        )
        read_only_fields = fields


class FileHeldMessageSerializer(serializers.Serializer[Any]):
    information_request = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        help_text="The request to file it on; the suggested request when left out.",
    )
    confirm_owner = serializers.BooleanField(
        default=False,
        help_text="Required for a request of another user: its owner will read the message.",
    )


class HeldMessageFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[
            (IncomingStatus.HELD, IncomingStatus.HELD.label),
            (IncomingStatus.DISCARDED, IncomingStatus.DISCARDED.label),
        ],
        label=gettext_lazy("Status"),
    )

    class Meta:
        model = IncomingEmail
        fields = ("status",)


class HeldMessageViewSet(viewsets.ReadOnlyModelViewSet[IncomingEmail]):
    """The holding queue of received email, for NGO staff: messages filed on no request.

    ``file`` files one on a request (the suggested one by default) exactly as a matched reply is
    filed: the requester is told. A request of another user needs ``confirm_owner``, since its
    owner will read the message; ``discard`` takes a stray out of the queue (the raw message is
    kept). Filter: status (held, discarded). Newest first.
    """

    permission_classes = (HeldMessagePermission,)
    serializer_class = HeldMessageSerializer
    filterset_class = HeldMessageFilter
    ordering_fields = ("received_at", "id")
    ordering = ("-received_at", "-id")

    def get_queryset(self) -> QuerySet[IncomingEmail]:
        return mail_policy.readable_incoming(self.request.user).filter(
            information_request__isnull=True
        )

    def _to_handle(self) -> IncomingEmail:
        incoming = self.get_object()
        handled = mail_policy.changeable_incoming(self.request.user).filter(pk=incoming.pk).first()
        if handled is None:  # not in the queue: read it, but nothing to do
            raise NotFound
        return handled

    @extend_schema(request=FileHeldMessageSerializer, responses={200: HeldMessageSerializer})
    @action(detail=True, methods=["post"], url_path="file", url_name="file")
    def file_message(self, request: Request, pk: str) -> Response:
        assert isinstance(request.user, User)  # the permission
        incoming = self._to_handle()
        payload = FileHeldMessageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        request_id = payload.validated_data.get(
            "information_request", incoming.suggested_request_id
        )
        if request_id is None:
            raise serializers.ValidationError(
                {"information_request": [_("This message has no suggested request: name one.")]}
            )
        target = (
            InformationRequest.objects.select_related("requester").filter(pk=request_id).first()
        )
        if target is None:
            raise serializers.ValidationError(
                {"information_request": [_("There is no request with this id.")]}
            )
        if (
            mail_policy.filing_needs_owner_warning(request.user, target)
            and not payload.validated_data["confirm_owner"]
        ):
            owner = target.requester
            raise serializers.ValidationError(
                {
                    "confirm_owner": [
                        _(
                            "Request %(request)d is %(owner)s's (%(username)s): they will be told "
                            "and read the message. Confirm to file it there."
                        )
                        % {
                            "request": target.pk,
                            "owner": owner.get_full_name() or owner.username,
                            "username": owner.username,
                        }
                    ]
                }
            )
        try:
            filed = assign_incoming(
                incoming=incoming, information_request=target, user=request.user, now=timezone.now()
            )
        except DomainError as error:
            raise serializers.ValidationError({"detail": [str(error)]}) from error
        return Response(HeldMessageSerializer(filed).data)

    @extend_schema(request=None, responses={200: HeldMessageSerializer})
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, pk: str) -> Response:
        assert isinstance(request.user, User)  # the permission
        incoming = self._to_handle()
        try:
            discarded = discard_incoming(incoming=incoming, user=request.user)
        except DomainError as error:
            raise serializers.ValidationError({"detail": [str(error)]}) from error
        return Response(HeldMessageSerializer(discarded).data)
