"""Reading the text of an event's files in the worker (their text layers, then OCR of their
images and scanned pages), then suggesting from it.

A file is read once: ``text_read_at`` is set when its reading ended, whichever way (read, OCR not
installed, damaged). A file left "running" by a worker killed halfway is read again, from its
first page, when its task is delivered again (the task is acknowledged late). The pages already
read are saved after each one (``ocr_pages_done``) so the request page shows the progress.

The final save names its fields (``save(update_fields=...)``): the search listens to it and
reindexes the request with the new text.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from requests_tracker.information_requests.evidence_text import (
    MAX_TEXT_LENGTH,
    OcrState,
    TextStatus,
    extract_text,
    pdf_layers,
)
from requests_tracker.information_requests.models import EvidenceFile
from requests_tracker.reading import ocr
from requests_tracker.reading.suggestions import refresh_for_event

logger = logging.getLogger(__name__)

# A file not read this long after it was stored lost its task (a broker outage, a worker killed
# and its message gone): beat's sweep queues it again.
UNREAD_AFTER = timedelta(minutes=30)
# Events queued again by one run of the sweep; the next run takes the rest.
REQUEUE_BATCH_SIZE = 500

SAVED_FIELDS = [
    "extracted_text",
    "text_status",
    "ocr_state",
    "ocr_pages_done",
    "ocr_pages_total",
    "text_read_at",
]


@dataclass
class Reading:
    """What was read of one file so far."""

    status: TextStatus
    ocr_state: OcrState = OcrState.NONE
    parts: list[str] = field(default_factory=list)
    pages_total: int = 0
    pages_done: int = 0

    @property
    def text(self) -> str:
        return "\n\n".join(part for part in self.parts if part).replace("\x00", "")


def _progress(evidence: EvidenceFile, reading: Reading) -> None:
    # An update, not a save: the search reindexes once, when the whole text is there.
    EvidenceFile.objects.filter(pk=evidence.pk).update(
        ocr_state=OcrState.RUNNING,
        ocr_pages_done=reading.pages_done,
        ocr_pages_total=reading.pages_total,
    )


def _ocr_each(
    evidence: EvidenceFile, reading: Reading, pages: list[tuple[int, Callable[[], str]]]
) -> None:
    """Read ``pages`` (their index in ``reading.parts`` and how to read each) by OCR, saving
    the progress after each; sets the OCR state it ends in."""
    reading.pages_total = len(pages)
    if not ocr.ocr_available():
        reading.ocr_state = OcrState.UNAVAILABLE
        return
    _progress(evidence, reading)
    try:
        for index, read_page in pages:
            reading.parts[index] = read_page()
            reading.pages_done += 1
            _progress(evidence, reading)
    except ocr.OcrUnavailable:
        reading.ocr_state = OcrState.UNAVAILABLE
    except SoftTimeLimitExceeded:
        logger.warning("OCR: file %s took too long; %s pages read", evidence.pk, reading.pages_done)
        reading.ocr_state = OcrState.FAILED
    except Exception:  # a damaged image or page: the libraries raise many different errors
        logger.info("OCR: file %s could not be read", evidence.pk, exc_info=True)
        reading.ocr_state = OcrState.FAILED
    else:
        reading.ocr_state = OcrState.DONE


def _read_pdf(evidence: EvidenceFile, content: bytes) -> Reading:
    try:
        layers = pdf_layers(content)
    except Exception:  # a damaged PDF
        logger.info("file %s: a damaged PDF", evidence.pk, exc_info=True)
        return Reading(status=TextStatus.FAILED, ocr_state=OcrState.FAILED)
    if layers is None:  # encrypted: neither its text nor its images can be read
        return Reading(status=TextStatus.FAILED, ocr_state=OcrState.FAILED)
    pages, properties = layers
    reading = Reading(status=TextStatus.NO_TEXT, parts=[*pages, *properties])
    scanned = [index for index, text in enumerate(pages) if not text]
    if not scanned:  # a text layer on every page (none at all is no text)
        reading.status = TextStatus.EXTRACTED if pages else TextStatus.NO_TEXT
        return reading
    _ocr_each(
        evidence,
        reading,
        [(index, partial(ocr.read_pdf_page, content, index)) for index in scanned],
    )
    return reading


def _read_image(evidence: EvidenceFile, content: bytes) -> Reading:
    reading = Reading(status=TextStatus.NO_TEXT, parts=[""])
    _ocr_each(evidence, reading, [(0, partial(ocr.read_image, content))])
    return reading


def _read(evidence: EvidenceFile) -> Reading:
    try:
        with evidence.file.open("rb") as stored:
            content = stored.read()
    except OSError:
        logger.warning("file %s is missing from the storage", evidence.pk)
        return Reading(status=TextStatus.FAILED, ocr_state=OcrState.FAILED)
    if evidence.content_type == "application/pdf":
        return _read_pdf(evidence, content)
    if evidence.needs_ocr:
        return _read_image(evidence, content)
    status, text = extract_text(content_type=evidence.content_type, content=content)
    return Reading(status=status, parts=[text])


def is_read(evidence: EvidenceFile) -> bool:
    """Its reading ended, and would end the same again (OCR read without Tesseract is read again
    once Tesseract is installed)."""
    if evidence.text_read_at is None:
        return False
    return evidence.ocr_state != OcrState.UNAVAILABLE or not ocr.ocr_available()


def read_evidence(evidence_id: int) -> EvidenceFile | None:
    """Read file ``evidence_id``'s whole text (text layers, then OCR of its images and scanned
    pages) and store it; a file already read is left alone. Never raises for a bad file."""
    evidence = EvidenceFile.objects.filter(pk=evidence_id).first()
    if evidence is None or is_read(evidence):
        return evidence
    reading = _read(evidence)
    text = reading.text
    evidence.extracted_text = text[:MAX_TEXT_LENGTH]
    # a text cut short was not looked at whole for personal data
    evidence.text_status = reading.status if len(text) <= MAX_TEXT_LENGTH else TextStatus.NO_TEXT
    evidence.ocr_state = reading.ocr_state
    evidence.ocr_pages_done = reading.pages_done
    evidence.ocr_pages_total = reading.pages_total
    evidence.text_read_at = timezone.now()
    evidence.save(update_fields=SAVED_FIELDS)
    return evidence


def read_event(event_id: int) -> None:
    """Read every file of event ``event_id`` not read yet, then (re)compute its suggestion."""
    ids = EvidenceFile.objects.filter(event_id=event_id).order_by("id").values_list("pk", flat=True)
    for evidence_id in list(ids):
        read_evidence(evidence_id)
    refresh_for_event(event_id)


def events_to_read_again(*, now: datetime) -> list[int]:
    """The events with a file whose reading was lost (not read ``UNREAD_AFTER`` after it was
    stored: its task never ran or its worker died), or, once Tesseract is here, a file read
    without it; oldest first, at most ``REQUEUE_BATCH_SIZE``."""
    unread = EvidenceFile.objects.filter(
        text_read_at__isnull=True, uploaded_at__lt=now - UNREAD_AFTER
    )
    if ocr.ocr_available():
        unread = unread | EvidenceFile.objects.filter(ocr_state=OcrState.UNAVAILABLE)
    ids = unread.order_by("event_id").values_list("event_id", flat=True).distinct()
    return list(ids[:REQUEUE_BATCH_SIZE])
