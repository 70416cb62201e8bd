"""The fan-out of a collective appeal into tracked requests, spread over the workers in batches.

A coordinator (``start_fan_out``, run by ``fan_out_appeal_task``) opens the appeal for sending
once its undo window has closed and enqueues one batch task for every batch left; any worker
takes them. Each batch (``batches.py``) claims its addressees with ``SKIP LOCKED`` and creates
their requests, letters and emails in bulk, in one transaction, so adding workers adds
throughput, an interrupted batch leaves nothing, and a second fan-out creates nothing. The batch
that finds nothing left marks the appeal fanned out; beat's catch-up runs the coordinator again
for any appeal still sending, which resumes a batch lost with its worker.
"""

from dataclasses import dataclass
from datetime import datetime
from math import ceil

from django.db import transaction
from django.db.models import QuerySet

from requests_tracker.collective.batches import fan_out_batch_rows, shared_parts
from requests_tracker.collective.models import AppealState, CollectiveAppeal
from requests_tracker.collective.submission import settle_appeal


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else self.done * 100 // self.total


def progress(appeal: CollectiveAppeal) -> Progress:
    addressees = appeal.addressees
    return Progress(
        done=addressees.filter(information_request__isnull=False).count(),
        total=addressees.count(),
    )


def start_fan_out(*, appeal_id: int, now: datetime, batch_size: int) -> int:
    """Open the appeal for sending once its undo window has closed; returns how many batches of
    ``batch_size`` addressees are left (0 when it is not due, or nothing is left to make)."""
    with transaction.atomic():
        appeal = CollectiveAppeal.objects.select_for_update(of=("self",)).get(pk=appeal_id)
        if appeal.state == AppealState.SCHEDULED and appeal.send_after and appeal.send_after <= now:
            appeal.state = AppealState.SENDING
            appeal.save(update_fields=["state"])
        if appeal.state != AppealState.SENDING:
            return 0
    left = appeal.addressees.filter(information_request__isnull=True).count()
    if left == 0:  # every batch was made, the last one stopped before marking the appeal
        finish_fan_out(appeal_id=appeal_id, now=now)
    return ceil(left / batch_size)


def fan_out_batch(*, appeal_id: int, now: datetime, batch_size: int) -> int:
    """One batch of a sending appeal, then the appeal marked fanned out if none is left; returns
    how many addressees this batch made."""
    if not CollectiveAppeal.objects.filter(pk=appeal_id, state=AppealState.SENDING).exists():
        return 0
    made = fan_out_batch_rows(shared=shared_parts(appeal_id), now=now, batch_size=batch_size)
    finish_fan_out(appeal_id=appeal_id, now=now)
    return made


def finish_fan_out(*, appeal_id: int, now: datetime) -> None:
    """Mark a sending appeal fanned out when every addressee has its request."""
    with transaction.atomic():
        # Another batch may still hold addressees (SKIP LOCKED passed them over): the appeal is
        # fanned out only when none is left, and the batch holding the last one marks it.
        locked = CollectiveAppeal.objects.select_for_update(of=("self",)).get(pk=appeal_id)
        if (
            locked.state != AppealState.SENDING
            or locked.addressees.filter(information_request__isnull=True).exists()
        ):
            return
        # Created is not sent: the appeal waits until every request is submitted (an email
        # when the outbox sends it, the others when staff record them by hand).
        locked.state, locked.fanned_out_at = AppealState.FANNED_OUT, now
        locked.save(update_fields=["state", "fanned_out_at"])
    settle_appeal(appeal_id=appeal_id, now=now)


def fan_out(*, appeal_id: int, now: datetime, batch_size: int = 100) -> Progress:
    """The whole fan-out in this process, batch after batch (what the tasks do spread out)."""
    if start_fan_out(appeal_id=appeal_id, now=now, batch_size=batch_size):
        shared = shared_parts(appeal_id)
        while fan_out_batch_rows(shared=shared, now=now, batch_size=batch_size):
            pass
        finish_fan_out(appeal_id=appeal_id, now=now)
    return progress(CollectiveAppeal.objects.get(pk=appeal_id))


def appeals_due(now: datetime) -> QuerySet[CollectiveAppeal]:
    """Appeals whose undo window has closed and whose fan-out is not finished."""
    return CollectiveAppeal.objects.filter(
        state__in=(AppealState.SCHEDULED, AppealState.SENDING), send_after__lte=now
    )
