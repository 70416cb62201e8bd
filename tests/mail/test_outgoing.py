"""A request's letter reaches a real SMTP server once per intent, threaded, and on the timeline."""

import hashlib
from collections.abc import Callable, Iterator
from datetime import datetime
from email.message import EmailMessage
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.core.outbox import enqueue_quietly
from requests_tracker.correspondence.models import Letter
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.incoming import ingest_message
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus
from requests_tracker.mail.outgoing import queue_request_email
from requests_tracker.mail.sending import send_request_email
from requests_tracker.mail.tasks import send_request_email_task
from tests.factories import make_request
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY)
BODY_EMAIL = "kense@police-almaty.example.kz"
pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_port(settings: SettingsWrapper) -> int:
    port = send_mail_to_local_smtp(settings)
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "mail.tracker.example.org"
    return port


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    with smtp_server(smtp_port) as received:
        yield received


def draft_to_body_with_email(email_address: str = BODY_EMAIL) -> InformationRequest:
    PublicBody.objects.filter(slug="police-kz-75").update(email=email_address)
    return make_request(body_slug="police-kz-75")


def queue(information_request: InformationRequest, intent: str = "request") -> OutgoingEmail:
    return queue_request_email(
        information_request=information_request,
        intent=intent,
        user=information_request.requester,
        now=NOW,
    )


def test_the_letter_is_queued_once_and_sent_under_the_requesters_name_with_the_pdf(
    inbox: Inbox, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given
    information_request = draft_to_body_with_email()
    pk = information_request.pk

    # when
    with django_capture_on_commit_callbacks() as callbacks:
        outgoing = queue(information_request)
    sent = send_request_email(outgoing_id=outgoing.pk)

    # then: exactly one send task was enqueued (never failing the caller), for this email
    assert len(callbacks) == 1
    [callback] = callbacks
    assert isinstance(callback, partial)
    assert (callback.func, callback.args) == (
        enqueue_quietly,
        (send_request_email_task, outgoing.pk),
    )
    # and one message arrived, with the headers that thread and file the reply
    assert sent is True
    [message] = inbox.messages
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Дана Журналистова", "tracker@example.org")
    assert message["To"] == BODY_EMAIL
    assert message["Reply-To"].lower() == reply_address(pk).lower()
    # (stripped: Python reads the space before a folded encoded word as part of the value)
    assert message["Subject"].strip() == f"Статистика обращений #{pk}"
    assert message["In-Reply-To"] is None
    outgoing.refresh_from_db()
    assert message["Message-ID"] == outgoing.message_id
    assert outgoing.message_id.endswith("@mail.tracker.example.org>")
    [attachment] = message.iter_attachments()
    assert isinstance(attachment, EmailMessage)
    assert attachment.get_filename() == f"request-{pk}.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n") == outgoing.letter.text
    # what is kept is what was sent, byte for byte (SMTP sends CRLF line endings)
    assert outgoing.status == OutgoingStatus.SENT
    assert (outgoing.attempts, outgoing.last_error) == (1, "")
    with outgoing.raw.open("rb") as stored:
        raw = stored.read()
    assert hashlib.sha256(raw).hexdigest() == outgoing.sha256
    assert raw.replace(b"\n", b"\r\n") == inbox.raw[0]
    # the letter was produced and hashed
    assert (
        outgoing.letter.content_sha256
        == hashlib.sha256(outgoing.letter.text.encode("utf-8")).hexdigest()
    )
    # and the request is submitted by email, at the moment it was sent
    information_request.refresh_from_db()
    assert information_request.status == Status.SUBMITTED
    submitted = information_request.events.get(kind=EventKind.SUBMITTED)
    assert submitted.data == {"channel": "email", "outgoing_email": outgoing.pk}
    assert submitted.occurred_at == outgoing.sent_at


