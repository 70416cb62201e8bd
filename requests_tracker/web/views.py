"""The pages: dashboard, filing a request, the request page and its actions, public pages."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from requests_tracker.access.requests import (
    can_change,
    request_for,
    signed_in_user,
    visible_requests,
)
from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.core.forms import flash_form_errors
from requests_tracker.core.idempotency import idempotent
from requests_tracker.correspondence.services import LetterText, escalate, shown_letter
from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.trace import render_trace
from requests_tracker.information_requests.clock import days_left_for
from requests_tracker.information_requests.evidence import check_size
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    InformationRequest,
    Step,
    TimelineEvent,
    Visibility,
)
from requests_tracker.information_requests.services import (
    attach_evidence,
    create_request,
    record_event,
)
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.information_requests.submission import pending_posting
from requests_tracker.mail.models import OutgoingEmail
from requests_tracker.mail.outgoing import REQUEST_INTENT
from requests_tracker.web.channel_views import (
    E_OTINISH_URL,
    channel_forms,
    offered_channels,
    timeline,
)
from requests_tracker.web.forms import (
    EVENT_FORMS,
    DashboardFilterForm,
    RequestForm,
    VisibilityForm,
    offered_events,
)

ESCALATE_FROM = (Status.OVERDUE, Status.REFUSED, Status.PARTIALLY_ANSWERED)
# What a reply received by email may turn out to be, once the requester has read it.
CLASSIFYING_KINDS = (
    EventKind.ANSWERED,
    EventKind.PARTIALLY_ANSWERED,
    EventKind.REFUSED,
    EventKind.FORWARDED,
    EventKind.EXTENDED,
    EventKind.CLARIFICATION_REQUESTED,
)


def _today(information_request: InformationRequest) -> date:
    time_zone = ZoneInfo(information_request.public_body.jurisdiction.time_zone)
    return timezone.now().astimezone(time_zone).date()


@dataclass(frozen=True)
class DashboardRow:
    information_request: InformationRequest
    deadline: Deadline | None
    days_left: int | None

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def sort_key(self) -> tuple[int, date, int]:
        overdue = self.information_request.status == Status.OVERDUE
        due = self.deadline.due_date if self.deadline else date.max
        return (0 if overdue else 1 if self.deadline else 2, due, -self.information_request.pk)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My requests (or my organisation's), overdue first, then by their legal deadline."""
    user = signed_in_user(request)
    filters = DashboardFilterForm(request.GET or None)
    scope = request.GET.get("scope", "mine")
    queryset = visible_requests(user)
    if scope != "organization":
        queryset = queryset.filter(requester=user)
    queryset = queryset.select_related("public_body__jurisdiction").prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.select_related("legal_rule"))
    )
    if request.GET:
        queryset = filters.requests(queryset)
    rows = []
    calendars: dict[tuple[int, int, int], WorkingCalendar] = {}  # built once per jurisdiction
    for information_request in queryset:
        legal = next(
            (
                d
                for d in information_request.deadlines.all()
                if d.is_legal_deadline and d.state != DeadlineState.SUPERSEDED
            ),
            None,
        )
        days_left = (
            days_left_for(legal, today=_today(information_request), calendars=calendars)
            if legal is not None and legal.state == DeadlineState.RUNNING
            else None
        )
        rows.append(DashboardRow(information_request, legal, days_left))
    rows.sort(key=lambda row: row.sort_key)
    return render(request, "web/dashboard.html", {"rows": rows, "filters": filters, "scope": scope})


@login_required
@idempotent
def request_new(request: HttpRequest) -> HttpResponse:
    """The filing form: body, legal basis, questions. The request is kept as a draft."""
    user = signed_in_user(request)
    form = RequestForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("attachment")
        try:
            with transaction.atomic():
                information_request = _file(form, user, upload)
        except DomainError as error:
            form.add_error("attachment" if upload is not None else None, str(error))
        else:
            messages.success(request, _("Draft saved. Check the letter, then send it."))
            return redirect("request-detail", pk=information_request.pk)
    return render(request, "web/request_form.html", {"form": form})


def _file(form: RequestForm, user: User, upload: UploadedFile | None) -> InformationRequest:
    """The draft and its attachment, together or not at all."""
    if upload is not None:
        check_size(name=upload.name or "", size=upload.size or 0)
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
    InformationRequest.objects.filter(pk=information_request.pk).update(
        visibility=form.cleaned_data["visibility"]
    )
    if upload is not None:
        attach_evidence(
            event=information_request.events.get(), name=upload.name or "", content=upload.read()
        )
    return information_request


