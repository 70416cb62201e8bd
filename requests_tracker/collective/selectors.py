"""Reads for an appeal's dashboard: one row per addressee, and the count of each status."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective.models import CollectiveAppeal
from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.information_requests.days_left import days_left_of
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    SubmissionChannel,
    TimelineEvent,
)
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus


class AddresseeState(models.TextChoices):
    """Where an addressee's request is on its way to the body."""

    EMAIL_QUEUED = "email_queued", _("Email queued")
    EMAIL_RETRYING = "email_retrying", _("Email being retried")
    EMAIL_FAILED = "email_failed", _("Email failed: submit it by hand")
    AWAITING_SUBMISSION = "awaiting_submission", _("Waiting to be submitted by hand")
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered")


def submission_channel(events: list[TimelineEvent], emails: list[OutgoingEmail]) -> str:
    """The channel the SUBMITTED event names, or email while the outbox is on it."""
    for event in events:
        if event.kind == EventKind.SUBMITTED:
            channel = str(event.data.get("channel", ""))
            return channel if channel in SubmissionChannel.values else ""
    return SubmissionChannel.EMAIL if emails else ""


def addressee_state(events: list[TimelineEvent], emails: list[OutgoingEmail]) -> AddresseeState:
    kinds = {event.kind for event in events}
    if EventKind.REGISTERED in kinds:
        return AddresseeState.REGISTERED
    if EventKind.SUBMITTED in kinds:
        return AddresseeState.SUBMITTED
    email = emails[-1] if emails else None
    if email is None or email.status in (OutgoingStatus.FAILED, OutgoingStatus.BOUNCED):
        return AddresseeState.EMAIL_FAILED if email else AddresseeState.AWAITING_SUBMISSION
    return AddresseeState.EMAIL_RETRYING if email.attempts else AddresseeState.EMAIL_QUEUED


@dataclass(frozen=True)
class AddresseeRow:
    addressee_id: int
    public_body: PublicBody
    request_id: int | None
    status: Status | None
    legal_deadline: date | None
    days_left: int | None
    state: AddresseeState | None = None
    days_left_text: str = ""  # the days left with their unit: "4 working days left"
    days_left_unit: str = ""  # "working_days" or "calendar_days" (a Unit), with days_left
    registration_number: str = ""
    channel: str = ""  # how it was (or is being) submitted: a SubmissionChannel value, or ""

    @property
    def status_label(self) -> str:
        return str(self.status.label) if self.status else ""

    @property
    def state_label(self) -> str:
        return str(self.state.label) if self.state else ""

    @property
    def channel_label(self) -> str:
        return str(SubmissionChannel(self.channel).label) if self.channel else ""

    @property
    def is_submitted(self) -> bool:
        return self.state in (AddresseeState.SUBMITTED, AddresseeState.REGISTERED)


@dataclass(frozen=True)
class StatusCount:
    status: Status
    count: int
    percent: int  # of the addressees that became requests, for the width of the chart's bar

    @property
    def label(self) -> str:
        return str(self.status.label)


def addressee_rows(appeal: CollectiveAppeal, *, now: datetime) -> list[AddresseeRow]:
    """Each addressee with its request's status, legal deadline and the days left to it."""
    legal = Deadline.objects.filter(is_legal_deadline=True).exclude(state=DeadlineState.SUPERSEDED)
    addressees = appeal.addressees.select_related(
        "public_body__region",
        "public_body__jurisdiction",
        "information_request__public_body__jurisdiction",
    ).prefetch_related(
        Prefetch(
            "information_request__deadlines",
            queryset=legal.select_related("legal_rule").order_by("due_date", "id"),
            to_attr="legal_deadlines",
        ),
        Prefetch(
            "information_request__events",
            queryset=TimelineEvent.objects.filter(
                kind__in=(EventKind.SUBMITTED, EventKind.REGISTERED)
            ).order_by("occurred_at", "id"),
            to_attr="submission_events",
        ),
        Prefetch(
            "information_request__outgoing_emails",
            queryset=OutgoingEmail.objects.filter(intent="request").order_by("id"),
            to_attr="request_emails",
        ),
    )
    rows = []
    calendars: dict[tuple[int, int, int], WorkingCalendar] = {}  # one per jurisdiction and years
    for addressee in addressees:
        information_request = addressee.information_request
        deadline = (
            next(iter(information_request.legal_deadlines), None)  # type: ignore[attr-defined]
            if information_request is not None
            else None
        )
        days_left, days_left_text, days_left_unit = None, "", ""
        state, registration_number, channel = None, "", ""
        if information_request is not None:
            events = information_request.submission_events  # type: ignore[attr-defined]
            state = addressee_state(events, information_request.request_emails)  # type: ignore[attr-defined]
            channel = submission_channel(events, information_request.request_emails)  # type: ignore[attr-defined]
            registration_number = next(
                (
                    str(event.data.get("registration_number", ""))
                    for event in events
                    if event.kind == EventKind.REGISTERED
                ),
                "",
            )
        # Days left while it runs, and (negative) days overdue once it has passed unanswered.
        if deadline is not None and deadline.state in (DeadlineState.RUNNING, DeadlineState.PASSED):
            deadline.information_request = information_request
            time_zone = ZoneInfo(addressee.public_body.jurisdiction.time_zone)
            counted = days_left_of(
                deadline, today=now.astimezone(time_zone).date(), calendars=calendars
            )
            days_left, days_left_text = counted.days, counted.text
            days_left_unit = counted.unit.value
        rows.append(
            AddresseeRow(
                addressee_id=addressee.pk,
                public_body=addressee.public_body,
                request_id=information_request.pk if information_request else None,
                status=Status(information_request.status) if information_request else None,
                legal_deadline=deadline.due_date if deadline else None,
                days_left=days_left,
                days_left_text=days_left_text,
                days_left_unit=days_left_unit,
                state=state,
                registration_number=registration_number,
                channel=channel,
            )
        )
    return rows


def status_counts(rows: list[AddresseeRow]) -> list[StatusCount]:
    """How many requests are in each status, in the order of the statuses, empty ones left out."""
    counts = dict.fromkeys(Status, 0)
    for row in rows:
        if row.status is not None:
            counts[row.status] += 1
    total = sum(counts.values())
    return [
        StatusCount(status, count, count * 100 // total if total else 0)
        for status, count in counts.items()
        if count
    ]


def state_counts(rows: list[AddresseeRow]) -> dict[str, int]:
    """How many addressees are in each state (every state named, zero included)."""
    counts = {state.value: 0 for state in AddresseeState}
    for row in rows:
        if row.state is not None:
            counts[row.state.value] += 1
    return counts
