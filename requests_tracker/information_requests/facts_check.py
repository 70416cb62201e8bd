"""What a timeline can hold: no fact in the future, none before the request's first fact, none
out of order. ``record_event`` asks here before it writes, so the pages, the channels, the mail,
a collective appeal's registrations and the demo all get the same answer.

The request's "creation" is its first fact, not the row's ``created_at``: a letter posted or
submitted by hand last month and entered today is a legitimate back-dated request, so a posting
or a submission may precede the draft. Everything else follows, and orders are compared by day
where the body is (a registration typed as a date, the start of that day, is not before an email
submission sent later the same day).
"""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.status import EventKind

# How far ahead of the server's clock a moment may be and still be "now": a phone or a PC
# whose clock runs a little fast, or a moment typed to the minute just before it arrives.
CLOCK_SKEW_ALLOWANCE = timedelta(minutes=5)

# The letter leaving or reaching the body: it may precede the draft (a back-dated request).
_MAY_PRECEDE_THE_DRAFT = frozenset({EventKind.POSTED, EventKind.SUBMITTED})
# What the body does with a request it has received: never before it received it.
_BODY_ACTS = frozenset(
    {
        EventKind.REGISTERED,
        EventKind.EXTENDED,
        EventKind.FORWARDED,
        EventKind.CLARIFICATION_REQUESTED,
        EventKind.ANSWERED,
        EventKind.PARTIALLY_ANSWERED,
        EventKind.REFUSED,
    }
)
# The steps of the request's course, each on or after the last one. Not OVERDUE: it is the
# sweep's finding at a deadline's end, and an answer recorded late may be dated before it. Not
# the notes, the emails and the replies, which follow the course without being steps of it.
_STEPS = _BODY_ACTS | {
    EventKind.POSTED,
    EventKind.SUBMITTED,
    EventKind.CLARIFICATION_PROVIDED,
    EventKind.WITHDRAWN,
}
# The receipt by the body now handling the request: the submission, or a forwarding's arrival.
_RECEIPTS = frozenset({EventKind.SUBMITTED, EventKind.FORWARDED})
# The days and moments in an event's details that are facts. Not ``new_due_date``: a date the
# body sets for its answer is a promise, and lies ahead.
_FACT_DAYS = (
    "registered_on",
    "decided_on",
    "notified_on",
    "forwarded_on",
    "posted_on",
    "delivered_on",
)
_FACT_DETAILS = (*_FACT_DAYS, "received_at")


class ImpossibleFactError(DomainError):
    """The fact cannot be true: in the future, before the request's first fact, out of order."""


def latest_possible_moment(now: datetime) -> datetime:
    """The latest moment a fact recorded at ``now`` may carry."""
    return now + CLOCK_SKEW_ALLOWANCE


def is_in_future(moment: datetime, *, now: datetime) -> bool:
    return moment > latest_possible_moment(now)


def is_future_day(day: date, *, now: datetime, time_zone: ZoneInfo) -> bool:
    return day > latest_possible_moment(now).astimezone(time_zone).date()


def _day(day: date) -> str:
    return date_format(day, "d.m.Y")


def _parsed(value: Any, *, time_zone: ZoneInfo) -> datetime | None:
    """A detail's date or moment as a moment (a day is its start where the body is), or None."""
    if not value:
        return None
    try:
        if "T" in str(value) or " " in str(value):
            moment = datetime.fromisoformat(str(value))
            return moment if moment.tzinfo is not None else moment.replace(tzinfo=time_zone)
        return datetime.combine(date.fromisoformat(str(value)), time.min, tzinfo=time_zone)
    except ValueError as error:
        raise ImpossibleFactError(_("“%(value)s” is not a date.") % {"value": value}) from error


