"""The reading of replies in the worker, on the "ocr" queue (settings.workers)."""

from celery import shared_task

from requests_tracker.reading.pipeline import read_event


@shared_task(acks_late=True)
def read_event_task(event_id: int) -> None:
    """Read the text of every file of event ``event_id`` (OCR where needed), then suggest."""
    read_event(event_id)
