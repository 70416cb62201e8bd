"""The fan-out of collective appeals, run by the worker and caught up by beat."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from requests_tracker.collective.fan_out import appeals_due, fan_out


@shared_task(acks_late=True)
def fan_out_appeal_task(appeal_id: int) -> None:
    """Fan one appeal out; safe to run twice or after an interrupted run."""
    fan_out(
        appeal_id=appeal_id, now=timezone.now(), batch_size=settings.COLLECTIVE_FANOUT_BATCH_SIZE
    )


@shared_task
def fan_out_due_appeals_task() -> None:
    """Start or resume every fan-out whose undo window has closed (a crashed worker included).

    A killed worker's message comes back only after the broker's visibility timeout; this
    catch-up, every minute, is what resumes its fan-out. Two fan-outs of one appeal at once share
    the addressees (SKIP LOCKED) and create nothing twice.
    """
    for appeal_id in appeals_due(timezone.now()).values_list("id", flat=True):
        fan_out_appeal_task.delay(appeal_id)
