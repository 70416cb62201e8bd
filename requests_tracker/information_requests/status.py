"""How a request's status follows from its timeline: a table of allowed transitions. Pure."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_tracker.core.errors import DomainError


class EventKind(models.TextChoices):
    CREATED = "created", _("Draft created")
    # Posted by registered mail: on its way, not yet received, so no clock runs (the receipt is
    # the SUBMITTED event recorded from the date on the delivery notice).
    POSTED = "posted", _("Posted by registered mail")
    SUBMITTED = "submitted", _("Submitted to the body")
    REGISTERED = "registered", _("Registered by the body")
    EXTENDED = "extended", _("Period extended")
    FORWARDED = "forwarded", _("Forwarded to another body")
    CLARIFICATION_REQUESTED = "clarification_requested", _("Clarification asked")
    CLARIFICATION_PROVIDED = "clarification_provided", _("Clarification given")
    ANSWERED = "answered", _("Answered in full")
    PARTIALLY_ANSWERED = "partially_answered", _("Answered in part")
    REFUSED = "refused", _("Refused")
    OVERDUE = "overdue", _("Deadline passed without an answer")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOTE = "note", _("Note")
    DEADLINES_RECOMPUTED = "deadlines_recomputed", _("Deadlines recomputed")
    EMAIL_SENT = "email_sent", _("Email sent to the body")
    EMAIL_BOUNCED = "email_bounced", _("Email to the body bounced")
    # The body's mail server is still trying: the email is neither delivered nor bounced yet.
    EMAIL_DELAYED = "email_delayed", _("Email to the body delayed")
    REPLY_RECEIVED = "reply_received", _("Reply received (to classify)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    AWAITING_REPLY = "awaiting_reply", _("Awaiting reply")
    CLARIFICATION_REQUESTED = "clarification_requested", _("Clarification asked")
    OVERDUE = "overdue", _("Overdue")
    ANSWERED = "answered", _("Answered")
    PARTIALLY_ANSWERED = "partially_answered", _("Partially answered")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


_OPEN = frozenset(
    {Status.SUBMITTED, Status.AWAITING_REPLY, Status.CLARIFICATION_REQUESTED, Status.OVERDUE}
)
_REPLIED_FROM = _OPEN | {Status.PARTIALLY_ANSWERED}

# event kind -> (statuses it may follow, status it leads to; None keeps the current status)
TRANSITIONS: dict[EventKind, tuple[frozenset[Status | None], Status | None]] = {
    EventKind.CREATED: (frozenset({None}), Status.DRAFT),
    # Again from SUBMITTED only when the letter never reached the body (its email bounced):
    # record_event checks that, so the request is sent another way and the clock starts then.
    EventKind.POSTED: (frozenset({Status.DRAFT, Status.SUBMITTED}), None),
    EventKind.SUBMITTED: (frozenset({Status.DRAFT, Status.SUBMITTED}), Status.SUBMITTED),
    EventKind.REGISTERED: (frozenset({Status.SUBMITTED}), Status.AWAITING_REPLY),
    EventKind.EXTENDED: (
        frozenset({Status.SUBMITTED, Status.AWAITING_REPLY}),
        Status.AWAITING_REPLY,
    ),
    # The receiving body's clock starts at its receipt, even after the first body's deadline passed.
    EventKind.FORWARDED: (_OPEN - {Status.CLARIFICATION_REQUESTED}, Status.AWAITING_REPLY),
    EventKind.CLARIFICATION_REQUESTED: (
        frozenset({Status.SUBMITTED, Status.AWAITING_REPLY}),
        Status.CLARIFICATION_REQUESTED,
    ),
    EventKind.CLARIFICATION_PROVIDED: (
        frozenset({Status.CLARIFICATION_REQUESTED}),
        Status.AWAITING_REPLY,
    ),
    EventKind.ANSWERED: (_REPLIED_FROM, Status.ANSWERED),
    EventKind.PARTIALLY_ANSWERED: (_OPEN, Status.PARTIALLY_ANSWERED),
    EventKind.REFUSED: (_OPEN, Status.REFUSED),
    EventKind.OVERDUE: (frozenset({Status.SUBMITTED, Status.AWAITING_REPLY}), Status.OVERDUE),
    EventKind.WITHDRAWN: (_OPEN | {Status.DRAFT}, Status.WITHDRAWN),
    EventKind.NOTE: (frozenset(Status) | {None}, None),
    EventKind.DEADLINES_RECOMPUTED: (frozenset(Status), None),
    EventKind.EMAIL_SENT: (frozenset(Status) - {Status.DRAFT}, None),
    EventKind.EMAIL_BOUNCED: (frozenset(Status) - {Status.DRAFT}, None),
    EventKind.EMAIL_DELAYED: (frozenset(Status) - {Status.DRAFT}, None),
    EventKind.REPLY_RECEIVED: (frozenset(Status) - {Status.DRAFT}, None),
}


class InvalidTransitionError(DomainError):
    pass


def next_status(current: Status | None, kind: EventKind) -> Status | None:
    """The status after an event of ``kind``; InvalidTransitionError if it cannot follow."""
    allowed_from, leads_to = TRANSITIONS[kind]
    if current not in allowed_from:
        raise InvalidTransitionError(
            _("“%(event)s” cannot be recorded on a request that is “%(status)s”.")
            % {
                "event": kind.label,
                "status": Status(current).label if current else _("not yet created"),
            }
        )
    return current if leads_to is None else leads_to


def derive_status(kinds: Iterable[EventKind]) -> Status:
    """The status that a timeline, in order, leads to."""
    status: Status | None = None
    for kind in kinds:
        status = next_status(status, kind)
    if status is None:
        raise InvalidTransitionError(_("A timeline must start with the creation of the request."))
    return status
