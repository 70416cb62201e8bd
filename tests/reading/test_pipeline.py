"""The worker reads the whole text of each file once: text layers, then OCR of images and of
scanned pages, in page order; without Tesseract the text layer is still stored; a damaged file
is recorded as such and raises nothing."""

from datetime import UTC, datetime

import pytest
import time_machine

from requests_tracker.information_requests.evidence_text import OcrState, TextStatus
from requests_tracker.information_requests.models import EvidenceFile, TimelineEvent
from requests_tracker.information_requests.services import attach_evidence
from requests_tracker.reading.pipeline import read_event, read_evidence
from tests.reading.conftest import SCAN_LINES, UNIQUE_WORD
from tests.reading.scans import scanned_pdf, scanned_png, text_pdf, two_page_pdf

READ_AT = datetime(2026, 3, 20, 5, 1, tzinfo=UTC)


def state_of(evidence: EvidenceFile) -> tuple[str, str, int, int]:
    evidence.refresh_from_db()
    return (
        evidence.text_status,
        evidence.ocr_state,
        evidence.ocr_pages_done,
        evidence.ocr_pages_total,
    )


@time_machine.travel(READ_AT, tick=False)
def test_a_photo_of_a_letter_is_read_by_ocr_and_stays_unchecked_for_publishing(
    reply_event: TimelineEvent,
) -> None:
    # given: a PNG scan of a letter
    evidence = attach_evidence(event=reply_event, name="otvet.png", content=scanned_png(SCAN_LINES))
    assert evidence.ocr_state == OcrState.QUEUED

    # when
    read_evidence(evidence.pk)

    # then: its words are the file's text; OCR may misread a name, so the requester still
    # confirms it before it is published
    assert state_of(evidence) == (TextStatus.NO_TEXT, OcrState.DONE, 1, 1)
    assert f"Ответ: бюджет {UNIQUE_WORD} акимата" in evidence.extracted_text
    assert "17-05/123 от 20.03.2026" in evidence.extracted_text
    assert evidence.text_read_at == READ_AT
    assert evidence.text_source == "ocr"


def test_a_scanned_pdf_without_a_text_layer_is_read_by_ocr(reply_event: TimelineEvent) -> None:
    evidence = attach_evidence(event=reply_event, name="otvet.pdf", content=scanned_pdf(SCAN_LINES))

    read_evidence(evidence.pk)

    assert state_of(evidence) == (TextStatus.NO_TEXT, OcrState.DONE, 1, 1)
    assert f"Ответ: бюджет {UNIQUE_WORD} акимата" in evidence.extracted_text


def test_a_pdf_with_a_typed_page_and_a_scanned_one_keeps_its_pages_in_order(
    reply_event: TimelineEvent,
) -> None:
    evidence = attach_evidence(
        event=reply_event, name="otvet.pdf", content=two_page_pdf(SCAN_LINES)
    )

    read_evidence(evidence.pk)

    # only the scanned page is read by OCR: one page of one
    assert state_of(evidence) == (TextStatus.NO_TEXT, OcrState.DONE, 1, 1)
    typed = evidence.extracted_text.index("Первая страница набрана")
    assert typed == 0
    assert evidence.extracted_text.index(UNIQUE_WORD) > typed


def test_a_pdf_with_a_text_layer_on_every_page_needs_no_ocr_and_is_checked(
    reply_event: TimelineEvent,
) -> None:
    evidence = attach_evidence(event=reply_event, name="otvet.pdf", content=text_pdf(SCAN_LINES))

    read_evidence(evidence.pk)

    assert state_of(evidence) == (TextStatus.EXTRACTED, OcrState.NONE, 0, 0)
    assert evidence.extracted_text == "\n".join(SCAN_LINES)
    assert evidence.text_source == "text_layer"


def test_a_plain_text_file_is_read_whole_without_ocr(reply_event: TimelineEvent) -> None:
    evidence = attach_evidence(event=reply_event, name="otvet.txt", content="Ответ: 12.".encode())
    assert evidence.ocr_state == OcrState.NONE

    read_evidence(evidence.pk)

    assert state_of(evidence) == (TextStatus.EXTRACTED, OcrState.NONE, 0, 0)
    assert evidence.extracted_text == "Ответ: 12."


@pytest.mark.usefixtures("no_tesseract")
def test_without_tesseract_an_image_is_recorded_as_not_read_by_ocr(
    reply_event: TimelineEvent,
) -> None:
    evidence = attach_evidence(event=reply_event, name="otvet.png", content=scanned_png(SCAN_LINES))

    read_evidence(evidence.pk)

    assert state_of(evidence) == (TextStatus.NO_TEXT, OcrState.UNAVAILABLE, 0, 1)
    assert evidence.extracted_text == ""
    assert evidence.text_read_at is not None


