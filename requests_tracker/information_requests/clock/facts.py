"""What a request's timeline says about its clock: receipt, registration, extension, forwarding,
clarification and the answer, folded in order into ``ClockFacts``."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from requests_tracker.deadlines.compute import local_date
from requests_tracker.information_requests.models import TimelineEvent
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import RuleRole

# The events that move a request's clock.
CLOCK_EVENTS = frozenset(
    {
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
        # The email that submitted the request bounced (no receipt), or was sent again.
        EventKind.EMAIL_BOUNCED,
        EventKind.EMAIL_SENT,
    }
)
REPLIES = frozenset({EventKind.ANSWERED, EventKind.PARTIALLY_ANSWERED, EventKind.REFUSED})
CLOCK_ROLES = (RuleRole.RESPONSE, RuleRole.COMPLAINT_DECISION)


@dataclass(frozen=True)
class Extension:
    decided_on: date
    new_due_date: date | None
    notified_on: date | None


@dataclass(frozen=True)
class Forwarding:
    forwarded_on: date
    previous_received_at: datetime
    previous_registered_on: date | None = None  # for a forwarding period run from registration


@dataclass(frozen=True)
class ClockFacts:
    """What a timeline says about the clock of the body now handling the request."""

    received_at: datetime | None = None
    registered_on: date | None = None
    # Every extension the body announced, in order: the law may allow fewer (a finding).
    extensions: tuple[Extension, ...] = ()
    forwarding: Forwarding | None = None
    paused_on: date | None = None
    resumed_on: date | None = None
    closed_by: EventKind | None = None
    closed_at: datetime | None = None
    closed_ground: str = ""  # the legal ground a refusal cited
    # The outgoing email that carried the request to the body, when it went by email, and
    # whether it bounced: a letter that never arrived starts no clock.
    submitted_email: int | None = None
    not_delivered: bool = False


def _date(value: Any, fallback: datetime, time_zone: ZoneInfo) -> date:
    return date.fromisoformat(value) if value else local_date(fallback, time_zone)


def _optional_date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: Any, fallback: datetime) -> datetime:
    return datetime.fromisoformat(value) if value else fallback


def read_facts(events: Iterable[TimelineEvent], time_zone: ZoneInfo) -> ClockFacts:
    """Fold the timeline, in order, into the facts the clock depends on."""
    facts = ClockFacts()
    for event in events:
        kind, data, at = EventKind(event.kind), event.data, event.occurred_at
        if kind == EventKind.SUBMITTED:
            facts = replace(
                facts,
                received_at=_moment(data.get("received_at"), at),
                submitted_email=data.get("outgoing_email"),
                not_delivered=False,
            )
        elif kind == EventKind.EMAIL_BOUNCED:
            if facts.submitted_email is not None and (
                data.get("outgoing_email") == facts.submitted_email
            ):
                facts = replace(facts, not_delivered=True)
        elif kind == EventKind.EMAIL_SENT:
            if facts.not_delivered and data.get("outgoing_email") is not None:
                # Sent again after the bounce: the body receives it now, the clock starts anew.
                facts = replace(
                    facts,
                    received_at=at,
                    submitted_email=data.get("outgoing_email"),
                    not_delivered=False,
                )
        elif kind == EventKind.REGISTERED:
            facts = replace(facts, registered_on=_date(data.get("registered_on"), at, time_zone))
        elif kind == EventKind.EXTENDED:
            extension = Extension(
                decided_on=_date(data.get("decided_on"), at, time_zone),
                new_due_date=_optional_date(data.get("new_due_date")),
                notified_on=_optional_date(data.get("notified_on")),
            )
            facts = replace(facts, extensions=(*facts.extensions, extension))
        elif kind == EventKind.FORWARDED and facts.received_at is not None:
            # The receiving body's clock starts at its receipt (kz-rules.md §8.3(5)).
            facts = ClockFacts(
                received_at=_moment(data.get("received_at"), at),
                forwarding=Forwarding(
                    forwarded_on=_date(data.get("forwarded_on"), at, time_zone),
                    previous_received_at=facts.received_at,
                    previous_registered_on=facts.registered_on,
                ),
            )
        elif kind == EventKind.CLARIFICATION_REQUESTED:
            facts = replace(facts, paused_on=local_date(at, time_zone), resumed_on=None)
        elif kind == EventKind.CLARIFICATION_PROVIDED:
            facts = replace(facts, resumed_on=local_date(at, time_zone))
        elif kind in REPLIES or kind == EventKind.WITHDRAWN:
            facts = replace(
                facts, closed_by=kind, closed_at=at, closed_ground=str(data.get("ground", ""))
            )
    return facts
