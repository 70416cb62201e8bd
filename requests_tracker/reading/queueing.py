"""Queueing the reading of an event's files, once its transaction commits.

An event is read when a file is stored as its evidence (a reply by e-mail, an upload on the
request page or through the API) and when a reply is received (even without a file: its message
gets a suggestion); once per event per transaction, however many files it has. The queueing is
quiet (``core.outbox.enqueue_quietly``): with the broker down the files stay unread and beat's
``read_lost_files_task`` queues them later.
"""

from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_save, pre_save

from requests_tracker.core.outbox import enqueue_quietly
from requests_tracker.information_requests.evidence_text import OcrState
from requests_tracker.information_requests.models import EvidenceFile, TimelineEvent
from requests_tracker.information_requests.status import EventKind
from requests_tracker.reading.tasks import read_event_task


def _pending(event_id: int) -> bool:
    """A reading of ``event_id`` already waits for this transaction's commit (a callback that
    ran is marked done, for the tests' transaction, whose list is never cleared)."""
    return any(
        getattr(callback, "reading_event_id", None) == event_id
        and not getattr(callback, "reading_done", False)
        for callback in (entry[1] for entry in connection.run_on_commit)
    )


def read_event_on_commit(event_id: int) -> None:
    """Queue the reading of event ``event_id`` once the transaction commits: once, however many
    writes ask."""
    if _pending(event_id):
        return
    enqueue = partial(enqueue_quietly, read_event_task, event_id)

    def callback() -> None:
        callback.reading_done = True  # type: ignore[attr-defined]
        enqueue()

    callback.reading_event_id = event_id  # type: ignore[attr-defined]
    transaction.on_commit(callback)


def _evidence_stored(sender: Any, instance: EvidenceFile, raw: bool = False, **kwargs: Any) -> None:
    if instance._state.adding and not raw and instance.needs_ocr and not instance.ocr_state:
        instance.ocr_state = OcrState.QUEUED


def _evidence_saved(
    sender: Any, instance: EvidenceFile, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        read_event_on_commit(instance.event_id)


def _event_saved(
    sender: Any, instance: TimelineEvent, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw and instance.kind == EventKind.REPLY_RECEIVED:
        read_event_on_commit(instance.pk)


def read_after_writes() -> None:
    """Connect the queueing to the writes (once: the receivers have fixed ids)."""
    pre_save.connect(_evidence_stored, sender=EvidenceFile, dispatch_uid="reading-evidence-queued")
    post_save.connect(_evidence_saved, sender=EvidenceFile, dispatch_uid="reading-evidence")
    post_save.connect(_event_saved, sender=TimelineEvent, dispatch_uid="reading-reply")
