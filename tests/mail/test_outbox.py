"""The outbox of emails to bodies: beat's sweep sends due emails, retries without giving up, and a
person sends a failed one again or stops trying. Counted at a real SMTP server."""

import logging
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from celery import Celery
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.outbox import enqueue_quietly
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.status import Status
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus
from requests_tracker.mail.outgoing import queue_request_email
from requests_tracker.mail.sending import send_due_request_emails
from tests.factories import make_request
from tests.smtp import Inbox, free_port, send_mail_to_local_smtp, smtp_server

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY)
pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_port(settings: SettingsWrapper) -> int:
    port = send_mail_to_local_smtp(settings)
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 3600
    return port


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    with smtp_server(smtp_port) as received:
        yield received


def queued_email(*, subject: str = "Статистика обращений", at: datetime = NOW) -> OutgoingEmail:
    PublicBody.objects.filter(slug="police-kz-75").update(email="kense@police.example.kz")
    information_request = make_request(subject=subject)
    return queue_request_email(
        information_request=information_request,
        intent="request",
        user=information_request.requester,
        now=at,
    )


def sweep_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_due_request_emails(now=moment)


def test_the_sweep_sends_the_due_emails_and_leaves_the_future_ones(inbox: Inbox) -> None:
    # given: one email due at noon, one whose next attempt is at 12:05
    due = queued_email(subject="Первый запрос")
    later = queued_email(subject="Второй запрос")
    OutgoingEmail.objects.filter(pk=later.pk).update(
        next_attempt_at=NOW + timedelta(minutes=5), attempts=1
    )

    # when: beat's sweep runs at 12:01
    sent = sweep_at(NOW + timedelta(minutes=1))

    # then: only the due one went out, once
    assert sent == 1
    assert [message["Message-ID"] for message in inbox.messages] == [due.message_id]
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, due.attempts) == (OutgoingStatus.SENT, 1)
    assert (later.status, later.attempts) == (OutgoingStatus.PENDING, 1)
    assert InformationRequest.objects.get(pk=due.information_request_id).status == Status.SUBMITTED
    assert InformationRequest.objects.get(pk=later.information_request_id).status == Status.DRAFT
    # and a second sweep sends nothing more
    assert sweep_at(NOW + timedelta(minutes=2)) == 0
    assert len(inbox.messages) == 1


def test_a_failure_records_the_attempt_the_error_and_the_next_attempt(smtp_port: int) -> None:
    # given: no SMTP server listening
    outgoing = queued_email()

    # when
    sent = sweep_at(NOW)

    # then: retried one minute later, the request still a draft
    outgoing.refresh_from_db()
    assert sent == 0
    assert outgoing.status == OutgoingStatus.PENDING
    assert outgoing.attempts == 1
    assert outgoing.last_error.startswith("ConnectionRefusedError: [Errno 111]")
    assert outgoing.next_attempt_at == NOW + timedelta(minutes=1)
    assert InformationRequest.objects.get(pk=outgoing.information_request_id).status == (
        Status.DRAFT
    )


def test_a_transient_failure_never_gives_up_and_waits_at_most_an_hour(smtp_port: int) -> None:
    # given: six attempts failed already (the old budget), the seventh due now
    outgoing = queued_email()
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(attempts=6)

    # when: the seventh fails too
    sweep_at(NOW)

    # then: still pending; the wait doubled past an hour (60 s x 2**6), so it is an hour
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts) == (OutgoingStatus.PENDING, 7)
    assert outgoing.next_attempt_at == NOW + timedelta(hours=1)

    # when: the server is back at the next attempt
    with smtp_server(smtp_port) as inbox:
        assert sweep_at(NOW + timedelta(minutes=59)) == 0
        assert sweep_at(NOW + timedelta(hours=1)) == 1

    # then
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts, len(inbox.messages)) == (OutgoingStatus.SENT, 8, 1)


class RefusingMailbox(Inbox):
    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        return "550 5.1.1 <kense@police.example.kz>: mailbox unavailable"


def test_a_permanent_refusal_fails_the_email_at_once(smtp_port: int) -> None:
    # given: a server that refuses the mailbox for good (5xx)
    outgoing = queued_email()
    refusing = RefusingMailbox()
    controller = Controller(refusing, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        # when
        sweep_at(NOW)
    finally:
        controller.stop()

    # then: failed after one attempt, the refusal shown; the sweep no longer tries it
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts) == (OutgoingStatus.FAILED, 1)
    assert outgoing.last_error == (
        "SMTPRecipientsRefused: {'kense@police.example.kz': "
        "(550, b'5.1.1 <kense@police.example.kz>: mailbox unavailable')}"
    )
    assert sweep_at(NOW + timedelta(days=1)) == 0


