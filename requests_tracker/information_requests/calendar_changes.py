"""Recomputing the deadlines a change of the holiday calendar moves, logged on each request.

Apart from the clock, because it records an event through the request services, which in turn
recompute the clock.
"""

from datetime import date, datetime
from typing import Any

from django.db import transaction

from requests_tracker.information_requests.clock import recompute_deadlines
from requests_tracker.information_requests.models import LIVE_DEADLINE_STATES, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind


@transaction.atomic
def recompute_after_calendar_change(
    *, jurisdiction_id: int, day: date, now: datetime, recorded_by: Any = None
) -> list[InformationRequest]:
    """Recompute the open deadlines whose count runs over ``day``; log it on each request moved."""
    affected = (
        InformationRequest.objects.filter(
            public_body__jurisdiction_id=jurisdiction_id,
            deadlines__state__in=LIVE_DEADLINE_STATES,
            deadlines__start_date__lt=day,
            deadlines__due_date__gte=day,
        )
        .distinct()
        .order_by("id")
    )
    moved = []
    for information_request in affected:
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
                "reason": "calendar_override",
                "day": day.isoformat(),
                "due_dates": {
                    rule_id: {"before": before[rule_id].isoformat(), "after": due.isoformat()}
                    for rule_id, due in after.items()
                    if rule_id in before and before[rule_id] != due
                },
            },
        )
        moved.append(information_request)
    return moved