def unclassified_replies(information_request: InformationRequest) -> list[TimelineEvent]:
    """Replies received by email and not yet followed by an event saying what they were."""
    last_classified = information_request.events.filter(kind__in=CLASSIFYING_KINDS).aggregate(
        last=Max("id")
    )["last"]
    return list(
        information_request.events.filter(
            kind=EventKind.REPLY_RECEIVED, id__gt=last_classified or 0
        ).select_related("incoming_email")
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Deadlines with their computation and days left, the letter, the timeline, the actions."""
    user = signed_in_user(request)
    information_request = request_for(user, pk)
    language = (translation.get_language() or "ru")[:2]
    today = _today(information_request)
    calendars: dict[tuple[int, int, int], WorkingCalendar] = {}
    deadlines = [
        {
            "deadline": deadline,
            "rule_title": deadline.legal_rule.title,
            "trace": render_trace(deadline.trace_steps(), language),
            "days_left": days_left_for(deadline, today=today, calendars=calendars)
            if deadline.state == DeadlineState.RUNNING
            else None,
        }
        for deadline in information_request.deadlines.select_related("legal_rule").order_by(
            "kind", "-is_legal_deadline", "state", "due_date", "id"
        )
    ]
    status = Status(information_request.status)
    editable = can_change(user, information_request)
    # The same letter as the downloads and the email: stored once produced, else rendered now.
    letter: LetterText | None = None
    letter_error = ""
    try:
        letter = shown_letter(information_request=information_request, now=timezone.now())
    except DomainError as error:
        letter_error = str(error)
    return render(
        request,
        "web/request_detail.html",
        {
            "information_request": information_request,
            "deadlines": deadlines,
            "events": timeline(information_request),
            "letter": letter.text if letter else "",
            "letter_version": letter.template_version if letter else "",
            "letter_template_number": letter.template.version
            if letter and letter.template
            else None,
            "letter_sha256": letter.letter.content_sha256 if letter and letter.letter else "",
            "letter_error": letter_error,
            "editable": editable,
            "event_forms": [
                (kind.value, kind.label, EVENT_FORMS[kind](prefix=kind.value))
                for kind in offered_events(status)
            ]
            if editable
            else [],
            "visibility_form": VisibilityForm(
                initial={"visibility": information_request.visibility}
            ),
            "can_escalate": editable
            and status in ESCALATE_FROM
            and information_request.step in (Step.REQUEST, Step.COMPLAINT),
            "superior_body": information_request.public_body.superior_body,
            "escalations": information_request.escalations.select_related("public_body"),
            "unclassified_replies": unclassified_replies(information_request),
            "classifying_kinds": [kind.value for kind in CLASSIFYING_KINDS],
            "can_send_email": editable
            and bool(information_request.public_body.email)
            and not OutgoingEmail.objects.filter(
                information_request=information_request, intent=REQUEST_INTENT
            ).exists(),
            "emails": information_request.outgoing_emails.order_by("created_at", "id"),
            "channels": offered_channels(information_request) if status == Status.DRAFT else [],
            "pending_posting": pending_posting(information_request),
            "e_otinish_url": E_OTINISH_URL,
            **(channel_forms() if editable and status == Status.DRAFT else {}),
        },
    )


@login_required
@require_POST
@idempotent
def record(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Record one event with its evidence; a refused file or event changes nothing."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, change=True)
    try:
        event_kind = EventKind(kind)
        form_class = EVENT_FORMS[event_kind]
    except (ValueError, KeyError) as error:
        raise Http404 from error
    form = form_class(request.POST, request.FILES, prefix=kind)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("request-detail", pk=pk)
    upload = form.cleaned_data.get("evidence")
    try:
        with transaction.atomic():
            event = record_event(
                information_request=information_request,
                kind=event_kind,
                occurred_at=form.cleaned_data["occurred_at"],
                recorded_by=user,
                data=form.event_data(),
                note=form.cleaned_data["note"],
            )
            if upload is not None:
                check_size(name=upload.name, size=upload.size)  # before reading it
                attach_evidence(event=event, name=upload.name, content=upload.read())
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded: %(event)s.") % {"event": event_kind.label})
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
@idempotent
def change_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    information_request = request_for(signed_in_user(request), pk, change=True)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        InformationRequest.objects.filter(pk=information_request.pk).update(
            visibility=form.cleaned_data["visibility"]
        )
        messages.success(request, _("Visibility changed."))
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
@idempotent
def escalate_request(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One click from a refusal or a silence to the next letter of the ladder."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, change=True)
    try:
        appeal, _letter = escalate(
            information_request=information_request, step=Step(step), user=user, now=timezone.now()
        )
    except (DomainError, ValueError) as error:
        messages.error(request, str(error))
        return redirect("request-detail", pk=pk)
    ready = (
        _("Your complaint to %(body)s is ready: download it, sign it and send it.")
        if appeal.step == Step.COMPLAINT
        else _("Your appeal to %(body)s is ready: download it, sign it and send it.")
    )
    messages.success(request, ready % {"body": appeal.public_body.name})
    return redirect("request-detail", pk=appeal.pk)


# --- Public pages -------------------------------------------------------------------------------


def public_requests(request: HttpRequest) -> HttpResponse:
    published = (
        InformationRequest.objects.filter(visibility=Visibility.PUBLIC)
        .select_related("public_body")
        .order_by("-created_at")[:200]
    )
    return render(request, "web/public_list.html", {"requests": published})


def public_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A published request without the requester's personal data."""
    information_request = get_object_or_404(
        InformationRequest.objects.select_related("public_body"),
        pk=pk,
        visibility=Visibility.PUBLIC,
    )
    return render(
        request,
        "web/public_detail.html",
        {
            "information_request": information_request,
            "events": information_request.events.exclude(kind=EventKind.NOTE),
            "deadline": information_request.deadlines.filter(is_legal_deadline=True)
            .exclude(state=DeadlineState.SUPERSEDED)
            .first(),
        },
    )
