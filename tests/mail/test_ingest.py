"""Receiving email: each message filed where it belongs, once; a refused one leaves nothing."""

import base64
import io
import logging
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.bodies.contacts import add_contact
from requests_tracker.bodies.models import ContactKind, ContactOrigin, PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.incoming import (
    MessageRefused,
    Outcome,
    assign_incoming,
    discard_incoming,
    ingest_message,
)
from requests_tracker.mail.models import IncomingEmail, IncomingStatus, MatchKind
from requests_tracker.notifications.models import Alert
from requests_tracker.notifications.sending import render_alert
from tests.factories import UserFactory, make_request
from tests.mail.database_faults import fail_updates_of_incoming_email
from tests.workers import database_url

ALMATY = ZoneInfo("Asia/Almaty")
MESSAGES = Path(__file__).parent / "messages"
ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=ALMATY)
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Reasons are compared in English (the catalogues translate them for the sender)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def mail_settings(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.SITE_URL = "https://tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def submitted_request() -> InformationRequest:
    """A request to the police department, submitted on Monday 2 March 2026."""
    information_request = make_request(
        created_at=at(3, 2, 10),
        requester=UserFactory(username="dana", email="dana@example.org", preferred_language="ru"),
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2, 11),
        recorded_by=information_request.requester,
    )
    return information_request


def load(name: str, **values: str) -> bytes:
    """A fixture message with its {{PLACEHOLDERS}} filled in."""
    text = (MESSAGES / name).read_bytes()
    for key, value in values.items():
        text = text.replace(f"{{{{{key}}}}}".encode(), value.encode())
    return text


