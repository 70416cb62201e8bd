"""The reading of replies in the worker, on the "ocr" queue (settings.workers)."""

from celery import shared_task
from django.utils import timezone

from requests_tracker.core.outbox import enqueue_each_quietly
from requests_tracker.reading.pipeline import events_to_read_again, read_event


# Longer than the default limits: a long scan takes some seconds a page. Under the broker's
# visibility timeout (an hour), so a task still running is never delivered twice; at the soft
# limit the file is recorded as failed with the pages read so far (pipeline._ocr_each).
@shared_task(acks_late=True, soft_time_limit=1500, time_limit=1560)
def read_event_task(event_id: int) -> None:
    """Read the text of every file of event ``event_id`` (OCR where needed), then suggest."""
    read_event(event_id)


@shared_task(acks_late=True)
def read_lost_files_task() -> int:
    """Queue again the events whose files were never read (their task was lost); returns how
    many were queued."""
    calls = [(event_id,) for event_id in events_to_read_again(now=timezone.now())]
    return enqueue_each_quietly(read_event_task, calls)
