"""A real worker consuming only the "ocr" queue reads the files of a reply filed in another
process: a scan by OCR; and, where Tesseract is not installed, the text layer alone."""

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.information_requests.evidence_text import OcrState, TextStatus
from requests_tracker.information_requests.models import EvidenceFile
from requests_tracker.information_requests.services import attach_evidence, record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request
from tests.reading.conftest import SCAN_LINES, UNIQUE_WORD
from tests.reading.scans import scanned_pdf, scanned_pdf_of_pages, two_page_pdf
from tests.workers import celery_environment, start_celery, stop, wait_for

ALMATY = ZoneInfo("Asia/Almaty")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def reply_with(name: str, content: bytes) -> EvidenceFile:
    """A reply filed with one file; each write commits (so its reading is queued)."""
    information_request = make_request(subject="Бюджет акимата", text="Прошу сообщить бюджет.")
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, 0, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    reply = record_event(
        information_request=information_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=datetime(2026, 3, 20, 10, 0, tzinfo=ALMATY),
        recorded_by=None,
    )
    return attach_evidence(event=reply, name=name, content=content)


def read_by_ocr_worker(
    evidence: EvidenceFile, env: dict[str, str], tmp_path: Path
) -> list[tuple[str, int, int]]:
    """Run a worker of the "ocr" queue until the file is read; returns the states seen on the
    way (OCR state, pages done, pages to read), each change once."""
    log = tmp_path / "ocr.log"
    seen: list[tuple[str, int, int]] = []

    def probe() -> EvidenceFile | None:
        row = EvidenceFile.objects.get(pk=evidence.pk)
        state = (row.ocr_state, row.ocr_pages_done, row.ocr_pages_total)
        if not seen or seen[-1] != state:
            seen.append(state)
        return row if row.text_read_at is not None else None

    worker = start_celery(
        "worker", "-Q", "ocr", "--pool", "solo", "--loglevel", "INFO", env=env, log=log
    )
    try:
        read = wait_for(probe, timeout=120, every=0.02)
    finally:
        stop(worker)
    assert read is not None, log.read_text(errors="replace")[-3000:]
    evidence.refresh_from_db()
    return seen


def test_a_worker_of_the_ocr_queue_reads_a_scanned_reply(
    redis_broker_url: str, tmp_path: Path
) -> None:
    # given: a reply whose one file is a scan (a PDF without a text layer), its reading queued
    evidence = reply_with("otvet.pdf", scanned_pdf(SCAN_LINES))
    assert evidence.ocr_state == OcrState.QUEUED

    # when: a worker consuming only the "ocr" queue runs
    read_by_ocr_worker(evidence, celery_environment(redis_broker_url), tmp_path)

    # then: its text holds the letter's words, read by OCR, one page of one
    assert f"Ответ: бюджет {UNIQUE_WORD} акимата" in evidence.extracted_text
    assert (evidence.ocr_state, evidence.ocr_pages_done, evidence.ocr_pages_total) == (
        OcrState.DONE,
        1,
        1,
    )
    assert evidence.text_status == TextStatus.NO_TEXT


def test_the_progress_of_a_long_scan_is_saved_after_each_page(
    redis_broker_url: str, tmp_path: Path
) -> None:
    # given: a scan of four pages
    pages = [[f"Страница {number}", f"Ответ: бюджет {UNIQUE_WORD} акимата"] for number in "1234"]
    evidence = reply_with("otvet.pdf", scanned_pdf_of_pages(pages))

    # when: the worker reads it, watched from here
    seen = read_by_ocr_worker(evidence, celery_environment(redis_broker_url), tmp_path)

    # then: the pages read went up one by one while it ran, and it ended read, 4 of 4
    running = [done for state, done, total in seen if state == OcrState.RUNNING and total == 4]
    assert running == sorted(running)
    assert set(running) & {1, 2, 3}, seen
    assert seen[-1] == (OcrState.DONE, 4, 4)
    # and the pages' texts are in page order
    positions = [evidence.extracted_text.find(f"Страница {number}") for number in "1234"]
    assert -1 not in positions
    assert positions == sorted(positions), evidence.extracted_text


def test_a_worker_without_tesseract_stores_the_text_layer_and_says_ocr_is_unavailable(
    redis_broker_url: str, tmp_path: Path
) -> None:
    # given: a reply with a PDF of a typed page and a scanned one
    evidence = reply_with("otvet.pdf", two_page_pdf(SCAN_LINES))
    # and a worker whose PATH has no tesseract program
    empty = tmp_path / "bin"
    empty.mkdir()
    env = celery_environment(redis_broker_url, PATH=str(empty))

    # when
    read_by_ocr_worker(evidence, env, tmp_path)

    # then: the typed page's text is stored, and the page will say OCR is not installed
    assert evidence.extracted_text == "Первая страница набрана"
    assert (evidence.ocr_state, evidence.ocr_pages_done, evidence.ocr_pages_total) == (
        OcrState.UNAVAILABLE,
        0,
        1,
    )