def counts() -> tuple[int, int, int, int]:
    return (
        IncomingEmail.objects.count(),
        TimelineEvent.objects.count(),
        EvidenceFile.objects.count(),
        Alert.objects.count(),
    )


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_a_reply_with_a_cyrillic_named_pdf_is_filed_with_its_file_and_an_alert(
    submitted_request: InformationRequest,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given
    raw = load("answer_with_pdf.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))

    # when
    with django_capture_on_commit_callbacks() as callbacks:
        result = ingest_message(raw=raw, source="pipe", now=NOW)

    # then: the message is kept raw, with its hash, and filed
    incoming = result.incoming
    assert result.outcome == Outcome.FILED
    assert incoming.match == MatchKind.EXACT
    assert incoming.status == IncomingStatus.FILED
    assert incoming.information_request == submitted_request
    assert incoming.message_id == "20260312152000.1234@police.gov.kz"
    assert incoming.from_address == "Канцелярия ДП <kense@police.gov.kz>"
    assert incoming.to_addresses == [reply_address(submitted_request.pk)]
    assert incoming.subject == "Re: Статистика обращений"
    assert incoming.text_body.startswith("Уважаемая Дана!\n\nНаправляем ответ на ваш запрос.")
    assert incoming.size == len(raw)
    assert incoming.raw.name.endswith(f"{incoming.sha256}.eml")
    with incoming.raw.open("rb") as stored:
        assert stored.read() == raw
    # a timeline event, dated by the Date header
    event = TimelineEvent.objects.get(information_request=submitted_request, kind="reply_received")
    assert incoming.timeline_event == event
    assert event.occurred_at == at(3, 12, 15, 20)
    assert event.recorded_by is None
    assert event.data == {
        "incoming_email": incoming.pk,
        "from": "Канцелярия ДП <kense@police.gov.kz>",
        "subject": "Re: Статистика обращений",
    }
    # the attachment, as evidence of the event
    evidence = event.evidence_files.get()
    assert evidence.original_name == "Ответ на запрос.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == 329
    # the requester is told, once the transaction commits
    alert = Alert.objects.get()
    assert alert.recipient == submitted_request.requester
    assert alert.kind == "reply_received"
    assert alert.dedupe_key == f"incoming:{incoming.pk}:reply_received"
    # the legal deadline's due date: 15 days from the submission on 2 March
    assert alert.context["due_date"] == "2026-03-17"
    assert alert.context["due_date"] == (
        submitted_request.deadlines.get(is_legal_deadline=True).due_date.isoformat()
    )
    assert alert.context["request_url"] == (
        f"https://tracker.example.org/requests/{submitted_request.pk}/"
    )
    # and the reply's files are read in the worker (reading/queueing.py), once
    assert [getattr(callback, "reading_event_id", None) for callback in callbacks] == [
        event.pk,
        None,
    ]


def test_the_reply_alert_renders_in_the_requesters_language(
    submitted_request: InformationRequest,
) -> None:
    raw = load("answer_with_pdf.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))
    ingest_message(raw=raw, source="pipe", now=NOW)

    subject, text, _html = render_alert(Alert.objects.get())

    assert subject == "Пришёл ответ: Статистика обращений"
    assert "пришло письмо от Канцелярия ДП <kense@police.gov.kz>" in text
    assert f"https://tracker.example.org/requests/{submitted_request.pk}/" in text


def test_a_quoted_printable_russian_body_is_decoded(
    submitted_request: InformationRequest,
) -> None:
    raw = load("quoted_printable_russian.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.outcome == Outcome.FILED
    assert result.incoming.subject == "О регистрации запроса"
    assert result.incoming.from_address == "Ахметова Айгуль <ahmetova@police.gov.kz>"
    assert result.incoming.text_body == (
        "Уважаемая Дана Журналистова!\n\n"
        "Сообщаем, что ваш запрос зарегистрирован за № 3Т-1207 и передан\n"
        "в управление административной полиции. Ответ будет направлен в срок,\n"
        "установленный законом.\n\n"
        "Исполнитель: Ахметова А., тел. 8 (7172) 71-22-00"
    )
    assert result.incoming.html_body == ""


def test_an_html_only_message_is_sanitised_and_gets_a_text_version(
    submitted_request: InformationRequest,
) -> None:
    raw = load("html_only.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))

    result = ingest_message(raw=raw, source="webhook", now=NOW)

    incoming = result.incoming
    assert result.outcome == Outcome.FILED
    assert "<script" not in incoming.html_body
    assert "alert(" not in incoming.html_body
    assert "onload" not in incoming.html_body
    assert "onclick" not in incoming.html_body
    assert '<a href="https://stat.gov.kz" rel="noopener noreferrer">stat.gov.kz</a>' in (
        incoming.html_body
    )
    assert incoming.text_body == (
        "Dear Dana,\n"
        "The figures you asked for are «not held» by the akimat.\n"
        "Please write to the statistics bureau.\n\n"
        "stat.gov.kz"
    )


@pytest.mark.parametrize("forwarded_to", ["reply address", "info@tracker.example.org"])
def test_a_reply_forwarded_by_the_journalist_is_filed_on_its_request(
    submitted_request: InformationRequest, forwarded_to: str
) -> None:
    # given: the body answered the journalist's own mailbox; she forwards it to the tracker,
    # either to the reply address or to a general one (the quoted letter still shows ours)
    address = reply_address(submitted_request.pk)
    raw = load(
        "forwarded_by_journalist.eml",
        REPLY_ADDRESS=address,
        FORWARD_TO=address if forwarded_to == "reply address" else forwarded_to,
    )

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.outcome == Outcome.FILED
    assert result.incoming.match == MatchKind.EXACT
    assert result.incoming.information_request == submitted_request
    assert result.incoming.subject == "Fwd: Ответ на запрос"
    assert "запрашиваемая информация размещена на сайте" in result.incoming.text_body
    event = result.incoming.timeline_event
    assert event is not None
    assert event.kind == EventKind.REPLY_RECEIVED
    assert event.occurred_at == at(3, 17, 19, 2, 44)


def test_an_out_of_office_is_filed_as_a_note_without_an_alert(
    submitted_request: InformationRequest,
) -> None:
    raw = load("out_of_office.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    incoming = result.incoming
    assert result.outcome == Outcome.FILED
    assert incoming.is_auto_reply is True
    assert incoming.subject == "Автоматический ответ: Статистика обращений"
    event = incoming.timeline_event
    assert event is not None
    assert event.kind == EventKind.NOTE
    assert event.data == {"incoming_email": incoming.pk, "auto_reply": True}
    assert not TimelineEvent.objects.filter(kind=EventKind.REPLY_RECEIVED).exists()
    assert Alert.objects.count() == 0


@pytest.mark.parametrize(
    ("header", "subject"),
    [
        ("X-Autoreply: yes", "Ответ"),
        ("X-Autorespond: yes", "Ответ"),
        ("Precedence: auto_reply", "Ответ"),
        ("X-Mailer: Outlook", "Out of Office: back on 20 March"),
        ("X-Mailer: Outlook", "Автоответ: в отпуске"),
    ],
)
def test_other_marks_of_an_automatic_reply_are_recognised(
    submitted_request: InformationRequest, header: str, subject: str
) -> None:
    raw = (
        f"From: n.seitkali@police.gov.kz\nTo: {reply_address(submitted_request.pk)}\n"
        f"Subject: {subject}\nMessage-ID: <auto-{abs(hash(header + subject))}@police.gov.kz>\n"
        f"{header}\nContent-Type: text/plain; charset=utf-8\n\nВ отпуске.\n"
    ).encode()

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.incoming.is_auto_reply is True
    assert Alert.objects.count() == 0


def test_auto_submitted_no_is_an_ordinary_reply(submitted_request: InformationRequest) -> None:
    raw = (
        f"From: kense@police.gov.kz\nTo: {reply_address(submitted_request.pk)}\n"
        "Subject: Ответ\nAuto-Submitted: no\nMessage-ID: <manual-1@police.gov.kz>\n\nОтвет.\n"
    ).encode()

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.incoming.is_auto_reply is False
    assert Alert.objects.count() == 1


def give_email(slug: str, address: str) -> None:
    add_contact(
        body=PublicBody.objects.get(slug=slug),
        kind=ContactKind.EMAIL,
        value=address,
        source_note="Письмо канцелярии, март 2026",
        checked_on=None,
        origin=ContactOrigin.STAFF,
        added_by=None,
        now=NOW,
    )


def test_a_mistyped_code_from_the_bodys_address_is_held_with_the_request_suggested(
    submitted_request: InformationRequest,
) -> None:
    give_email("police-kz-75", "kense@police.gov.kz")
    mistyped = f"reply+{submitted_request.pk}-0123456789@tracker.example.org"
    before = TimelineEvent.objects.count()

    result = ingest_message(
        raw=load("mistyped_code.eml", MISTYPED_ADDRESS=mistyped), source="pipe", now=NOW
    )

    assert result.outcome == Outcome.HELD
    assert result.incoming.match == MatchKind.SUGGESTED
    assert result.incoming.status == IncomingStatus.HELD
    assert result.incoming.suggested_request == submitted_request
    assert result.incoming.information_request is None
    assert TimelineEvent.objects.count() == before
    assert Alert.objects.count() == 0


def test_our_subject_marker_from_the_bodys_domain_is_held_with_the_request_suggested() -> None:
    # The subject is ours, as mail.outgoing.subject_for writes it; the sender is on the
    # domain of the prosecutor's office the request went to.
    give_email("prosecutor-kz-75", "kense@prokuror.example.kz")
    to_prosecutor = make_request(body_slug="prosecutor-kz-75")
    record_event(
        information_request=to_prosecutor,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2, 11),
        recorded_by=to_prosecutor.requester,
    )
    raw = load("no_address_of_ours.eml", SUBJECT=f"Re: Статистика обращений #{to_prosecutor.pk}")

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.outcome == Outcome.HELD
    assert result.incoming.match == MatchKind.SUGGESTED
    assert result.incoming.suggested_request == to_prosecutor


def test_a_request_number_written_by_a_person_is_not_a_suggestion(
    submitted_request: InformationRequest,
) -> None:
    # Before issue 14 "запрос № N" suggested request N, whoever wrote it and to whichever body.
    raw = load("no_address_of_ours.eml", SUBJECT=f"Re: запрос № {submitted_request.pk}")

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.outcome == Outcome.HELD
    assert result.incoming.match == MatchKind.UNMATCHED
    assert result.incoming.suggested_request is None


def test_a_message_with_no_address_of_ours_is_held_unmatched(
    submitted_request: InformationRequest,
) -> None:
    raw = load("no_address_of_ours.eml", SUBJECT="Ответ на обращение")

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.outcome == Outcome.HELD
    assert result.incoming.match == MatchKind.UNMATCHED
    assert result.incoming.status == IncomingStatus.HELD
    assert result.incoming.suggested_request is None
    assert result.incoming.from_address == "Prosecutor's Office <office@prokuror.example.kz>"


def test_a_reply_to_a_draft_is_held_for_staff() -> None:
    draft = make_request()
    raw = load("quoted_printable_russian.eml", REPLY_ADDRESS=reply_address(draft.pk))

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.outcome == Outcome.HELD
    assert result.incoming.match == MatchKind.SUGGESTED
    assert result.incoming.suggested_request == draft


def test_the_same_message_twice_is_filed_once(submitted_request: InformationRequest) -> None:
    raw = load("answer_with_pdf.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))
    first = ingest_message(raw=raw, source="pipe", now=NOW)
    after_first = counts()

    second = ingest_message(raw=raw, source="webhook", now=NOW)

    assert second.outcome == Outcome.DUPLICATE
    assert second.incoming.pk == first.incoming.pk
    assert counts() == after_first == (1, 3, 1, 1)


def test_a_message_without_a_message_id_is_known_by_its_hash(
    submitted_request: InformationRequest,
) -> None:
    raw = (
        f"From: kense@police.gov.kz\nTo: {reply_address(submitted_request.pk)}\n"
        "Subject: Ответ\n\nОтвет без Message-ID.\n"
    ).encode()

    first = ingest_message(raw=raw, source="pipe", now=NOW)
    second = ingest_message(raw=raw, source="pipe", now=NOW)

    assert first.incoming.message_id == f"sha256:{first.incoming.sha256}"
    assert second.outcome == Outcome.DUPLICATE
    assert IncomingEmail.objects.count() == 1


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ((MESSAGES / "malformed_binary.eml").read_bytes(), "This is not an email message"),
        (b"just a line of text, no headers\n", "This is not an email message"),
        (b"", "The message is empty."),
        (
            (MESSAGES / "malformed_multipart.eml").read_bytes(),
            "The message structure is broken (NoBoundaryInMultipartDefect).",
        ),
    ],
)
def test_malformed_input_is_refused_and_nothing_is_saved(
    submitted_request: InformationRequest,
    mail_settings: Path,
    caplog: pytest.LogCaptureFixture,
    raw: bytes,
    reason: str,
) -> None:
    before = counts()

    with (
        caplog.at_level(logging.WARNING, logger="requests_tracker.mail.incoming"),
        pytest.raises(MessageRefused, match=reason.replace("(", r"\(").replace(")", r"\)")),
    ):
        ingest_message(raw=raw, source="pipe", now=NOW)

    assert counts() == before
    assert stored_files(mail_settings) == []
    assert f"Refused a message received through pipe: {reason}" in caplog.text


def test_an_attachment_over_the_limit_refuses_the_whole_message(
    submitted_request: InformationRequest,
    settings: SettingsWrapper,
    mail_settings: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.EVIDENCE_MAX_BYTES = 300  # the PDF is 329 bytes
    raw = load("answer_with_pdf.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))
    before = counts()

    with pytest.raises(MessageRefused) as refusal:
        ingest_message(raw=raw, source="pipe", now=NOW)

    assert refusal.value.reason == (
        "“Ответ на запрос.pdf” is 0.0 MB; files up to 0 MB are accepted."
    )
    assert counts() == before
    assert stored_files(mail_settings) == []
    assert "Refused a message received through pipe: “Ответ на запрос.pdf” is" in caplog.text


def message_with_zip(to: str, archive: bytes, name: str = "документы.zip") -> bytes:
    message = EmailMessage()
    message["From"] = "kense@police.gov.kz"
    message["To"] = to
    message["Subject"] = "Документы"
    message["Message-ID"] = f"<zip-{len(archive)}@police.gov.kz>"
    message.set_content("Документы во вложении.")
    message.add_attachment(archive, maintype="application", subtype="zip", filename=name)
    return message.as_bytes()


def test_a_zip_bomb_refuses_the_whole_message(
    submitted_request: InformationRequest,
    mail_settings: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given: 50 MB of zeros, a few dozen kilobytes compressed
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * 50_000_000)
    raw = message_with_zip(reply_address(submitted_request.pk), buffer.getvalue())
    before = counts()

    with pytest.raises(MessageRefused) as refusal:
        ingest_message(raw=raw, source="pipe", now=NOW)

    assert refusal.value.reason == (
        "The archive “документы.zip” unpacks to too much data to be accepted."
    )
    assert counts() == before
    assert stored_files(mail_settings) == []
    assert "unpacks to too much data" in caplog.text


def test_a_zip_with_too_many_members_refuses_the_whole_message(
    submitted_request: InformationRequest,
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(1001):
            archive.writestr(f"{number}.txt", b"x")
    raw = message_with_zip(reply_address(submitted_request.pk), buffer.getvalue())
    before = counts()

    with pytest.raises(MessageRefused, match="has more than 1000 files"):
        ingest_message(raw=raw, source="pipe", now=NOW)

    assert counts() == before


def test_an_ordinary_zip_is_opened_and_its_text_kept(
    submitted_request: InformationRequest,
) -> None:
    # given: a ZIP is not kept on its own; its files are (tests/mail/test_attachments.py)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ответ.txt", "Число обращений: 1 207.".encode())
    raw = message_with_zip(reply_address(submitted_request.pk), buffer.getvalue())

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.outcome == Outcome.FILED
    event = result.incoming.timeline_event
    assert event is not None
    assert "attachments_not_kept" not in event.data
    assert [file.original_name for file in event.evidence_files.all()] == ["ответ.txt"]


def test_staff_assign_a_held_message_and_it_is_filed_like_an_exact_match(
    submitted_request: InformationRequest,
    ngo_staff: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    mistyped = f"reply+{submitted_request.pk}-0123456789@tracker.example.org"
    held = ingest_message(
        raw=load("mistyped_code.eml", MISTYPED_ADDRESS=mistyped), source="pipe", now=NOW
    ).incoming

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        filed = assign_incoming(
            incoming=held, information_request=submitted_request, user=ngo_staff, now=NOW
        )

    assert filed.status == IncomingStatus.FILED
    assert filed.information_request == submitted_request
    event = filed.timeline_event
    assert event is not None
    assert event.kind == EventKind.REPLY_RECEIVED
    assert event.recorded_by == ngo_staff
    assert event.occurred_at == at(3, 13, 10)
    assert event.data == {
        "incoming_email": held.pk,
        "from": "kense@police.gov.kz",
        "subject": "Ответ",
    }
    assert Alert.objects.get().dedupe_key == f"incoming:{held.pk}:reply_received"
    # the alert, and the reading of the reply (reading/queueing.py)
    assert [getattr(callback, "reading_event_id", None) for callback in callbacks] == [
        event.pk,
        None,
    ]
    with pytest.raises(DomainError, match=r"Only a message in the holding queue can be assigned\."):
        assign_incoming(
            incoming=held, information_request=submitted_request, user=ngo_staff, now=NOW
        )


def test_staff_discard_a_held_message(ngo_staff: Any) -> None:
    held = ingest_message(
        raw=load("no_address_of_ours.eml", SUBJECT="Реклама"), source="pipe", now=NOW
    ).incoming

    discarded = discard_incoming(incoming=held, user=ngo_staff)

    assert discarded.status == IncomingStatus.DISCARDED
    assert IncomingEmail.objects.get().status == IncomingStatus.DISCARDED


# --- The request page ------------------------------------------------------------------------


def test_the_request_page_lists_a_reply_to_classify_until_it_is_classified(
    submitted_request: InformationRequest, client: Client
) -> None:
    # given
    raw = load("answer_with_pdf.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))
    ingest_message(raw=raw, source="pipe", now=NOW)
    client.force_login(submitted_request.requester)
    url = f"/requests/{submitted_request.pk}/"

    # when / then: the reply waits to be classified, with links to the forms
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="replies"' in page
    assert "Канцелярия ДП &lt;kense@police.gov.kz&gt;: Re: Статистика обращений" in page
    assert 'href="#record-answered"' in page
    assert 'href="#record-refused"' in page
    assert 'id="record-answered"' in page

    # when the requester records the answer, the prompt goes
    record_event(
        information_request=submitted_request,
        kind=EventKind.ANSWERED,
        occurred_at=at(3, 12, 15, 20),
        recorded_by=submitted_request.requester,
    )
    page = client.get(url).content.decode()
    assert 'id="replies"' not in page


# --- Attachment names ----------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def reply_with_attachment(reply_to: str, filename_parameter: str) -> bytes:
    """A reply with one PDF whose Content-Disposition carries the given filename parameter."""
    return (
        f"From: kense@police.gov.kz\r\nTo: {reply_to}\r\nSubject: Ответ\r\n"
        "Message-ID: <names-1@police.gov.kz>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="part"\r\n\r\n'
        "--part\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nОтвет во вложении.\r\n"
        "--part\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        f"Content-Disposition: attachment; {filename_parameter}\r\n\r\n"
        f"{base64.b64encode(PDF).decode()}\r\n--part--\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("filename_parameter", "stored_name"),
    [
        ("filename*=utf-8''.", "attachment-1"),
        ("filename*=utf-8''..", "attachment-1"),
        ('filename=""', "attachment-1"),
        ("filename*=utf-8''..%2F..%2Fx.pdf", "attachment-1.pdf"),  # ../../x.pdf
        ("filename*=utf-8''..%5C..%5Cx.pdf", "attachment-1.pdf"),  # ..\..\x.pdf
        ("filename*=utf-8''%D0%9E%D1%82%D0%B2%D0%B5%D1%82%00.pdf", "attachment-1.pdf"),  # NUL
        ("filename*=utf-8''%3F%3F%3F.pdf", "attachment-1.pdf"),  # ???.pdf: nothing to keep
        ("filename*=utf-8''a%0Ab.pdf", "attachment-1.pdf"),  # a line break
        ('filename="x.' + "y" * 150 + '"', "x." + "y" * 62),  # no extension worth keeping
        # A long plain name is shortened to 64 characters, keeping its extension.
        ('filename="' + "о" * 200 + '.pdf"', "о" * 60 + ".pdf"),
        (
            "filename*=utf-8''%D0%9E%D1%82%D0%B2%D0%B5%D1%82%20%D0%BD%D0%B0%20%D0%B7%D0%B0%D0%BF"
            "%D1%80%D0%BE%D1%81.pdf",
            "Ответ на запрос.pdf",  # a plain name is kept as sent
        ),
    ],
)
def test_an_attachment_name_that_is_not_a_plain_file_name_is_replaced(
    submitted_request: InformationRequest,
    mail_settings: Path,
    filename_parameter: str,
    stored_name: str,
) -> None:
    # given
    raw = reply_with_attachment(reply_address(submitted_request.pk), filename_parameter)
    output = io.StringIO()

    # when: through the command, which these names used to crash
    call_command("ingest_email", stdin=io.BytesIO(raw), stdout=output)

    # then: the reply is filed with its file, and only its files are stored
    incoming = IncomingEmail.objects.get()
    assert incoming.status == IncomingStatus.FILED
    evidence = EvidenceFile.objects.get()
    assert evidence.event == incoming.timeline_event
    assert evidence.original_name == stored_name
    with evidence.file.open("rb") as stored:
        assert stored.read() == PDF
    assert sorted(stored_files(mail_settings)) == sorted(
        [mail_settings / incoming.raw.name, mail_settings / evidence.file.name]
    )


# --- The command the MTA pipes into ------------------------------------------------------------


def test_the_command_files_a_piped_message(submitted_request: InformationRequest) -> None:
    raw = load("answer_with_pdf.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))
    output = io.StringIO()

    call_command("ingest_email", stdin=io.BytesIO(raw), stdout=output)

    incoming = IncomingEmail.objects.get()
    assert incoming.source == "pipe"
    assert output.getvalue() == (
        f"filed: message {incoming.pk} <20260312152000.1234@police.gov.kz>, "
        f"match exact, request {submitted_request.pk}\n"
    )


def test_the_command_refuses_malformed_input_with_ex_dataerr() -> None:
    with pytest.raises(CommandError) as error:
        call_command("ingest_email", stdin=io.BytesIO(b"\x00\x01garbage"))

    assert error.value.returncode == 65
    assert str(error.value) == ("Refused: This is not an email message: it has no sender header.")
    assert IncomingEmail.objects.count() == 0


def test_a_database_error_while_filing_exits_75_and_leaves_no_row_and_no_file(
    submitted_request: InformationRequest, mail_settings: Path
) -> None:
    # given: the raw message and its PDF are written before the message's row is updated
    raw = load("answer_with_pdf.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))
    before = counts()
    fail_updates_of_incoming_email()

    # when
    with pytest.raises(CommandError) as error:
        call_command("ingest_email", stdin=io.BytesIO(raw))

    # then: the MTA keeps the message and retries; nothing of it is left here
    assert error.value.returncode == 75
    assert "could not write block: disk full" in str(error.value)
    assert counts() == before
    assert stored_files(mail_settings) == []


def run_command(
    raw: bytes, database_url: str, media: Path, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """The command as the MTA runs it, with the production settings."""
    return subprocess.run(
        [sys.executable, "manage.py", "ingest_email"],
        input=raw,
        capture_output=True,
        cwd=ROOT,
        env={
            **{key: value for key, value in os.environ.items() if not key.startswith("CELERY_")},
            "DJANGO_SETTINGS_MODULE": "requests_tracker.settings",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media),
            "REPLY_PREFIX": settings.REPLY_PREFIX,
            "REPLY_DOMAIN": settings.REPLY_DOMAIN,
            **env,
        },
        timeout=60,
        check=False,
    )


def test_the_mta_sees_exit_status_65_and_the_reason_for_a_refused_message(
    tmp_path: Path, mail_settings: Path
) -> None:
    # A refusal touches no table: an empty database of its own is enough for the process.
    completed = run_command(
        b"\x00\x01garbage", f"sqlite:///{tmp_path / 'empty.sqlite3'}", mail_settings
    )

    assert completed.returncode == 65
    # (in the default language, Russian, once the catalogues translate the reason)
    assert "CommandError: Refused: " in completed.stderr.decode()
    assert stored_files(mail_settings) == []


def test_the_mta_sees_exit_status_75_when_the_database_is_down(mail_settings: Path) -> None:
    raw = b"From: kense@police.gov.kz\nTo: x@y.kz\nSubject: hi\n\nhi\n"

    completed = run_command(raw, "postgres://tracker@127.0.0.1:1/tracker", mail_settings)

    assert completed.returncode == 75
    assert "Temporary failure, try again later: OperationalError" in completed.stderr.decode()
    assert stored_files(mail_settings) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_broker_down_the_reply_is_stored_and_its_alert_waits(
    submitted_request: InformationRequest, mail_settings: Path
) -> None:
    # given: Redis, the broker and the cache, does not answer (nothing listens on port 1)
    raw = load("answer_with_pdf.eml", REPLY_ADDRESS=reply_address(submitted_request.pk))

    # when
    completed = run_command(
        raw,
        database_url(),
        mail_settings,
        REDIS_URL="redis://127.0.0.1:1/0",
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
    )

    # then: the message was committed before the alert was queued, so it is delivered (exit 0)
    # and the alert is a row the catch-up sends; exit 75 would make the MTA deliver it twice
    assert completed.returncode == 0, completed.stderr.decode()
    incoming = IncomingEmail.objects.get()
    assert completed.stdout.decode() == (
        f"filed: message {incoming.pk} <20260312152000.1234@police.gov.kz>, "
        f"match exact, request {submitted_request.pk}\n"
    )
    assert (
        "could not queue requests_tracker.notifications.tasks.send_alerts_task; "
        "the outbox sweep will send it"
    ) in completed.stderr.decode()
    assert incoming.status == IncomingStatus.FILED
    assert Alert.objects.filter(recipient=submitted_request.requester).count() == 1
    assert sorted(path.name for path in stored_files(mail_settings)) == [
        f"{incoming.sha256}.eml",
        "Ответ_на_запрос.pdf",
    ]


def test_a_nul_character_in_a_body_is_dropped(submitted_request: InformationRequest) -> None:
    # PostgreSQL text cannot hold NUL; a broken mailer sends it now and then.
    raw = (
        f"From: kense@police.gov.kz\nTo: {reply_address(submitted_request.pk)}\n"
        "Subject: Ответ\nMessage-ID: <nul-1@police.gov.kz>\n"
        "Content-Type: text/plain; charset=utf-8\n\nОтвет\x00 на запрос.\n"
    ).encode()

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.incoming.text_body == "Ответ на запрос."
