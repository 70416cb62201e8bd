"""API for a request's email: send its letter to the body, download its evidence bundle."""

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_tracker.access.requests import Action, request_for
from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.mail.bundle import evidence_bundle
from requests_tracker.mail.models import OutgoingEmail
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
