"""The requests API's shapes: a request, its legal deadline, its timeline, letters and emails.

Input is validated by the pages' own forms (``forms.py``), not here: these serializers describe
the input for the schema and shape the output.
"""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request

from letters.contexts import LANGUAGES
from requests_tracker.accounts.models import Organization, User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.models import Letter
from requests_tracker.deadlines.trace import render_trace
from requests_tracker.information_requests.days_left import counts_days, days_left_of
from requests_tracker.information_requests.forms import RequestForm
from requests_tracker.information_requests.listing import body_today
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    EvidenceFile,
    InformationRequest,
    Step,
    SubmissionChannel,
    TimelineEvent,
    Visibility,
)
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.laws.models import LegalRule
from requests_tracker.reading.serializers import OpenSuggestionsField

RECORDABLE_KINDS = (
    EventKind.SUBMITTED,
    EventKind.REGISTERED,
    EventKind.EXTENDED,
    EventKind.FORWARDED,
    EventKind.CLARIFICATION_REQUESTED,
    EventKind.CLARIFICATION_PROVIDED,
    EventKind.ANSWERED,
    EventKind.PARTIALLY_ANSWERED,
    EventKind.REFUSED,
    EventKind.WITHDRAWN,
    EventKind.NOTE,
)


class LegalDeadlineSerializer(serializers.Serializer[Deadline]):
    """The request's legal deadline: the earliest one not superseded, with its days left."""

    rule = serializers.CharField(source="legal_rule.rule_id")
    due_date = serializers.DateField()
    ends_at = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=DeadlineState.choices)
    days_left = serializers.SerializerMethodField(
        help_text="Days to the due date in the rule's unit (negative once past); null when "
        "the deadline no longer counts (met, closed)."
    )
    unit = serializers.CharField(source="legal_rule.unit")
    days_left_text = serializers.SerializerMethodField()
    computation = serializers.SerializerMethodField(
        help_text="How the due date was computed, one sentence a step, in the user's language."
    )

    def _days_left(self, deadline: Deadline) -> Any:
        information_request = self.context["information_request"]
        if not counts_days(deadline, information_request):
            return None
        return days_left_of(deadline, today=body_today(information_request))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_days_left(self, deadline: Deadline) -> int | None:
        days_left = self._days_left(deadline)
        return None if days_left is None else days_left.days

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_days_left_text(self, deadline: Deadline) -> str | None:
        days_left = self._days_left(deadline)
        return None if days_left is None else days_left.text

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_computation(self, deadline: Deadline) -> list[str]:
        language = (translation.get_language() or "ru")[:2]
        return render_trace(deadline.trace_steps(), language)


class InformationRequestSerializer(serializers.ModelSerializer[InformationRequest]):
    """A request as a list shows it: what it asks, of whom, its status and its due date."""

    public_body = serializers.SlugRelatedField[PublicBody](slug_field="slug", read_only=True)
    public_body_name = serializers.CharField(source="public_body.name", read_only=True)
    legal_rules = serializers.SlugRelatedField[LegalRule](
        slug_field="rule_id", many=True, read_only=True
    )
    organization = serializers.PrimaryKeyRelatedField[Organization](read_only=True, allow_null=True)
    escalates = serializers.PrimaryKeyRelatedField[InformationRequest](
        read_only=True, allow_null=True
    )
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    step = serializers.ChoiceField(choices=Step.choices, read_only=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, read_only=True)
    language = serializers.ChoiceField(choices=list(LANGUAGES), read_only=True)
    legal_due_date = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = InformationRequest
        fields: tuple[str, ...] = (
            "id",
            "subject",
            "text",
            "language",
            "public_body",
            "public_body_name",
            "legal_rules",
            "organization",
            "step",
            "escalates",
            "status",
            "visibility",
            "legal_due_date",
            "created_at",
            "updated_at",
        )
        read_only_fields: tuple[str, ...] = fields