def page(client: Client, outgoing: OutgoingEmail) -> str:
    return client.get(
        f"/requests/{outgoing.information_request_id}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_page_shows_a_retrying_email_and_stop_trying_fails_it(
    client: Client, smtp_port: int
) -> None:
    # given: two failed attempts, the last refused with a 4xx
    outgoing = queued_email()
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        attempts=2,
        last_error="SMTPDataError: (451, b'4.3.0 try again later')",
        next_attempt_at=datetime(2026, 3, 2, 12, 2, tzinfo=ALMATY),
    )
    client.force_login(outgoing.information_request.requester)

    # then: the page shows it retrying, with the error and the next attempt
    text = page(client, outgoing)
    assert "Retrying: 2 failed attempts" in text
    assert (
        "Last error: <code>SMTPDataError: (451, b&#x27;4.3.0 try again later&#x27;)</code>" in text
    )
    assert '<time datetime="2026-03-02T12:02:00+05:00">02.03.2026 12:02:00</time>' in text
    assert "Stop trying" in text
    assert "Send again" not in text

    # when: the requester stops trying
    url = f"/requests/{outgoing.information_request_id}/emails/{outgoing.pk}/stop-trying/"
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="en", follow=True)

    # then: failed, offered to send again, and the sweep leaves it
    outgoing.refresh_from_db()
    text = response.content.decode()
    assert outgoing.status == OutgoingStatus.FAILED
    assert "The tracker stopped trying to send the email." in text
    assert "Failed: not sent." in text
    assert "Send again" in text
    assert send_due_request_emails(now=NOW + timedelta(days=1)) == 0


@time_machine.travel(NOW, tick=False)
def test_send_again_puts_a_failed_email_back_due_now_and_the_sweep_sends_it(
    client: Client, inbox: Inbox
) -> None:
    # given: an email failed after 3 attempts
    outgoing = queued_email()
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        status=OutgoingStatus.FAILED,
        attempts=3,
        next_attempt_at=NOW + timedelta(minutes=4),
        last_error="SMTPRecipientsRefused: mailbox unavailable",
    )
    client.force_login(outgoing.information_request.requester)
    url = f"/requests/{outgoing.information_request_id}/emails/{outgoing.pk}/send-again/"

    # when
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="en", follow=True)

    # then: pending, due now, attempts counted afresh, shown queued
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts, outgoing.next_attempt_at) == (
        OutgoingStatus.PENDING,
        0,
        NOW,
    )
    assert "The email is queued again." in response.content.decode()
    assert "Queued: it will be sent as soon as possible." in response.content.decode()

    # when: the sweep runs
    assert send_due_request_emails(now=NOW) == 1

    # then: sent once, shown sent; a second click changes nothing
    assert len(inbox.messages) == 1
    assert "Sent <time" in page(client, outgoing)
    again = client.post(url, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Only a failed email can be sent again." in again.content.decode()
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingStatus.SENT


def test_another_users_email_cannot_be_sent_again(client: Client, smtp_port: int) -> None:
    # given: a failed email of someone else's request
    outgoing = queued_email()
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(status=OutgoingStatus.FAILED)
    stranger = make_request(subject="Другой запрос").requester
    client.force_login(stranger)

    # when
    response = client.post(
        f"/requests/{outgoing.information_request_id}/emails/{outgoing.pk}/send-again/"
    )

    # then
    assert response.status_code == 404
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingStatus.FAILED


def test_queuing_with_the_broker_down_logs_and_does_not_raise(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given: a broker address where nothing listens
    dead = Celery("dead-broker", broker=f"redis://127.0.0.1:{free_port()}/0", set_as_current=False)

    @dead.task(name="outbox.test.send")
    def send(row_id: int) -> None:
        raise AssertionError("never run")

    # when
    with caplog.at_level(logging.WARNING, logger="requests_tracker.core.outbox"):
        started = time.monotonic()
        queued = enqueue_quietly(send, 42)
        waited = time.monotonic() - started

    # then: at once (kombu's own retries would wait some 6 seconds), logged, not raised
    assert queued is False
    assert waited < 1
    assert caplog.messages == ["could not queue outbox.test.send; the outbox sweep will send it"]


def test_a_sweep_tries_each_email_once_even_when_its_next_attempt_is_now(
    smtp_port: int, settings: SettingsWrapper
) -> None:
    # given: no wait between attempts, and no SMTP server listening
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    outgoing = queued_email()

    # when
    sweep_at(NOW)

    # then: one attempt in this run, due again at once for the next run
    outgoing.refresh_from_db()
    assert (outgoing.attempts, outgoing.next_attempt_at) == (1, NOW)


def test_an_email_sent_stays_sent_when_its_timeline_event_fails(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: recording the event breaks (a bug, a constraint) after the server accepted the email
    outgoing = queued_email()

    def broken_record_event(**_fields: object) -> None:
        raise RuntimeError("the timeline is broken")

    monkeypatch.setattr("requests_tracker.mail.sending.record_event", broken_record_event)

    # when: two sweeps run
    first, second = sweep_at(NOW), sweep_at(NOW + timedelta(minutes=1))

    # then: sent once, and recorded as sent, not sent again
    outgoing.refresh_from_db()
    assert (first, second, len(inbox.messages)) == (1, 0, 1)
    assert outgoing.status == OutgoingStatus.SENT
