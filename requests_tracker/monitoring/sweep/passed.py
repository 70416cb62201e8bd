"""A legal deadline that ended without an answer: the overdue event, the silence violation, the
requester's alert, each once per deadline. A deadline that ended with a reply received before
its end and not yet classified records no silence: the requester is asked to classify it."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet

from requests_tracker.information_requests.clock.replies import unclassified_reply_before_end
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.monitoring.models import Block, Category
from requests_tracker.monitoring.recording import NewViolation, record_violations
from requests_tracker.monitoring.sweep.batches import (
    SweepReport,
    alert_batch,
    alert_for,
    among,
    claim,
    insert_alerts,
    load_context,
)
from requests_tracker.notifications.models import AlertKind


def passed_due(now: datetime) -> QuerySet[Deadline]:
    return (
        Deadline.objects.running_legal()
        .filter(ends_at__lt=now)
        .exclude(unclassified_reply_before_end())
    )


def replies_to_classify_due(now: datetime) -> QuerySet[Deadline]:
    return (
        Deadline.objects.running_legal()
        .filter(ends_at__lt=now, reply_alerted_at=None)
        .filter(unclassified_reply_before_end())
    )


@transaction.atomic
def passed_batch(now: datetime, deadline_ids: Sequence[int], report: SweepReport) -> int:
    rows = claim(among(passed_due(now), deadline_ids), "id", len(deadline_ids))
    if not rows:
        return 0
    context = load_context(rows)
    events, violations = [], []
    for row in rows:
        request = context.requests[row["information_request_id"]]
        rule = context.rules[row["legal_rule_id"]]
        events.append(
            TimelineEvent(
                information_request_id=row["information_request_id"],
                kind=EventKind.OVERDUE,
                occurred_at=row["ends_at"],
                deadline_id=row["id"],
                data={"rule_id": rule.rule_id, "due_date": row["due_date"].isoformat()},
            )
        )
        # APPC Art. 91(2): with no answer in time, the body is deemed to have refused from the
        # day after expiry.
        violations.append(
            NewViolation(
                block=Block.B,
                category=Category.SILENCE,
                information_request_id=row["information_request_id"],
                deadline_id=row["id"],
                public_body_id=request["public_body_id"],
                region_id=request["public_body__region_id"],
                occurred_on=row["due_date"] + timedelta(days=1),
                description=f"{rule.rule_id}: no answer by {row['due_date']:%d.%m.%Y}",
                # The rule and the date, written by the sweep: nothing personal to keep back.
                public_description=f"{rule.rule_id}: no answer by {row['due_date']:%d.%m.%Y}",
            )
        )
    TimelineEvent.objects.bulk_create(events, ignore_conflicts=True)
    record_violations(violations=violations, ignore_conflicts=True, now=now)
    InformationRequest.objects.filter(
        id__in=context.requests, status__in=(Status.SUBMITTED, Status.AWAITING_REPLY)
    ).update(status=Status.OVERDUE)
    Deadline.objects.filter(id__in=[row["id"] for row in rows]).update(
        state=DeadlineState.PASSED, passed_at=now
    )
    insert_alerts([alert_for(AlertKind.DEADLINE_PASSED, row, context, now) for row in rows], report)
    return len(rows)


def reply_to_classify_batch(now: datetime, deadline_ids: Sequence[int], report: SweepReport) -> int:
    """Ended with a reply received in time and not yet classified: ask for it, once a deadline.

    The deadline stays running: once the reply is classified the clock follows it (an answer
    meets it; anything else leaves it to the passed batch above, which records the silence).
    """
    return alert_batch(
        deadlines=among(replies_to_classify_due(now), deadline_ids),
        order_by="id",
        kind=AlertKind.REPLY_TO_CLASSIFY,
        still_useful=lambda row: True,
        mark="reply_alerted_at",
        now=now,
        batch_size=len(deadline_ids),
        report=report,
    )
