"""The request page: deadlines and how each was computed, the letter, the timeline, actions."""

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from requests_tracker.access.requests import can_change, can_publish, request_for
from requests_tracker.access.users import signed_in_user
from requests_tracker.bodies.routes import complaint_addressee, prosecutor_for
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.services import LetterText
from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.trace import render_trace
from requests_tracker.information_requests.clock import read_facts
from requests_tracker.information_requests.clock.replies import (
    CLASSIFYING_KINDS,
    unclassified_replies,
)
from requests_tracker.information_requests.days_left import counts_days, days_left_of
from requests_tracker.information_requests.forms import EVENT_FORMS, VisibilityForm, offered_events
from requests_tracker.information_requests.listing import body_today
from requests_tracker.information_requests.models import (
    InformationRequest,
    Step,
    SubmissionChannel,
)
from requests_tracker.information_requests.status import Status
from requests_tracker.information_requests.submission import pending_posting
from requests_tracker.information_requests.views.channels import (
    E_OTINISH_URL,
    channel_forms,
    offered_channels,
    timeline,
)
from requests_tracker.mail.letters import shown_letter
from requests_tracker.mail.models import OutgoingEmail
from requests_tracker.mail.outgoing import REQUEST_INTENT, idempotency_key, resend_key

ESCALATE_FROM = (Status.OVERDUE, Status.REFUSED, Status.PARTIALLY_ANSWERED)


def undelivered_email(information_request: InformationRequest) -> dict[str, Any] | None:
    """The bounced email that carried the request, when it never reached the body, and its
    sending again (None until queued)."""
    time_zone = ZoneInfo(information_request.public_body.jurisdiction.time_zone)
    facts = read_facts(information_request.events.order_by("occurred_at", "id"), time_zone)
    if not facts.not_delivered or facts.submitted_email is None:
        return None
    bounced = OutgoingEmail.objects.filter(pk=facts.submitted_email).first()
    if bounced is None:
        return None
    resend = OutgoingEmail.objects.filter(
        idempotency_key=idempotency_key(information_request, resend_key(bounced))
    ).first()
    return {"email": bounced, "resend": resend}


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Deadlines with their computation and days left, the letter, the timeline, the actions."""
    user = signed_in_user(request)
    information_request = request_for(user, pk)
    language = (translation.get_language() or "ru")[:2]
    today = body_today(information_request)
    calendars: dict[tuple[int, int, int], WorkingCalendar] = {}
    deadlines = [
        {
            "deadline": deadline,
            "rule_title": deadline.legal_rule.title,
            "trace": render_trace(deadline.trace_steps(), language),
            "days_left": days_left_of(deadline, today=today, calendars=calendars)
            if counts_days(deadline, information_request)
            else None,
        }
        for deadline in information_request.deadlines.select_related("legal_rule").order_by(
            "kind", "-is_legal_deadline", "state", "due_date", "id"
        )
    ]
    status = Status(information_request.status)
    editable = can_change(user, information_request)
    undelivered = undelivered_email(information_request)
    # A draft is sent through a channel; so is a request whose email never reached the body.
    sending = status == Status.DRAFT or undelivered is not None
    # The same letter as the downloads and the email: stored once produced, else rendered now.
    letter: LetterText | None = None
    letter_error = ""
    try:
        letter = shown_letter(information_request=information_request, now=timezone.now())
    except DomainError as error:
        letter_error = str(error)
    return render(
        request,
        "information_requests/request_detail.html",
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
            )
            if can_publish(user, information_request)
            else None,
            "can_escalate": editable
            and status in ESCALATE_FROM
            and information_request.step in (Step.REQUEST, Step.COMPLAINT),
            "complaint_addressee": complaint_addressee(information_request.public_body),
            "prosecutor_office": prosecutor_for(information_request.public_body)
            if editable and status in ESCALATE_FROM
            else None,
            "escalations": information_request.escalations.select_related("public_body"),
            "unclassified_replies": unclassified_replies(information_request),
            "undelivered": undelivered,
            "classifying_kinds": [kind.value for kind in CLASSIFYING_KINDS],
            "can_send_email": editable
            and bool(information_request.public_body.email)
            and not OutgoingEmail.objects.filter(
                information_request=information_request, intent=REQUEST_INTENT
            ).exists(),
            "emails": information_request.outgoing_emails.order_by("created_at", "id"),
            "channels": [
                channel
                for channel in offered_channels(information_request)
                # After a bounce, email goes again through "Send again"; the others are offered.
                if status == Status.DRAFT or channel.code != SubmissionChannel.EMAIL
            ]
            if sending
            else [],
            "pending_posting": pending_posting(information_request),
            "e_otinish_url": E_OTINISH_URL,
            **(channel_forms() if editable and sending else {}),
        },
    )
