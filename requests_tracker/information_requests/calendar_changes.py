"""Recomputing the deadlines a change of the holiday calendar moves, logged on each request.

Apart from the clock, because it records an event through the request services, which in turn
recompute the clock.
"""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from requests_tracker.information_requests.clock import recompute_deadlines
from requests_tracker.information_requests.models import LIVE_DEADLINE_STATES, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind


@transaction.atomic
def recompute_after_calendar_change(
    *, jurisdiction_id: int, day: date, now: datetime, recorded_by: Any = None
) -> list[InformationRequest]:
    """Recompute the open deadlines whose count runs over ``day``; log it on each request moved."""
    affected = InformationRequest.objects.filter(
        public_body__jurisdiction_id=jurisdiction_id,
        deadlines__state__in=LIVE_DEADLINE_STATES,
        deadlines__start_date__lt=day,
        deadlines__due_date__gte=day,
    )
    return _recompute(
        affected,
        now=now,
        recorded_by=recorded_by,
        reason={"reason": "calendar_override", "day": day.isoformat()},
    )


@transaction.atomic
def recompute_after_decree(
    *, jurisdiction_id: int, year: int, now: datetime, recorded_by: Any = None
) -> list[InformationRequest]:
    """A year's transfer decree loaded or removed: recompute the open deadlines that count over
    that year, so their caveat ("the calendar is not confirmed") follows; log the moved ones."""
    affected = InformationRequest.objects.filter(
        public_body__jurisdiction_id=jurisdiction_id,
        deadlines__state__in=LIVE_DEADLINE_STATES,
        deadlines__start_date__lte=date(year, 12, 31),
        deadlines__due_date__gte=date(year, 1, 1),
    )
    return _recompute(
        affected,
        now=now,
        recorded_by=recorded_by,
        reason={"reason": "transfer_decree", "year": year},
    )


def _recompute(
    affected: QuerySet[InformationRequest],
    *,
    now: datetime,
    recorded_by: Any,
    reason: dict[str, Any],
) -> list[InformationRequest]:
    moved = []
    for information_request in affected.distinct().order_by("id"):
        before = dict(
            information_request.deadlines.live().values_list("legal_rule__rule_id", "due_date")
        )
        recompute_deadlines(information_request=information_request, now=now)
        after = dict(
            information_request.deadlines.live().values_list("legal_rule__rule_id", "due_date")
        )
        if before == after:
            continue
        record_event(
            information_request=information_request,
            kind=EventKind.DEADLINES_RECOMPUTED,
            occurred_at=now,
            recorded_by=recorded_by,
            data={
                **reason,
                "due_dates": {
                    rule_id: {"before": before[rule_id].isoformat(), "after": due.isoformat()}
                    for rule_id, due in after.items()
                    if rule_id in before and before[rule_id] != due
                },
            },
        )
        moved.append(information_request)
    return moved
