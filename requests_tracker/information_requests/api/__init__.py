"""The requests API: a user's requests, filed and rewritten as drafts, published, their timeline
recorded with evidence, their letters and emails; the same access policy and the same checks as
the pages (``access/``, the pages' forms and services)."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_tracker.access.mail import readable_incoming, readable_outgoing
from requests_tracker.access.records import evidence_for, readable_events, readable_letters
from requests_tracker.access.requests import Action, readable_requests, request_for
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.cursor_pagination import KeysetPagination
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.dashboard_order import legal_deadlines
from requests_tracker.information_requests.drafts import NotADraftError, update_draft
from requests_tracker.information_requests.evidence import check_size
from requests_tracker.information_requests.forms import EVENT_FORMS
from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.publishing import change_visibility
from requests_tracker.information_requests.serializers import (
    RECORDABLE_KINDS,
    Conflict,
    DraftSerializer,
    EmailSerializer,
    EventInputSerializer,
    InformationRequestDetailSerializer,
    InformationRequestFilter,
    InformationRequestSerializer,
    LetterSummarySerializer,
    TimelineEventSerializer,
    UnpublishSerializer,
    VisibilityChangeSerializer,
    api_user,
    checked_draft,
    error_responses,
    form_refused,
    refused,
)
from requests_tracker.information_requests.services import (
    create_request,
    record_event_with_evidence,
)
from requests_tracker.information_requests.status import EventKind, Status


@extend_schema_view(
    list=extend_schema(responses={200: InformationRequestSerializer, **error_responses(400, 401)}),
)
class InformationRequestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Any]):
    """The requests you may read, newest first, by cursor (no count, so any page costs what the
    first does). Filters: status, step, visibility, public_body (slug), created_year,
    created_after and created_before (YYYY-MM-DD, Asia/Almaty); a value that means nothing is a
    400 saying why."""

    permission_classes = (IsAuthenticated,)
    serializer_class = InformationRequestSerializer
    filterset_class = InformationRequestFilter
    ordering_fields = ("id", "created_at")
    ordering = ("-id",)
    pagination_class = KeysetPagination
    parser_classes = (JSONParser, FormParser, MultiPartParser)

    def get_queryset(self) -> QuerySet[InformationRequest]:
        return (
            readable_requests(self.request.user)
            .select_related("public_body")
            .prefetch_related("legal_rules")
        )

    def _detail(self, information_request: InformationRequest, code: int = 200) -> Response:
        deadline = (
            legal_deadlines()
            .filter(information_request=information_request)
            .select_related("legal_rule")
            .first()
        )
        fresh = (
            InformationRequest.objects.select_related("public_body__jurisdiction")
            .prefetch_related("legal_rules")
            .get(pk=information_request.pk)
        )
        context = {**self.get_serializer_context(), "legal_deadline": deadline}
        return Response(
            InformationRequestDetailSerializer(fresh, context=context).data, status=code
        )

    @extend_schema(responses={200: InformationRequestDetailSerializer, **error_responses(401, 404)})
    def retrieve(self, request: Request, pk: int) -> Response:
        """One request with its legal deadline: due date, state, days left, the computation."""
        return self._detail(request_for(request.user, pk))

    @extend_schema(
        request=DraftSerializer,
        responses={201: InformationRequestDetailSerializer, **error_responses(400, 401, 429)},
    )
    def create(self, request: Request) -> Response:
        """File a draft: the filing form's fields and checks (the body by slug, the legal bases
        by rule id, in force on the day of receipt)."""
        user = api_user(request)
        form = checked_draft(request)
        try:
            with transaction.atomic():
                information_request = create_request(
                    requester=user,
                    organization=form.cleaned_data.get("organization"),
                    public_body=form.cleaned_data["public_body"],
                    legal_rules=form.cleaned_data["legal_rules"],
                    subject=form.cleaned_data["subject"],
                    text=form.cleaned_data["text"],
                    language=form.cleaned_data["language"],
                    created_at=timezone.now(),
                )
                if form.cleaned_data["visibility"] != Visibility.PRIVATE:
                    change_visibility(
                        information_request=information_request,
                        visibility=form.cleaned_data["visibility"],
                        user=user,
                        confirmed_attachments=[],
                    )
        except DomainError as error:
            raise refused(error) from error
        return self._detail(information_request, code=status.HTTP_201_CREATED)

    def _update(self, request: Request, pk: int) -> Response:
        information_request = request_for(request.user, pk, action=Action.CHANGE)
        if information_request.status != Status.DRAFT:
            raise Conflict(_not_a_draft(information_request))
        form = checked_draft(request, current=information_request)
        try:
            update_draft(
                information_request=information_request,
                public_body=form.cleaned_data["public_body"],
                legal_rules=form.cleaned_data["legal_rules"],
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
                language=form.cleaned_data["language"],
                organization=form.cleaned_data.get("organization"),
            )
        except NotADraftError as error:
            raise Conflict(str(error)) from error
        except DomainError as error:
            raise refused(error) from error
        return self._detail(information_request)

    @extend_schema(
        request=DraftSerializer,
        responses={
            200: InformationRequestDetailSerializer,
            409: OpenApiResponse(description="The request is no longer a draft."),
            **error_responses(400, 401, 404, 429),
        },
    )
    def update(self, request: Request, pk: int) -> Response:
        """Rewrite a draft, every field given (visibility changes by publish and unpublish)."""
        return self._update(request, pk)

    @extend_schema(
        request=DraftSerializer(partial=True),
        responses={
            200: InformationRequestDetailSerializer,
            409: OpenApiResponse(description="The request is no longer a draft."),
            **error_responses(400, 401, 404, 429),
        },
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        """Change some fields of a draft; the others stay."""
        return self._update(request, pk)

    @extend_schema(
        request=VisibilityChangeSerializer,
        responses={200: InformationRequestDetailSerializer, **error_responses(400, 401, 404, 429)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def publish(self, request: Request, pk: int) -> Response:
        """Show the request's public form to everyone (never its notes, letters or evidence
        unless confirmed); the owner's only."""
        payload = VisibilityChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._change_visibility(
            request,
            pk,
            Visibility.PUBLIC,
            payload.validated_data.get("confirmed_attachments", []),
        )

    @extend_schema(
        request=UnpublishSerializer,
        responses={200: InformationRequestDetailSerializer, **error_responses(400, 401, 404, 429)},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def unpublish(self, request: Request, pk: int) -> Response:
        """Take the public form down: only you (default), or your organisation, see it."""
        payload = UnpublishSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        visibility = payload.validated_data.get("visibility", Visibility.PRIVATE)
        return self._change_visibility(request, pk, Visibility(visibility), [])

    def _change_visibility(
        self, request: Request, pk: int, visibility: Visibility, confirmed: list[int]
    ) -> Response:
        information_request = request_for(request.user, pk, action=Action.PUBLISH)
        try:
            change_visibility(
                information_request=information_request,
                visibility=visibility,
                user=api_user(request),
                confirmed_attachments=confirmed,
            )
        except DomainError as error:
            raise refused(error) from error
        return self._detail(information_request)

    @extend_schema(
        methods=["GET"],
        responses={200: TimelineEventSerializer(many=True), **error_responses(401, 404)},
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": EventInputSerializer},
        responses={201: TimelineEventSerializer, **error_responses(400, 401, 404, 429)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=(MultiPartParser, FormParser),
        pagination_class=None,
        filter_backends=[],
    )
    def events(self, request: Request, pk: int) -> Response:
        """The timeline, oldest first, with each event's evidence files (GET); record one event
        with its evidence files (POST, multipart), with the request page's form for its kind and
        the same checks: nothing in the future, nothing out of order, files of a kept type."""
        if request.method == "POST":
            return self._record(request, pk)
        information_request = request_for(request.user, pk)
        events = (
            readable_events(request.user)
            .filter(information_request=information_request)
            .select_related("recorded_by")
            .prefetch_related("evidence_files")
            .order_by("occurred_at", "id")
        )
        return Response(TimelineEventSerializer(events, many=True).data)

    def _record(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        information_request = request_for(user, pk, action=Action.CHANGE)
        kind = request.data.get("kind", "")
        if kind not in {recordable.value for recordable in RECORDABLE_KINDS}:
            raise exceptions.ValidationError(
                {"kind": [_("Choose one of: %(kinds)s.") % {"kinds": _kinds()}]}
            )
        event_kind = EventKind(kind)
        data = request.data.copy()
        if data.get("to_body"):  # the form takes the new body's id
            found = PublicBody.objects.active().filter(slug=data["to_body"]).first()
            data["to_body"] = str(found.pk) if found is not None else data["to_body"]
        uploads = request.FILES.getlist("evidence")
        files = MultiValueDict({"evidence": uploads[:1]}) if uploads else MultiValueDict()
        form = EVENT_FORMS[event_kind](data, files)
        if not form.is_valid():
            raise form_refused(form)
        try:
            contents = []
            for upload in uploads:
                check_size(name=upload.name or "", size=upload.size or 0)  # before reading it
                contents.append((upload.name or "", upload.read()))
            event = record_event_with_evidence(
                information_request=information_request,
                kind=event_kind,
                occurred_at=form.cleaned_data["occurred_at"],
                recorded_by=user,
                data=form.event_data(),
                note=form.cleaned_data["note"],
                uploads=contents,
            )
        except DomainError as error:
            raise refused(error) from error
        recorded = (
            readable_events(user)
            .select_related("recorded_by")
            .prefetch_related("evidence_files")
            .get(pk=event.pk)
        )
        return Response(TimelineEventSerializer(recorded).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: LetterSummarySerializer(many=True), **error_responses(401, 404)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def letters(self, request: Request, pk: int) -> Response:
        """The letters produced for the request, oldest first; each downloads from its url."""
        information_request = request_for(request.user, pk)
        letters = (
            readable_letters(request.user)
            .filter(information_request=information_request)
            .order_by("created_at", "id")
        )
        return Response(LetterSummarySerializer(letters, many=True).data)

    @extend_schema(responses={200: EmailSerializer(many=True), **error_responses(401, 404)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def emails(self, request: Request, pk: int) -> Response:
        """The emails sent to the body and those received and filed on the request, in time
        order."""
        information_request = request_for(request.user, pk)
        outgoing = [
            {
                "id": email.pk,
                "direction": "outgoing",
                "at": email.sent_at or email.created_at,
                "subject": email.subject,
                "from_address": email.from_header,
                "to_addresses": [email.to_address],
                "status": email.status,
                "message_id": email.message_id,
            }
            for email in readable_outgoing(request.user).filter(
                information_request=information_request
            )
        ]
        incoming = [
            {
                "id": email.pk,
                "direction": "incoming",
                "at": email.received_at,
                "subject": email.subject,
                "from_address": email.from_address,
                "to_addresses": [str(address) for address in email.to_addresses],
                "status": email.status,
                "message_id": email.message_id,
            }
            for email in readable_incoming(request.user).filter(
                information_request=information_request
            )
        ]
        emails = sorted(
            [*outgoing, *incoming], key=lambda row: (row["at"], row["direction"], row["id"])
        )
        return Response(EmailSerializer(emails, many=True).data)


def _kinds() -> str:
    return ", ".join(kind.value for kind in RECORDABLE_KINDS)


def _not_a_draft(information_request: InformationRequest) -> str:
    return str(
        _("Only a draft can be changed: this request is “%(status)s”.")
        % {"status": Status(information_request.status).label}
    )


class EvidenceFileView(APIView):
    """An evidence file as it was uploaded, for whoever may read its request."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.BINARY), **error_responses(401, 404)}
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        evidence = evidence_for(request.user, pk)
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )
