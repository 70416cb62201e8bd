"""The corpus's files are made from a letter's known text, the same bytes on every run, and only
the text PDF, the DOCX and the plain text carry the text as text."""

from datetime import UTC, datetime
from io import BytesIO

import pytest
import time_machine

from tests.reading.corpus_files import FORMS, load_letters, make_file

LETTER = {
    "id": "sample-kk",
    "language": "kk",
    "dpi": 300,
    "text": "Шығ. № 3Т-Ж-456, 05 наурыз 2026 ж.\n\nҚР ҚПК 201-бабына сәйкес бас тартылады.",
}


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@pytest.mark.parametrize("form", FORMS)
def test_a_letter_makes_the_same_bytes_every_time(form: str) -> None:
    letter = {**LETTER, "form": form}

    with time_machine.travel(datetime(2026, 3, 5, 9, 0, tzinfo=UTC), tick=False):
        first = make_file(letter)
    with time_machine.travel(datetime(2027, 1, 2, 17, 30, tzinfo=UTC), tick=False):
        second = make_file(letter)

    assert first == second


def test_another_id_makes_another_scan_of_the_same_text() -> None:
    # The noise and the rotation are seeded by the id.
    assert make_file({**LETTER, "form": "scan_pdf"}) != make_file(
        {**LETTER, "form": "scan_pdf", "id": "sample-kk-2"}
    )


def test_the_text_pdf_carries_the_text_with_its_kazakh_letters() -> None:
    text = pdf_text(make_file({**LETTER, "form": "text_pdf"}))

    assert "Шығ. № 3Т-Ж-456, 05 наурыз 2026 ж." in text
    assert "ҚР ҚПК 201-бабына сәйкес бас тартылады." in text


def test_the_scanned_pdf_is_one_a4_page_with_an_image_and_no_text_layer() -> None:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(make_file({**LETTER, "form": "scan_pdf"})))

    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert page.extract_text().strip() == ""
    assert len(page.images) == 1
    image = page.images[0].image
    assert image is not None
    assert image.size == (2480, 3508)  # A4 at 300 dpi


def test_the_photo_is_a_jpeg_at_its_resolution() -> None:
    from PIL import Image

    with Image.open(BytesIO(make_file({**LETTER, "form": "photo", "dpi": 200}))) as photo:
        assert (photo.format, photo.mode, photo.size) == ("JPEG", "L", (1654, 2339))
        assert photo.info["dpi"] == (200, 200)


def test_the_docx_has_one_paragraph_a_line() -> None:
    from docx import Document

    document = Document(BytesIO(make_file({**LETTER, "form": "docx"})))

    assert [paragraph.text for paragraph in document.paragraphs] == [
        "Шығ. № 3Т-Ж-456, 05 наурыз 2026 ж.",
        "",
        "ҚР ҚПК 201-бабына сәйкес бас тартылады.",
    ]


def test_the_plain_text_is_utf8() -> None:
    assert make_file({**LETTER, "form": "plain"}).decode("utf-8") == LETTER["text"]


def test_the_letters_of_both_folders_are_loaded_in_both_languages() -> None:
    letters = load_letters()

    assert {"ocr-ru-refusal", "ocr-kk-refusal"} <= {letter["id"] for letter in letters}
    assert {letter["language"] for letter in letters} == {"ru", "kk"}
    assert all(letter["form"] in FORMS for letter in letters)