@pytest.mark.usefixtures("no_tesseract")
def test_without_tesseract_the_text_layer_of_a_pdf_is_still_stored(
    reply_event: TimelineEvent,
) -> None:
    evidence = attach_evidence(
        event=reply_event, name="otvet.pdf", content=two_page_pdf(SCAN_LINES)
    )

    read_evidence(evidence.pk)

    assert state_of(evidence) == (TextStatus.NO_TEXT, OcrState.UNAVAILABLE, 0, 1)
    assert evidence.extracted_text == "Первая страница набрана"


def test_a_file_read_without_tesseract_is_read_again_once_it_is_installed(
    reply_event: TimelineEvent, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a scan read where Tesseract was missing
    evidence = attach_evidence(event=reply_event, name="otvet.png", content=scanned_png(SCAN_LINES))
    EvidenceFile.objects.filter(pk=evidence.pk).update(
        ocr_state=OcrState.UNAVAILABLE, text_status=TextStatus.NO_TEXT, text_read_at=READ_AT
    )

    # when: it is read again here, where Tesseract is installed
    read_evidence(evidence.pk)

    # then
    assert state_of(evidence) == (TextStatus.NO_TEXT, OcrState.DONE, 1, 1)
    assert UNIQUE_WORD in evidence.extracted_text


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("otvet.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, (TextStatus.NO_TEXT, OcrState.FAILED)),
        ("otvet.pdf", b"%PDF-1.4\nbroken", (TextStatus.FAILED, OcrState.FAILED)),
    ],
)
def test_a_damaged_file_is_recorded_as_failed_and_raises_nothing(
    reply_event: TimelineEvent, name: str, content: bytes, expected: tuple[str, str]
) -> None:
    evidence = attach_evidence(event=reply_event, name=name, content=content)

    read_evidence(evidence.pk)

    assert state_of(evidence)[:2] == expected
    assert evidence.extracted_text == ""
    assert evidence.text_read_at is not None


def test_a_file_already_read_is_not_read_again(reply_event: TimelineEvent) -> None:
    # given: a scan read once
    evidence = attach_evidence(event=reply_event, name="otvet.png", content=scanned_png(SCAN_LINES))
    read_evidence(evidence.pk)
    EvidenceFile.objects.filter(pk=evidence.pk).update(extracted_text="как прочитано в первый раз")

    # when its task is delivered again
    read_evidence(evidence.pk)

    # then nothing was read again
    evidence.refresh_from_db()
    assert evidence.extracted_text == "как прочитано в первый раз"


def test_a_file_left_running_by_a_killed_worker_is_read_again_from_its_first_page(
    reply_event: TimelineEvent,
) -> None:
    # given: a worker died reading the scan (it had saved no text)
    evidence = attach_evidence(event=reply_event, name="otvet.pdf", content=scanned_pdf(SCAN_LINES))
    EvidenceFile.objects.filter(pk=evidence.pk).update(
        ocr_state=OcrState.RUNNING, ocr_pages_done=0, ocr_pages_total=1
    )

    # when its task runs again
    read_evidence(evidence.pk)

    # then
    assert state_of(evidence) == (TextStatus.NO_TEXT, OcrState.DONE, 1, 1)
    assert UNIQUE_WORD in evidence.extracted_text


def test_reading_an_event_reads_each_of_its_files(reply_event: TimelineEvent) -> None:
    scan = attach_evidence(event=reply_event, name="otvet.png", content=scanned_png(SCAN_LINES))
    note = attach_evidence(event=reply_event, name="spravka.txt", content="Справка".encode())

    read_event(reply_event.pk)

    assert state_of(scan)[1:] == (OcrState.DONE, 1, 1)
    assert state_of(note)[:2] == (TextStatus.EXTRACTED, OcrState.NONE)
    assert note.extracted_text == "Справка"


def test_a_text_too_long_is_cut_and_left_unchecked_for_publishing(
    reply_event: TimelineEvent,
) -> None:
    # given: a typed PDF of 2,400 lines of 100 characters (240,000, past the 200,000 kept)
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=6)
    pdf.add_page()
    for number in range(2400):
        pdf.cell(0, 3, f"{number:05d} " + "x" * 94, new_x="LMARGIN", new_y="NEXT")
    evidence = attach_evidence(event=reply_event, name="long.pdf", content=bytes(pdf.output()))

    # when
    read_evidence(evidence.pk)

    # then: its first 200,000 characters are kept, and it is not "checked" (not all was read)
    assert state_of(evidence) == (TextStatus.NO_TEXT, OcrState.NONE, 0, 0)
    assert len(evidence.extracted_text) == 200_000
    assert evidence.extracted_text.startswith("00000 xxx")
