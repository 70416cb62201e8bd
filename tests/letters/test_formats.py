"""One letter text, four formats: the PDF and DOCX carry it whole, the HTML escapes it, and a
template that names a field the context lacks fails loudly."""

from dataclasses import replace
from io import BytesIO

import docx
import docx.enum.text
import pytest
from jinja2.exceptions import UndefinedError
from pypdf import PdfReader

from letters.contexts import LetterKind, sample_context
from letters.environment import ENVIRONMENT, render_bounded
from letters.render import blocks, render_docx, render_html, render_pdf, render_text

A4_POINTS = (595.28, 841.89)
HOSTILE_TEXT = "<script>alert(1)</script><b>x</b>"


def words(text: str) -> str:
    """Text with its line breaks and runs of spaces collapsed: PDF lines wrap where they fit."""
    return " ".join(text.split())


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return words(" ".join(page.extract_text() for page in reader.pages))


def test_the_kazakh_complaint_pdf_keeps_the_kazakh_letters_and_the_body_name() -> None:
    context = sample_context(LetterKind.COMPLAINT, "kk")
    text = render_text(context)

    extracted = pdf_text(render_pdf(text, title=context.subject))

    for letter in ("ә", "ұ", "қ", "ң", "ө", "і", "Ә"):
        assert letter in extracted
    assert words(context.addressee.body_name) in extracted
    assert "Әкімшілік органның әрекетсіздігіне шағым" in extracted
    assert context.requester.identity_number in extracted


def test_the_pdf_is_a4() -> None:
    context = sample_context(LetterKind.ATI_REQUEST, "ru")

    reader = PdfReader(BytesIO(render_pdf(render_text(context), title=context.subject)))

    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(A4_POINTS, abs=1)


def test_the_docx_carries_the_addressee_the_title_and_the_requester() -> None:
    context = sample_context(LetterKind.ATI_REQUEST, "ru")
    text = render_text(context)

    document = docx.Document(BytesIO(render_docx(text, title=context.subject)))

    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    everything = "\n".join(paragraphs)
    assert paragraphs[0].startswith("Руководителю Департамента полиции города Алматы\n")
    assert "Запрос на получение информации" in paragraphs
    assert context.subject in everything
    assert context.requester.name in paragraphs[0]
    assert context.requester.name in paragraphs[-1]
    assert document.core_properties.title == context.subject


def test_user_text_is_escaped_in_the_html_preview() -> None:
    context = replace(sample_context(LetterKind.ATI_REQUEST, "ru"), text=HOSTILE_TEXT)

    html = render_html(render_text(context), language="ru")

    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in html
    assert "<script>" not in html
    assert "<b>" not in html


def test_user_text_stays_literal_text_in_the_pdf() -> None:
    context = replace(sample_context(LetterKind.ATI_REQUEST, "en"), text=HOSTILE_TEXT)

    extracted = pdf_text(render_pdf(render_text(context), title=context.subject))

    assert HOSTILE_TEXT in extracted


def test_a_template_naming_a_missing_field_raises_instead_of_printing_nothing() -> None:
    template = ENVIRONMENT.from_string("Телефон: {{ requester.phone }}")
    data = sample_context(LetterKind.ATI_REQUEST, "ru").as_template_data()

    with pytest.raises(UndefinedError):
        render_bounded(template, data)


TITLES = {
    "ru": "Запрос на получение информации",
    "kk": "Ақпарат беру туралы сұрау салу",
    "en": "Request for Information",
}


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_text_and_the_html_carry_no_markup_and_the_title_is_a_plain_line(
    language: str,
) -> None:
    for kind in LetterKind:
        text = render_text(sample_context(kind, language))
        assert not [line for line in text.splitlines() if line.startswith(("#", "*", "---"))]
        html = render_html(text, language=language)
        assert "# " not in html
        assert html.count("<h1>") == 1
    text = render_text(sample_context(LetterKind.ATI_REQUEST, language))
    assert f"\n\n{TITLES[language]}\n\n" in text
    assert f"<h1>{TITLES[language]}</h1>" in render_html(text, language=language)


def test_a_title_mark_in_a_template_is_left_out_of_the_text() -> None:
    context = sample_context(LetterKind.ATI_REQUEST, "ru")

    text = render_text(
        context, staff_source="{{ subject }}\n\nТема: {{ subject }}\n\n# Запрос\n\nТекст\n"
    )

    assert (
        text
        == "О предоставлении информации\n\nТема: О предоставлении информации\n\nЗапрос\n\nТекст\n"
    )
    assert [block.kind for block in blocks(text)] == ["header", "reference", "title", "paragraph"]


def test_the_docx_is_a4_with_the_margins_of_office_correspondence() -> None:
    context = sample_context(LetterKind.ATI_REQUEST, "ru")

    document = docx.Document(BytesIO(render_docx(render_text(context), title=context.subject)))

    section = document.sections[0]
    # A4 is 210 × 297 mm; margins left 30, right 10, top and bottom 20 mm (stored in twips, so
    # to a tenth of a millimetre).
    millimetres = [
        round(length.mm, 1) if length is not None else None
        for length in (
            section.page_width,
            section.page_height,
            section.left_margin,
            section.right_margin,
            section.top_margin,
            section.bottom_margin,
        )
    ]
    assert millimetres == [210.0, 297.0, 30.0, 10.0, 20.0, 20.0]
    reference = next(p for p in document.paragraphs if p.text.startswith("Исх. № 12/2026"))
    title = next(p for p in document.paragraphs if p.text == "Запрос на получение информации")
    assert reference.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT
    assert title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    indent = document.paragraphs[0].paragraph_format.left_indent
    assert indent is not None
    assert round(indent.mm, 1) == 85.0


def test_the_pdf_page_is_a4() -> None:
    context = sample_context(LetterKind.MEDIA_REQUEST, "kk")

    reader = PdfReader(BytesIO(render_pdf(render_text(context), title=context.subject)))

    # A4 in points: 210 mm × 72 / 25.4 = 595.28, 297 mm → 841.89.
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == (595.28, 841.89)
