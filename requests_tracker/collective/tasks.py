"""The fan-out of collective appeals, spread over the workers in batches and caught up by beat."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from requests_tracker.collective.fan_out import appeals_due, fan_out_batch, start_fan_out


@shared_task(acks_late=True)
def fan_out_appeal_task(appeal_id: int) -> None:
    """Open one appeal for sending and enqueue a batch task for every batch left; safe to run
    twice or after an interrupted run (the batches claim their addressees, SKIP LOCKED)."""
    batches = start_fan_out(
        appeal_id=appeal_id, now=timezone.now(), batch_size=settings.COLLECTIVE_FANOUT_BATCH_SIZE
    )
    for _number in range(batches):
        fan_out_batch_task.delay(appeal_id)


@shared_task(acks_late=True)
def fan_out_batch_task(appeal_id: int) -> None:
    """Make one batch of an appeal's requests, letters and emails, whichever worker runs it."""
    fan_out_batch(
        appeal_id=appeal_id, now=timezone.now(), batch_size=settings.COLLECTIVE_FANOUT_BATCH_SIZE
    )


@shared_task
def fan_out_due_appeals_task() -> None:
    """Start or resume every fan-out whose undo window has closed (a crashed worker included).

    A killed worker's message comes back only after the broker's visibility timeout; this
    catch-up, every minute, is what resumes its batch. Batches of one appeal at once share the
    addressees (SKIP LOCKED) and create nothing twice.
    """
    for appeal_id in appeals_due(timezone.now()).values_list("id", flat=True):
        fan_out_appeal_task.delay(appeal_id)
