"""OCR of the scanned and photographed letters of the test corpus, against their known text.

The character error rate (CER) of a document is the Levenshtein distance (insertions, deletions
and substitutions of one character each) between the known text and the text read, divided by
the length of the known text, both with every run of whitespace (spaces, line breaks) made one
space and the ends trimmed: where a line breaks on the page, and how wide a gap Tesseract sees
before a signature, are layout, not reading.

Targets: a 300 dpi scan <= 3 % (the issue's). A photo, or a scan at 200 dpi, <= 5 %: a 200 dpi
page has 44 % of the pixels of a 300 dpi one and a photo adds uneven light and perspective, so
they are read worse; measured at about 1-2 %, 5 % still leaves every registration number and date
of these letters readable, while a page read no better than that would lose words to search.
"""

import re
import sys
import time
from collections.abc import Callable
from io import BytesIO

import pytest
from rapidfuzz.distance import Levenshtein

from requests_tracker.reading import ocr
from tests.reading.corpus_files import load_letters, make_file, render_page, scanned_page

SCAN_TARGET = 0.03
LOOSER_BOUND = 0.05


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def character_error_rate(known: str, read: str) -> float:
    reference = normalised(known)
    return Levenshtein.distance(reference, normalised(read)) / len(reference)


def bound_for(letter: dict[str, object]) -> float:
    return SCAN_TARGET if letter["form"] == "scan_pdf" and letter["dpi"] == 300 else LOOSER_BOUND


def read(letter: dict[str, object], content: bytes) -> str:
    if letter["form"] == "scan_pdf":
        assert ocr.pdf_page_count(content) == 1
        return ocr.read_pdf_page(content, 0)
    return ocr.read_image(content)


def png(image: object) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format="PNG", dpi=(300, 300))  # type: ignore[attr-defined]
    return buffer.getvalue()


def test_every_scanned_and_photographed_letter_is_read_within_its_error_bound(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # given: every scan and photo of the corpus, made from its known text
    letters = [letter for letter in load_letters() if letter["form"] in ("scan_pdf", "photo")]
    assert {letter["language"] for letter in letters} == {"ru", "kk"}

    # when: each is read as the worker reads it
    rows = []
    for letter in letters:
        content = make_file(letter)
        started = time.perf_counter()
        text = read(letter, content)
        seconds = time.perf_counter() - started
        rows.append((letter, character_error_rate(str(letter["text"]), text), seconds))

    # then: the table is printed, and each is within its bound
    table = [f"{'id':<32} {'lang':<4} {'form':<8} {'dpi':>3} {'CER':>7} {'seconds':>7}"]
    table += [
        f"{letter['id']!s:<32} {letter['language']!s:<4} {letter['form']!s:<8} "
        f"{letter['dpi']!s:>3} {rate:7.2%} {seconds:7.1f}"
        for letter, rate, seconds in rows
    ]
    with capsys.disabled():  # shown in every run, CI's included
        sys.stdout.write("\n" + "\n".join(table) + "\n")
    over = [(letter["id"], round(rate, 4)) for letter, rate, _ in rows if rate > bound_for(letter)]
    assert over == []


def test_the_character_error_rate_counts_edits_against_the_known_text_spaces_aside() -> None:
    # 1 substitution (к for қ) in 24 characters; the line break and the double space count for
    # nothing
    assert character_error_rate("ҚР ҚПК 201-бабына сәйкес", "ҚР  ҚПК 201-бабына\nсәйкес") == 0
    assert character_error_rate("ҚР ҚПК 201-бабына сәйкес", "ҚР КПК 201-бабына сәйкес") == 1 / 24


def test_a_blank_white_page_reads_as_nothing() -> None:
    assert ocr.read_image(png(render_page("", dpi=300))) == ""


def test_a_blank_scanned_page_reads_as_nothing_not_as_its_paper_grain() -> None:
    # given: a page with no ink, scanned: grey paper, noise, specks
    blank_scan = png(scanned_page("", dpi=300, seed=19))

    # then: the grain is not binarised into letters
    assert ocr.read_image(blank_scan) == ""


def truncated_photo() -> bytes:
    return make_file({"id": "cut", "form": "photo", "dpi": 200, "text": "Исх. № 1"})[:20_000]


@pytest.mark.parametrize(
    "damaged",
    [
        pytest.param(lambda: b"%PDF-1.4 this is no image", id="not-an-image"),
        pytest.param(lambda: b"", id="empty"),
        pytest.param(truncated_photo, id="truncated-jpeg"),
    ],
)
def test_a_damaged_image_raises_unreadable_file(damaged: Callable[[], bytes]) -> None:
    content = damaged()

    with pytest.raises(ocr.UnreadableFileError, match="not a readable image"):
        ocr.read_image(content)


def test_a_damaged_pdf_raises_unreadable_file() -> None:
    # given: a scanned letter's PDF cut in half
    content = make_file({"id": "cut", "form": "scan_pdf", "dpi": 200, "text": "Исх. № 1"})
    cut = content[: len(content) // 2]

    with pytest.raises(ocr.UnreadableFileError, match="not a readable PDF"):
        ocr.pdf_page_count(cut)
    with pytest.raises(ocr.UnreadableFileError, match="not a readable PDF"):
        ocr.read_pdf_page(cut, 0)


def test_unreadable_file_is_a_value_error_and_not_the_missing_tesseract() -> None:
    # The pipeline records a damaged file and moves on; a missing Tesseract is said on the page.
    assert issubclass(ocr.UnreadableFileError, ValueError)
    assert not issubclass(ocr.UnreadableFileError, ocr.OcrUnavailable)
