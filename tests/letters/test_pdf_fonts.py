"""The PDFs' fonts are parsed once per process, and the PDFs are byte for byte what fpdf2 makes
when it parses the font files for every PDF."""

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from fpdf import FPDF
from fpdf.fonts import TTFFont

from letters import render
from letters.address_sheet import render_address_sheet
from letters.contexts import LetterKind, sample_context
from letters.render import render_pdf, render_text

MOMENT = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # a PDF carries its creation date


def add_font_from_file(pdf: FPDF, style: str) -> None:
    """How render_pdf added its fonts before: fpdf2 parsing the file for this document."""
    pdf.add_font(render.FAMILY, style, str(render.FONT_FILES[style]))


@pytest.fixture
def fonts_parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The font files parsed from here on (fpdf2 parses one in ``TTFFont.__init__``)."""
    parsed: list[str] = []
    original = TTFFont.__init__

    def parsing(self: TTFFont, fpdf: FPDF, font_file_path: Any, *args: Any) -> None:
        parsed.append(str(font_file_path).rsplit("/", 1)[-1])
        original(self, fpdf, font_file_path, *args)

    render.parsed_font.cache_clear()  # as in a new worker process
    monkeypatch.setattr(TTFFont, "__init__", parsing)
    return parsed


@pytest.mark.parametrize(
    ("kind", "language"),
    [
        (LetterKind.COLLECTIVE_APPEAL, "ru"),
        (LetterKind.COMPLAINT, "kk"),  # the Kazakh letters: ә, ұ, қ, ң, ө, і
        (LetterKind.ATI_REQUEST, "en"),
    ],
)
def test_a_letter_pdf_is_byte_for_byte_the_one_made_by_parsing_the_fonts_for_it(
    kind: LetterKind, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = render_text(sample_context(kind, language))
    with time_machine.travel(MOMENT, tick=False):
        # given: a PDF made as before, each font parsed from its file for this PDF alone
        with monkeypatch.context() as before:
            before.setattr(render, "add_parsed_font", add_font_from_file)
            expected = render_pdf(text, title="Запрос")

        # when: the same letter is made with the fonts parsed once (twice, the second reusing)
        first = render_pdf(text, title="Запрос")
        again = render_pdf(text, title="Запрос")

    # then: the same bytes every time
    assert first == expected
    assert again == expected


def test_a_pdf_embeds_only_its_own_glyphs_after_another_pdf_used_others() -> None:
    # given: a Kazakh letter rendered first, then a short Latin one, in one process
    kazakh = render_text(sample_context(LetterKind.COMPLAINT, "kk"))
    latin = "To the Head of the Agency\n\n# Request\n\nPlease answer."
    with time_machine.travel(MOMENT, tick=False):
        render_pdf(kazakh, title="Шағым")
        after_the_kazakh_one = render_pdf(latin, title="Request")
        render.parsed_font.cache_clear()
        # when: the Latin one alone, in a fresh process's state
        alone = render_pdf(latin, title="Request")

    # then: the Latin PDF carries nothing left over from the Kazakh one
    assert after_the_kazakh_one == alone


def test_the_font_files_are_parsed_once_for_many_pdfs(fonts_parsed: list[str]) -> None:
    # given: a process that has parsed no font yet
    text = render_text(sample_context(LetterKind.COLLECTIVE_APPEAL, "ru"))

    # when: three letters and an address sheet are made
    for number in range(3):
        render_pdf(text, title=f"Обращение {number}")
    render_address_sheet(
        recipient_name="Министерство внутренних дел",
        recipient_address="Астана, ул. Тауелсиздик, 1",
        sender_name="Тимур Ахметов",
        sender_address="Алматы, ул. Абая, 10",
        sender_heading="От кого",
        recipient_heading="Кому",
        title="Адресный лист",
    )

    # then: each of the two font files was parsed once
    assert sorted(fonts_parsed) == ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf"]