def check_event(
    *,
    information_request: InformationRequest,
    kind: EventKind,
    occurred_at: datetime,
    data: dict[str, Any],
    now: datetime,
) -> None:
    """Refuse (ImpossibleFactError) an event that cannot be true on this timeline."""
    time_zone = ZoneInfo(information_request.public_body.jurisdiction.time_zone)

    def local(moment: datetime) -> date:
        return moment.astimezone(time_zone).date()

    label = str(kind.label)
    if is_in_future(occurred_at, now=now):
        raise ImpossibleFactError(
            _("“%(event)s” cannot be dated %(date)s: that is in the future.")
            % {
                "event": label,
                "date": date_format(occurred_at.astimezone(time_zone), "d.m.Y H:i"),
            }
        )
    details = {key: _parsed(data.get(key), time_zone=time_zone) for key in _FACT_DETAILS}
    for key, moment in details.items():
        if moment is None:
            continue
        # A day is in the future once it has not begun anywhere near here; a moment, once it
        # lies beyond the skew.
        ahead = (
            is_future_day(local(moment), now=now, time_zone=time_zone)
            if key in _FACT_DAYS
            else is_in_future(moment, now=now)
        )
        if ahead:
            raise ImpossibleFactError(
                _("“%(event)s” names %(date)s, a date in the future.")
                % {"event": label, "date": _day(local(moment))}
            )
    day = local(occurred_at)
    arrival = details["received_at"]
    if kind == EventKind.FORWARDED and arrival is not None and local(arrival) < day:
        raise ImpossibleFactError(
            _(
                "The new body cannot receive the request on %(received)s, before it was "
                "forwarded on %(forwarded)s."
            )
            % {"received": _day(local(arrival)), "forwarded": _day(day)}
        )
    decided, notified = details["decided_on"], details["notified_on"]
    if decided is not None and notified is not None and notified < decided:
        raise ImpossibleFactError(
            _(
                "You cannot have been told of the extension on %(notified)s, before the body "
                "decided it on %(decided)s."
            )
            % {"notified": _day(local(notified)), "decided": _day(local(decided))}
        )
    if kind in _STEPS:
        _check_order(
            information_request=information_request, kind=kind, day=day, time_zone=time_zone
        )


def _check_order(
    *, information_request: InformationRequest, kind: EventKind, day: date, time_zone: ZoneInfo
) -> None:
    """The step comes on or after the request's first fact, the body's receipt, the last step."""

    def local(moment: datetime) -> date:
        return moment.astimezone(time_zone).date()

    timeline = list(
        information_request.events.order_by("occurred_at", "id").values_list(
            "kind", "occurred_at", "data"
        )
    )
    if not timeline:
        return
    label = str(kind.label)
    first_day = local(timeline[0][1])
    if kind not in _MAY_PRECEDE_THE_DRAFT and day < first_day:
        raise ImpossibleFactError(
            _("“%(event)s” cannot be dated %(date)s: the request's timeline starts on %(first)s.")
            % {"event": label, "date": _day(day), "first": _day(first_day)}
        )
    receipts = [
        _parsed(data.get("received_at"), time_zone=time_zone) or at
        for event_kind, at, data in timeline
        if event_kind in _RECEIPTS
    ]
    if kind in _BODY_ACTS and receipts and day < (received_on := local(receipts[-1])):
        raise ImpossibleFactError(
            _(
                "“%(event)s” cannot be dated %(date)s: the body received the request on "
                "%(received)s, and cannot act on it before."
            )
            % {"event": label, "date": _day(day), "received": _day(received_on)}
        )
    steps = [(event_kind, at) for event_kind, at, _data in timeline if event_kind in _STEPS]
    if steps and day < (previous_day := local(steps[-1][1])):
        raise ImpossibleFactError(
            _(
                "“%(event)s” cannot be dated %(date)s: it would come before “%(previous)s” "
                "of %(previous_date)s, already on the timeline."
            )
            % {
                "event": label,
                "date": _day(day),
                "previous": EventKind(steps[-1][0]).label,
                "previous_date": _day(previous_day),
            }
        )
