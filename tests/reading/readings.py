"""Replies as the tests build them: ``Found`` values located by hand in a known text, the body's
letter as a PDF, the email that carries it."""

from email.message import EmailMessage
from pathlib import Path

from django.conf import settings

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.mail.addresses import reply_address
from requests_tracker.reading.detection import Found
from tests.reading.scans import scanned_pdf

FONT = Path(settings.BASE_DIR) / "letters" / "fonts" / "DejaVuSans.ttf"


def found(text: str, phrase: str, *, sentence: str, value: str | None = None) -> Found:
    """``phrase`` in ``text``, standing in ``sentence`` (both found by their first occurrence)."""
    sentence_start = text.index(sentence)
    start = text.index(phrase, sentence_start)
    return Found(
        value=phrase if value is None else value,
        start=start,
        end=start + len(phrase),
        sentence_start=sentence_start,
        sentence_end=sentence_start + len(sentence),
    )


REFUSAL_RU = (
    "Исх. № 3Т-Ж-123 от 05.03.2026\n"
    "На Ваш запрос от 02.03.2026 сообщаем следующее.\n"
    "В соответствии со статьёй 201 УПК РК в предоставлении информации отказано.\n"
    "Начальник канцелярии А. Серіков\n"
)


def refusal_scan(text: str = REFUSAL_RU) -> bytes:
    """The body's signed letter as it is scanned: a PDF holding only a 300 dpi image of the page
    (no text layer), as ``tests/reading/scans.py`` draws it."""
    return scanned_pdf(text.splitlines())


def refusal_pdf(text: str = REFUSAL_RU) -> bytes:
    """The body's letter as a one-page PDF with a text layer, in Cyrillic (DejaVu Sans)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    for line in text.splitlines():
        pdf.multi_cell(0, 8, line, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def reply_with(
    information_request: InformationRequest,
    *,
    files: list[tuple[str, bytes, str]],
    text: str = "Ответ во вложении.",
    sent: str = "Thu, 05 Mar 2026 15:20:00 +0500",
    number: int = 1,
) -> bytes:
    """The body's reply to the request's reply address, with (name, content, type) files."""
    message = EmailMessage()
    message["From"] = "Канцелярия ДП <kense@police.gov.kz>"
    message["To"] = reply_address(information_request.pk)
    message["Subject"] = "Ответ на запрос"
    message["Date"] = sent
    message["Message-ID"] = f"<refusal-{information_request.pk}-{number}@police.gov.kz>"
    message.set_content(text)
    for name, content, content_type in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()
