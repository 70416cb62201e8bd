"""API for letters: preview and download in each format, escalate, and staff templates."""

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from letters.contexts import LANGUAGES, LetterKind
from letters.environment import LetterTemplateError
from letters.render import render_docx, render_html, render_pdf
from requests_tracker.access.api import LetterTemplatePermission
from requests_tracker.access.records import letter_for
from requests_tracker.access.requests import Action, request_for
from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.models import LETTER_KIND_CHOICES, LetterTemplate
from requests_tracker.correspondence.services import (
    escalate_once,
    save_letter_template,
    validate_template_source,
)
from requests_tracker.correspondence.template_errors import explain
from requests_tracker.information_requests.models import Step
from requests_tracker.mail.letters import shown_letter

FORMATS = ("text", "html", "pdf", "docx")
FORMAT_PARAMETER = OpenApiParameter(
    "as", str, enum=FORMATS, description="text (default), html, pdf or docx"
)


def letter_response(text: str, *, fmt: str, language: str, name: str) -> HttpResponse:
    if fmt == "html":
        return HttpResponse(render_html(text, language=language), content_type="text/html")
    if fmt == "pdf":
        response = HttpResponse(render_pdf(text, title=name), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if fmt == "docx":
        response = HttpResponse(
            render_docx(text, title=name),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        return response
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def _format(request: Request) -> str:
    fmt = request.query_params.get("as", "text")
    if fmt not in FORMATS:
        raise serializers.ValidationError({"as": [_("Choose text, html, pdf or docx.")]})
    return fmt


class LetterPreviewView(APIView):
    """The letter of a request as the page shows it, in any format: the stored letter once one
    was sent or produced (with its SHA-256), else as it would be sent now (nothing is stored)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[FORMAT_PARAMETER], responses={200: OpenApiResponse(OpenApiTypes.BINARY)}
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        fmt = _format(request)
        information_request = request_for(request.user, pk)
        try:
            letter = shown_letter(information_request=information_request, now=timezone.now())
        except DomainError as error:
            raise serializers.ValidationError({"detail": [str(error)]}) from error
        response = letter_response(
            letter.text,
            fmt=fmt,
            language=letter.language,
            name=f"{letter.kind}-{information_request.pk}",
        )
        response["X-Template-Version"] = letter.template_version
        if letter.letter is not None:
            response["X-Content-SHA256"] = letter.letter.content_sha256
        return response


class StoredLetterView(APIView):
    """A letter as it was produced, in any format; its SHA-256 proves the text."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[FORMAT_PARAMETER], responses={200: OpenApiResponse(OpenApiTypes.BINARY)}
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        fmt = _format(request)
        letter = letter_for(request.user, pk)
        response = letter_response(
            letter.text, fmt=fmt, language=letter.language, name=f"{letter.kind}-{letter.pk}"
        )
        response["X-Content-SHA256"] = letter.content_sha256
        return response


class EscalationSerializer(serializers.Serializer[Any]):
    step = serializers.ChoiceField(choices=[Step.COMPLAINT.value, Step.PROSECUTOR_APPEAL.value])


class EscalationResultSerializer(serializers.Serializer[Any]):
    request_id = serializers.IntegerField()
    addressee = serializers.CharField()
    letter_id = serializers.IntegerField()
    letter_sha256 = serializers.CharField()


class EscalateView(APIView):
    """The next step for a refusal or a silence: a new tracked request with its letter (201), or
    the one made by an earlier post for the same step (200)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        request=EscalationSerializer,
        responses={201: EscalationResultSerializer, 200: EscalationResultSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        information_request = request_for(request.user, pk, action=Action.CHANGE)
        payload = EscalationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        assert isinstance(request.user, User)  # IsAuthenticated
        try:
            escalation = escalate_once(
                information_request=information_request,
                step=Step(payload.validated_data["step"]),
                user=request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            raise serializers.ValidationError({"detail": [str(error)]}) from error
        result = {
            "request_id": escalation.appeal.pk,
            "addressee": escalation.appeal.public_body.name,
            "letter_id": escalation.letter.pk,
            "letter_sha256": escalation.letter.content_sha256,
        }
        # A repeated post answers with the appeal made first.
        code = status.HTTP_201_CREATED if escalation.created else status.HTTP_200_OK
        return Response(EscalationResultSerializer(result).data, status=code)


class LetterTemplateSerializer(serializers.ModelSerializer[LetterTemplate]):
    class Meta:
        model = LetterTemplate
        fields = (
            "id",
            "kind",
            "language",
            "version",
            "source",
            "is_active",
            "change_note",
            "created_at",
        )
        read_only_fields = ("id", "version", "is_active", "created_at")
        # Saving adds a version (the service numbers it), so uniqueness is not the input's concern.
        validators: list[Any] = []


class TemplatePreviewSerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # Declared here: a class attribute named "source" would shadow Field.source.
        return {
            "kind": serializers.ChoiceField(choices=LETTER_KIND_CHOICES),
            "language": serializers.ChoiceField(choices=list(LANGUAGES)),
            "source": serializers.CharField(trim_whitespace=False),
        }


class TemplatePreviewResultSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()


class LetterTemplateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[LetterTemplate],
):
    """Staff-edited templates. Saving creates a new version; a template is validated first."""

    permission_classes = (LetterTemplatePermission,)
    queryset = LetterTemplate.objects.all()
    serializer_class = LetterTemplateSerializer
    filterset_fields = ("kind", "language", "is_active")

    @extend_schema(request=TemplatePreviewSerializer, responses=TemplatePreviewResultSerializer)
    @action(detail=False, methods=["post"])
    def preview(self, request: Request) -> Response:
        """The template rendered against a full sample request; nothing is saved."""
        payload = TemplatePreviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        kind, language = (
            LetterKind(payload.validated_data["kind"]),
            payload.validated_data["language"],
        )
        try:
            text = validate_template_source(
                payload.validated_data["source"], kind=kind, language=language
            )
        except LetterTemplateError as error:
            raise serializers.ValidationError({"source": [explain(error)]}) from error
        return Response(TemplatePreviewResultSerializer({"text": text}).data)

    def perform_create(self, serializer: serializers.BaseSerializer[LetterTemplate]) -> None:
        data = serializer.validated_data
        assert isinstance(self.request.user, User)
        try:
            serializer.instance = save_letter_template(
                kind=LetterKind(data["kind"]),
                language=data["language"],
                source=data["source"],
                user=self.request.user,
                change_note=data.get("change_note", ""),
            )
        except LetterTemplateError as error:
            raise serializers.ValidationError({"source": [explain(error)]}) from error