class InformationRequestDetailSerializer(InformationRequestSerializer):
    """A request with its legal deadline (null before the clock starts), and what was read in
    its replies not yet classified."""

    legal_deadline = serializers.SerializerMethodField()
    open_suggestions = OpenSuggestionsField()

    class Meta(InformationRequestSerializer.Meta):
        fields: tuple[str, ...] = (
            *InformationRequestSerializer.Meta.fields,
            "legal_deadline",
            "open_suggestions",
        )
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(LegalDeadlineSerializer(allow_null=True))
    def get_legal_deadline(self, information_request: InformationRequest) -> Any:
        deadline = self.context.get("legal_deadline")
        if deadline is None:
            return None
        context = {**self.context, "information_request": information_request}
        return LegalDeadlineSerializer(deadline, context=context).data


class DraftSerializer(serializers.Serializer[Any]):
    """A draft as filed (POST) or rewritten (PUT, PATCH): the filing form's fields, checked by
    the filing form itself, with the body named by its slug and the rules by their ids."""

    public_body = serializers.SlugField(help_text="The slug of an active public body.")
    legal_rules = serializers.ListField(
        child=serializers.CharField(), help_text="Rule ids in force on the day of receipt."
    )
    subject = serializers.CharField(max_length=300)
    text = serializers.CharField()
    language = serializers.ChoiceField(choices=list(LANGUAGES))
    organization = serializers.IntegerField(
        required=False, allow_null=True, help_text="One of your organisations, by id."
    )
    visibility = serializers.ChoiceField(
        choices=Visibility.choices, required=False, help_text="On creation only; default private."
    )
    received_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="For a request the body already received: the rules offered are those in "
        "force that day.",
    )


class VisibilityChangeSerializer(serializers.Serializer[Any]):
    confirmed_attachments = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Ids of the evidence files you confirm may be shown with the public form.",
    )


class UnpublishSerializer(serializers.Serializer[Any]):
    visibility = serializers.ChoiceField(
        choices=[Visibility.PRIVATE.value, Visibility.ORGANIZATION.value],
        required=False,
        help_text="Who sees it afterwards; default: only you.",
    )


class EvidenceFileSerializer(serializers.ModelSerializer[EvidenceFile]):
    url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ("id", "original_name", "content_type", "size", "sha256", "uploaded_at", "url")
        read_only_fields = fields

    def get_url(self, evidence: EvidenceFile) -> str:
        return reverse("api-v1:evidence-file", kwargs={"pk": evidence.pk})


class TimelineEventSerializer(serializers.ModelSerializer[TimelineEvent]):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    recorded_by = serializers.SlugRelatedField[User](
        slug_field="username", read_only=True, allow_null=True
    )
    evidence_files = EvidenceFileSerializer(many=True, read_only=True)

    class Meta:
        model = TimelineEvent
        fields = (
            "id",
            "kind",
            "occurred_at",
            "recorded_at",
            "recorded_by",
            "data",
            "note",
            "evidence_files",
        )
        read_only_fields = fields


class EventInputSerializer(serializers.Serializer[Any]):
    """One event, as multipart form data: the fields of the page's form for its kind, checked
    by that form (``forms.EVENT_FORMS``). Fields a kind does not take are ignored."""

    kind = serializers.ChoiceField(choices=[(kind.value, kind.label) for kind in RECORDABLE_KINDS])
    occurred_at = serializers.CharField(help_text="YYYY-MM-DDTHH:MM, in Asia/Almaty time.")
    note = serializers.CharField(required=False, allow_blank=True)
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="One or more evidence files."
    )
    channel = serializers.ChoiceField(
        choices=SubmissionChannel.choices, required=False, help_text="submitted: how it was sent."
    )
    registration_number = serializers.CharField(
        required=False, help_text="registered: the number the body gave."
    )
    new_due_date = serializers.DateField(required=False, help_text="extended: the body's date.")
    notified_on = serializers.DateField(
        required=False, help_text="extended: the day you were told."
    )
    to_body = serializers.SlugField(required=False, help_text="forwarded: the new body's slug.")
    received_at = serializers.CharField(
        required=False, help_text="forwarded: when the new body received it (YYYY-MM-DDTHH:MM)."
    )
    ground = serializers.CharField(required=False, help_text="refused: the ground cited.")


