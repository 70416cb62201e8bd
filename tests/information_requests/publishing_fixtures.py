"""Shared set-up of the publishing tests: Анна Иванова's submitted request and the body's
replies, received through the real mail ingest."""

from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from pytest_django.fixtures import Settings

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.reply_addresses import reply_address
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.incoming import ingest_message
from requests_tracker.mail.models import IncomingEmail
from tests.factories import UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")
PASSWORD = "correct horse battery staple"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32  # a photo of a page, as far as the tracker can tell


def use_public_settings(settings: Settings, media: Path) -> None:
    """Reply addresses under tracker.example.org, files under ``media``."""
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.MEDIA_ROOT = media


def anna() -> User:
    user: User = UserFactory.create(
        username="anna",
        first_name="Анна Сергеевна",
        last_name="Иванова",
        email="anna.ivanova@example.org",
        preferred_language="ru",
    )
    return user


def submitted_request(requester: User) -> InformationRequest:
    """Her request to the police department, submitted on Monday 2 March 2026."""
    information_request = make_request(
        requester=requester,
        subject="Статистика обращений",
        text="Прошу сообщить число обращений граждан за 2026 год.",
        created_at=datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY),
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, 0, tzinfo=ALMATY),
        recorded_by=requester,
    )
    return information_request


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose text layer holds ``text`` (Latin letters and digits)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A one-page PDF without a text layer, as a scanner makes it: a picture, here a box."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def receive_reply(
    information_request: InformationRequest,
    *,
    text: str,
    files: list[tuple[str, bytes, str]] = [],  # noqa: B006 - never changed
    number: int = 1,
) -> IncomingEmail:
    """The body's reply to the request's reply address, filed by the mail ingest."""
    message = EmailMessage()
    message["From"] = "Канцелярия ДП <kense@police.gov.kz>"
    message["To"] = reply_address(information_request.pk)
    message["Subject"] = "Re: Статистика обращений"
    message["Date"] = "Thu, 12 Mar 2026 15:20:00 +0500"
    message["Message-ID"] = f"<answer-{number}@police.gov.kz>"
    message.set_content(text)
    for name, content, content_type in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    result = ingest_message(
        raw=message.as_bytes(),
        source="pipe",
        now=datetime(2026, 3, 12, 15, 30, tzinfo=ALMATY),
    )
    return result.incoming
