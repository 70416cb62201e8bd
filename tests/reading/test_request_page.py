"""The request page shows, under each file of the timeline, its text (folded), or how its
reading stands: waiting, the page being read, OCR not installed, a file that could not be read."""

from typing import Any

import pytest
from django.test import Client

from requests_tracker.information_requests.evidence_text import OcrState, TextStatus
from requests_tracker.information_requests.models import EvidenceFile, TimelineEvent
from requests_tracker.information_requests.services import attach_evidence
from requests_tracker.reading.pipeline import read_evidence
from tests.reading.conftest import SCAN_LINES, UNIQUE_WORD
from tests.reading.scans import scanned_png, text_pdf

READ_AT = "2026-03-20T05:01:00Z"


def page_of(client: Client, event: TimelineEvent, language: str = "en") -> str:
    client.force_login(event.information_request.requester)
    response = client.get(
        f"/requests/{event.information_request_id}/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return response.content.decode()


def scan_in(event: TimelineEvent, name: str = "otvet.png", **state: Any) -> EvidenceFile:
    evidence = attach_evidence(event=event, name=name, content=scanned_png(SCAN_LINES))
    if state:
        EvidenceFile.objects.filter(pk=evidence.pk).update(**state)
    return evidence


def test_a_scan_read_by_ocr_shows_its_text_folded_under_the_file(
    client: Client, reply_event: TimelineEvent
) -> None:
    evidence = scan_in(reply_event)
    read_evidence(evidence.pk)
    evidence.refresh_from_db()

    page = page_of(client, reply_event)

    assert (
        f'<div class="evidence-text" id="evidence-text-{evidence.pk}">\n'
        '<details><summary>Text of the file <span class="muted">(read by OCR: check it against'
        f' the file)</span></summary><pre class="letter">{evidence.extracted_text}</pre>'
        "</details>\n</div>"
    ) in page
    assert f"бюджет {UNIQUE_WORD} акимата" in page


def test_a_typed_pdf_shows_its_text_without_the_ocr_warning(
    client: Client, reply_event: TimelineEvent
) -> None:
    evidence = attach_evidence(event=reply_event, name="otvet.pdf", content=text_pdf(["Ответ 7"]))
    read_evidence(evidence.pk)

    page = page_of(client, reply_event, "ru")

    assert (
        '<details><summary>Текст файла</summary><pre class="letter">Ответ 7</pre></details>'
    ) in page


@pytest.mark.parametrize(
    ("language", "state", "expected"),
    [
        ("en", {"ocr_state": OcrState.QUEUED}, "The file is waiting to be read."),
        ("ru", {"ocr_state": OcrState.QUEUED}, "Файл ожидает прочтения."),
        (
            "en",
            {"ocr_state": OcrState.RUNNING, "ocr_pages_done": 1, "ocr_pages_total": 3},
            "Reading the scan: page 2 of 3",
        ),
        (
            "ru",
            {"ocr_state": OcrState.RUNNING, "ocr_pages_done": 1, "ocr_pages_total": 3},
            "Распознаём скан: страница 2 из 3",
        ),
        (
            "kk",
            {"ocr_state": OcrState.RUNNING, "ocr_pages_done": 2, "ocr_pages_total": 3},
            "Скан танылуда: 3 беттің 3-беті",
        ),
        (
            "en",
            {"ocr_state": OcrState.UNAVAILABLE, "text_read_at": READ_AT},
            "OCR is not installed on this server: this image could not be read.",
        ),
        (
            "kk",
            {"ocr_state": OcrState.UNAVAILABLE, "text_read_at": READ_AT},
            "Бұл серверде мәтінді тану (OCR) орнатылмаған: бұл суретті оқу мүмкін болмады.",
        ),
        (
            "en",
            {"ocr_state": OcrState.FAILED, "text_read_at": READ_AT},
            "The text of this file could not be read: it may be damaged or protected by a"
            " password. The file itself is kept as it was received.",
        ),
        (
            "ru",
            {"ocr_state": OcrState.FAILED, "text_read_at": READ_AT},
            "Текст этого файла прочитать не удалось: возможно, файл повреждён или защищён"
            " паролем. Сам файл сохранён в том виде, в каком он получен.",
        ),
        (
            "en",
            {"ocr_state": OcrState.DONE, "text_read_at": READ_AT},
            "No text was found in this file.",
        ),
    ],
)
def test_the_page_says_how_the_reading_of_a_scan_stands(
    client: Client,
    reply_event: TimelineEvent,
    language: str,
    state: dict[str, Any],
    expected: str,
) -> None:
    evidence = scan_in(reply_event, **state)

    page = page_of(client, reply_event, language)

    assert (
        f'<div class="evidence-text" id="evidence-text-{evidence.pk}">\n'
        f'<p class="muted ocr-state">{expected}</p>\n'
    ) in page
    assert "<details>" not in page.split(f'id="evidence-text-{evidence.pk}"')[1].split("</div>")[0]


def test_without_ocr_a_pdf_shows_its_text_layer_and_says_only_that_was_read(
    client: Client, reply_event: TimelineEvent
) -> None:
    evidence = attach_evidence(event=reply_event, name="otvet.pdf", content=text_pdf(["Ответ 7"]))
    EvidenceFile.objects.filter(pk=evidence.pk).update(
        ocr_state=OcrState.UNAVAILABLE,
        text_status=TextStatus.NO_TEXT,
        extracted_text="Первая страница",
        text_read_at=READ_AT,
    )

    page = page_of(client, reply_event)

    assert (
        '<p class="muted ocr-state">OCR is not installed on this server: only the text layer was'
        " read.</p>\n"
        '<details><summary>Text of the file</summary><pre class="letter">Первая страница</pre>'
    ) in page