class LetterSummarySerializer(serializers.ModelSerializer[Letter]):
    language = serializers.ChoiceField(choices=list(LANGUAGES), read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ("id", "kind", "language", "content_sha256", "created_at", "url")
        read_only_fields = fields

    def get_url(self, letter: Letter) -> str:
        return reverse("api-v1:letter", kwargs={"pk": letter.pk})


class EmailSerializer(serializers.Serializer[Any]):
    """An email of the request: one sent to the body, or one received and filed on it."""

    id = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=["outgoing", "incoming"])
    at = serializers.DateTimeField(help_text="Sent (or queued) at, or received at.")
    subject = serializers.CharField()
    from_address = serializers.CharField()
    to_addresses = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    message_id = serializers.CharField()


# --- Input: the pages' forms read the API's data; errors said as the pages say them ---------

ERRORS = {
    400: OpenApiResponse(description="Invalid input: the message says why, field by field."),
    401: OpenApiResponse(description="No valid token or session."),
    404: OpenApiResponse(description="No such request, or not one you may see."),
    429: OpenApiResponse(description="Too many writes; Retry-After says when to retry."),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS[code] for code in codes}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def api_user(request: Request) -> User:
    assert isinstance(request.user, User)  # IsAuthenticated
    return request.user


def refused(error: DomainError) -> exceptions.ValidationError:
    return exceptions.ValidationError({"detail": [str(error)]})


def form_refused(form: forms.Form) -> exceptions.ValidationError:
    """The form's errors, field by field ("detail" for those of no field), in the user's
    language: what the page would show next to each field."""
    errors = {
        ("detail" if field == NON_FIELD_ERRORS else field): [str(m) for m in messages]
        for field, messages in form.errors.items()
    }
    return exceptions.ValidationError(errors)


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class InformationRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    step = django_filters.ChoiceFilter(choices=Step.choices)
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices)
    public_body = django_filters.CharFilter(
        field_name="public_body__slug", label=_("Public body (slug)")
    )
    created_year = YearFilter(
        field_name="created_at",
        lookup_expr="year",
        label=_("Year created"),
        min_value=2000,
        max_value=2100,
    )
    created_after = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("Created on or after")
    )
    created_before = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("Created on or before")
    )

    class Meta:
        model = InformationRequest
        fields = ("status", "step", "visibility", "public_body")


def draft_data(data: Any, *, current: InformationRequest | None = None) -> MultiValueDict[str, Any]:
    """The API's draft (JSON or form data) as the filing form reads a POST: the body by its id,
    each legal rule a value of ``legal_rules``. For a PATCH, what is not sent stays as it is."""
    values: MultiValueDict[str, Any] = MultiValueDict({"visibility": [Visibility.PRIVATE.value]})
    if current is not None:
        values.setlist("public_body", [current.public_body.slug])
        values.setlist("legal_rules", list(current.legal_rules.values_list("rule_id", flat=True)))
        for name in ("subject", "text", "language", "visibility"):
            values.setlist(name, [getattr(current, name)])
        if current.organization_id is not None:
            values.setlist("organization", [str(current.organization_id)])
    for name in ("public_body", "subject", "text", "language", "visibility", "received_on"):
        if name in data:
            value = data[name]
            values.setlist(name, ["" if value is None else str(value)])
    if "organization" in data:
        organization = data["organization"]
        values.setlist("organization", ["" if organization is None else str(organization)])
    if "legal_rules" in data:
        rules = data.getlist("legal_rules") if hasattr(data, "getlist") else data["legal_rules"]
        values.setlist(
            "legal_rules",
            [str(rule) for rule in rules] if isinstance(rules, list) else [str(rules)],
        )
    slug = values.get("public_body")
    if slug:
        # The form takes the body's id; a slug of no active body stays as it is, and the form
        # refuses it as it refuses any body not in its list.
        found = PublicBody.objects.active().filter(slug=slug).values_list("pk", flat=True).first()
        values.setlist("public_body", [str(found) if found is not None else slug])
    return values


def checked_draft(request: Request, current: InformationRequest | None = None) -> RequestForm:
    form = RequestForm(draft_data(request.data, current=current), user=api_user(request))
    if not form.is_valid():
        raise form_refused(form)
    return form