def test_queuing_and_sending_the_same_intent_again_sends_nothing_more(
    inbox: Inbox, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given
    information_request = draft_to_body_with_email()
    first = queue(information_request)
    send_request_email(outgoing_id=first.pk)

    # when
    with django_capture_on_commit_callbacks() as callbacks:
        again = queue(information_request)
    sent_again = send_request_email(outgoing_id=again.pk)

    # then
    assert again.pk == first.pk
    assert callbacks == []
    assert sent_again is False
    assert len(inbox.messages) == 1
    assert OutgoingEmail.objects.count() == 1
    assert Letter.objects.filter(information_request=information_request).count() == 1
    assert information_request.events.filter(kind=EventKind.SUBMITTED).count() == 1


def test_a_reminder_replies_in_the_thread_of_the_first_email(inbox: Inbox) -> None:
    # given: the request went out by email
    information_request = draft_to_body_with_email()
    first = queue(information_request)
    send_request_email(outgoing_id=first.pk)
    first.refresh_from_db()

    # when
    reminder = queue(information_request, "reminder")
    send_request_email(outgoing_id=reminder.pk)

    # then
    assert reminder.pk != first.pk
    assert reminder.in_reply_to == first.message_id
    assert (first.letter.kind, reminder.letter.kind) == ("ati_request", "reminder")
    [_request_message, reminder_message] = inbox.messages
    # (a long header may be folded onto a second line; unfolded, it is the Message-ID)
    assert reminder_message["In-Reply-To"].strip() == first.message_id
    assert reminder_message["References"].strip() == first.message_id
    assert reminder_message["Message-ID"] == reminder.message_id
    sent_events = information_request.events.filter(kind=EventKind.EMAIL_SENT)
    assert [event.data for event in sent_events] == [
        {"channel": "email", "outgoing_email": reminder.pk}
    ]


def test_a_body_without_an_email_address_is_refused_and_nothing_is_saved(
    smtp_port: int, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given
    information_request = draft_to_body_with_email("")

    # when
    with (
        translation.override("en"),
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(DomainError) as refusal,
    ):
        queue(information_request)

    # then
    assert str(refusal.value) == (
        "Police Department of Almaty has no email address in the directory: send the letter "
        "by post or through the body's online reception."
    )
    assert callbacks == []
    assert OutgoingEmail.objects.count() == 0
    assert Letter.objects.filter(information_request=information_request).count() == 0
    assert information_request.events.count() == 1


def bounce_report(message_id: str) -> bytes:
    """A delivery status notification (RFC 3464) as a mail server sends it."""
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.police.example.kz>\r\n"
        "To: tracker@example.org\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <dsn-1@mx.police.example.kz>\r\n"
        "Date: Tue, 03 Mar 2026 10:00:00 +0500\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n"
        "--B\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        "The mail system could not deliver your message.\r\n"
        "--B\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        "Reporting-MTA: dns; mx.police.example.kz\r\n"
        "\r\n"
        "Final-Recipient: rfc822; kense@police.example.kz\r\n"
        "Action: failed\r\n"
        "Status: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable\r\n"
        "--B\r\n"
        "Content-Type: text/rfc822-headers\r\n"
        "\r\n"
        f"Message-ID: {message_id}\r\n"
        "Subject: request\r\n"
        "--B--\r\n"
    ).encode()


def test_a_bounce_marks_the_email_bounced_and_says_so_on_the_timeline(inbox: Inbox) -> None:
    # given: the request's email was sent
    information_request = draft_to_body_with_email()
    outgoing = queue(information_request)
    send_request_email(outgoing_id=outgoing.pk)
    outgoing.refresh_from_db()

    # when: the body's mail server reports that it could not deliver it
    result = ingest_message(
        raw=bounce_report(outgoing.message_id), source="pipe", now=timezone.now()
    )

    # then
    outgoing.refresh_from_db()
    assert outgoing.status == "bounced"
    assert outgoing.last_error == (
        "Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable; Status: 5.1.1; Action: failed"
    )
    event = information_request.events.get(kind=EventKind.EMAIL_BOUNCED)
    assert event.data["outgoing_email"] == outgoing.pk
    assert result.incoming.timeline_event == event
