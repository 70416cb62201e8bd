"""What the clock found (a refusal, an evasive or late answer, a late forwarding): one violation
each."""

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.db.models import QuerySet

from requests_tracker.information_requests.models import Deadline
from requests_tracker.monitoring.models import Block
from requests_tracker.monitoring.recording import NewViolation, record_violations


def findings_due(now: datetime) -> QuerySet[Deadline]:
    """Whatever the moment: the clock stored them when it recomputed the deadline."""
    return Deadline.objects.exclude(findings=[])


@transaction.atomic
def findings_batch(now: datetime, deadline_ids: Sequence[int]) -> int:
    """Record each finding of the clock (a refusal, an evasive or late answer...) once."""
    deadlines = list(
        findings_due(now)
        .filter(id__in=deadline_ids)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("information_request__public_body")
        .order_by("id")[: len(deadline_ids)]
    )
    if not deadlines:
        return 0
    record_violations(
        violations=[
            NewViolation(
                block=Block.B,
                category=finding["category"],
                information_request_id=deadline.information_request_id,
                deadline_id=deadline.pk,
                public_body_id=deadline.information_request.public_body_id,
                region_id=deadline.information_request.public_body.region_id,
                occurred_on=date.fromisoformat(finding["occurred_on"]),
                description=finding["detail"],
                public_description=finding["detail"],  # the rule and dates: nothing personal
                legal_ground_cited=finding.get("ground", ""),
            )
            for deadline in deadlines
            for finding in deadline.findings
        ],
        ignore_conflicts=True,
        now=now,
    )
    Deadline.objects.filter(id__in=[deadline.id for deadline in deadlines]).update(findings=[])
    return len(deadlines)
