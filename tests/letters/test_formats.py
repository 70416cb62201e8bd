"""One letter text, four formats: the PDF and DOCX carry it whole, the HTML escapes it, and a
template that names a field the context lacks fails loudly."""

from dataclasses import replace
from io import BytesIO

import docx
import pytest
from jinja2.exceptions import UndefinedError
from pypdf import PdfReader

from letters.contexts import LetterKind, sample_context
from letters.environment import ENVIRONMENT, render_bounded
from letters.render import render_docx, render_html, render_pdf, render_text

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
    assert context.addressee.body_name in paragraphs[0]
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
