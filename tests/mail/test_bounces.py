"""Bounces and delays of our email to a body, with a real SMTP server.

The request's email really goes through the outbox to aiosmtpd; the body's mail server's report
(Exchange's 5.1.1, Postfix's 5.2.2, a Postfix delay) is built on the Message-ID actually sent. A
permanent failure alerts the requester once, and the legal clock does not run for a letter that
never arrived; a delay is only a delay.
"""

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import DeadlineState, InformationRequest
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.mail.incoming import ingest_message
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus
from requests_tracker.mail.outgoing import queue_request_email
from requests_tracker.mail.sending import send_due_request_emails
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.sweep import sweep_deadlines
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.sending import send_due_alerts
from tests.factories import make_request
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

ALMATY = ZoneInfo("Asia/Almaty")
MESSAGES = Path(__file__).parent / "messages"
BODY_EMAIL = "kense@police.example.kz"
pytestmark = pytest.mark.django_db

EXCHANGE_REASON = (
    "Diagnostic-Code: smtp;550 5.1.1 RESOLVER.ADR.RecipNotFound; not found; "
    "Status: 5.1.1; Action: failed"
)
POSTFIX_REASON = (
    "Diagnostic-Code: smtp; 552 5.2.2 <kense@police.example.kz>: Recipient address rejected: "
    "Mailbox full; Status: 5.2.2; Action: failed"
)
DELAY_REASON = (
    "Diagnostic-Code: X-Postfix; connect to mail.police.example.kz[10.0.0.5]:25: "
    "Connection timed out; Status: 4.4.7; Action: delayed"
)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def mail_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.SITE_URL = "https://tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def inbox(settings: SettingsWrapper) -> Iterator[Inbox]:
    port = send_mail_to_local_smtp(settings)
    with smtp_server(port) as received:
        yield received


@pytest.fixture
def requester() -> User:
    return User.objects.create(
        username="dana",
        first_name="Дана",
        last_name="Серикова",
        email="dana@example.org",
        preferred_language="ru",
    )


def send_the_request(requester: User, inbox: Inbox) -> OutgoingEmail:
    """The request's email, queued and sent by the outbox's sweep on Monday 2 March 2026, 12:00."""
    PublicBody.objects.filter(slug="police-kz-75").update(email=BODY_EMAIL)
    information_request = make_request(requester=requester)
    outgoing = queue_request_email(
        information_request=information_request, intent="request", user=requester, now=at(3, 2, 12)
    )
    with time_machine.travel(at(3, 2, 12), tick=False):
        assert send_due_request_emails(now=at(3, 2, 12)) == 1
    outgoing.refresh_from_db()
    return outgoing


def report(name: str, inbox: Inbox, number: int = 0) -> bytes:
    """A delivery report from the fixtures, on the Message-ID the SMTP server really received."""
    message_id = inbox.messages[number]["Message-ID"]
    return (MESSAGES / name).read_bytes().replace(b"{{MESSAGE_ID}}", message_id.encode())


def deliver_alerts(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_due_alerts(now=moment)


def sweep(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        sweep_deadlines(now=moment)


def test_an_exchange_bounce_alerts_the_requester_once_and_stops_the_clock(
    requester: User, inbox: Inbox, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # given: the request was emailed on 2 March; the clock runs, 15 calendar days to 17 March
    outgoing = send_the_request(requester, inbox)
    information_request = outgoing.information_request
    deadline = information_request.deadlines.get()
    assert (deadline.state, deadline.due_date) == (DeadlineState.RUNNING, date(2026, 3, 17))

    # when: the body's Exchange server reports the mailbox unknown (5.1.1)
    result = ingest_message(
        raw=report("bounce_exchange_5_1_1.eml", inbox), source="pipe", now=at(3, 3, 10, 5)
    )

    # then: the email is bounced with Exchange's reason, the letter recorded as not delivered
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.last_error) == (OutgoingStatus.BOUNCED, EXCHANGE_REASON)
    assert result.incoming.timeline_event is not None
    assert result.incoming.timeline_event.kind == EventKind.EMAIL_BOUNCED
    assert list(information_request.deadlines.values_list("state", "due_date")) == [
        (DeadlineState.NOT_DELIVERED, date(2026, 3, 17))
    ]
    # and the alert sender really delivers one alert, in Russian, to the requester
    assert deliver_alerts(at(3, 3, 10, 6)) == 1
    assert len(inbox.messages) == 2
    alert_message = inbox.messages[1]
    assert alert_message["To"] == "dana@example.org"
    assert str(alert_message["Subject"]).strip() == "Не доставлено: Статистика обращений"
    text = alert_message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert (
        "Письмо с вашим запросом «Статистика обращений» в орган «Департамент полиции города "
        "Алматы» не доставлено: почтовый сервер адреса kense@police.example.kz окончательно "
        f"отказал в доставке ({EXCHANGE_REASON})."
    ) in text
    assert f"https://tracker.example.org/requests/{information_request.pk}/" in text

    # when: the same report comes again, then Postfix's report (5.2.2) on the same email
    with django_capture_on_commit_callbacks() as callbacks:
        again = ingest_message(
            raw=report("bounce_exchange_5_1_1.eml", inbox), source="pipe", now=at(3, 3, 10, 7)
        )
        ingest_message(
            raw=report("bounce_postfix_5_2_2.eml", inbox), source="pipe", now=at(3, 3, 11)
        )

    # then: no second alert is made or sent
    assert again.outcome == "duplicate"
    assert callbacks == []  # nothing queued for sending
    assert list(Alert.objects.values_list("kind", flat=True)) == [AlertKind.EMAIL_BOUNCED]
    assert deliver_alerts(at(3, 3, 11, 1)) == 0
    assert len(inbox.messages) == 2

    # when: the sweep runs well after the deadline the letter would have had
    sweep(at(4, 1, 9))

    # then: no overdue, no silence violation against a body that never received the letter
    information_request.refresh_from_db()
    assert information_request.status == Status.SUBMITTED
    assert not information_request.events.filter(kind=EventKind.OVERDUE).exists()
    assert Violation.objects.count() == 0
    assert list(Alert.objects.values_list("kind", flat=True)) == [AlertKind.EMAIL_BOUNCED]


def test_without_the_bounce_the_same_sweep_records_the_silence(
    requester: User, inbox: Inbox
) -> None:
    # given: the same email, delivered (no report)
    outgoing = send_the_request(requester, inbox)

    # when
    sweep(at(4, 1, 9))

    # then: the clock ran and the silence is recorded
    information_request = InformationRequest.objects.get(pk=outgoing.information_request_id)
    assert information_request.status == Status.OVERDUE
    assert Violation.objects.count() == 1


def test_a_requester_without_an_email_address_gets_no_alert_but_the_clock_stops(
    requester: User, inbox: Inbox
) -> None:
    # given: the requester's account has no email address (any more)
    outgoing = send_the_request(requester, inbox)
    User.objects.filter(pk=requester.pk).update(email="")

    # when
    ingest_message(raw=report("bounce_postfix_5_2_2.eml", inbox), source="pipe", now=at(3, 3, 10))

    # then
    assert Alert.objects.count() == 0
    assert outgoing.information_request.deadlines.get().state == DeadlineState.NOT_DELIVERED


def test_a_delay_then_a_failure_keeps_the_failures_reason(requester: User, inbox: Inbox) -> None:
    # given: the request's email was sent
    outgoing = send_the_request(requester, inbox)
    information_request = outgoing.information_request

    # when: Postfix reports a delay (Action: delayed, 4.4.7)
    ingest_message(raw=report("delayed_postfix_4_4_7.eml", inbox), source="pipe", now=at(3, 2, 16))

    # then: a delay on the timeline; the email still sent, the clock running, nobody alerted
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.last_error) == (OutgoingStatus.SENT, DELAY_REASON)
    assert list(information_request.events.values_list("kind", flat=True)) == [
        EventKind.CREATED,
        EventKind.SUBMITTED,
        EventKind.EMAIL_DELAYED,
    ]
    assert information_request.deadlines.get().state == DeadlineState.RUNNING
    assert Alert.objects.count() == 0

    # when: then the permanent failure, then another delay report
    ingest_message(raw=report("bounce_postfix_5_2_2.eml", inbox), source="pipe", now=at(3, 3, 10))
    late_delay = report("delayed_postfix_4_4_7.eml", inbox).replace(
        b"<20260303090000.7C1E90B412@mx.police.example.kz>", b"<second-delay@mx.police.example.kz>"
    )
    ingest_message(raw=late_delay, source="pipe", now=at(3, 3, 11))

    # then: bounced, with the permanent failure's reason kept
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.last_error) == (OutgoingStatus.BOUNCED, POSTFIX_REASON)
    assert information_request.deadlines.get().state == DeadlineState.NOT_DELIVERED
    assert Alert.objects.filter(kind=AlertKind.EMAIL_BOUNCED).count() == 1


def test_a_delay_alone_bounces_nothing_and_the_clock_runs_on(requester: User, inbox: Inbox) -> None:
    # given
    outgoing = send_the_request(requester, inbox)

    # when: only a delay is reported, and the deadline passes
    ingest_message(raw=report("delayed_postfix_4_4_7.eml", inbox), source="pipe", now=at(3, 2, 16))
    sweep(at(4, 1, 9))

    # then: the email was not bounced, and the silence is recorded as for any delivered letter
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingStatus.SENT
    assert not outgoing.information_request.events.filter(kind=EventKind.EMAIL_BOUNCED).exists()
    assert Violation.objects.count() == 1


def test_sending_a_bounced_letter_again_restarts_the_clock_from_the_new_sending(
    requester: User, inbox: Inbox, client: Client
) -> None:
    # given: the request's email bounced; the page offers to send it again
    outgoing = send_the_request(requester, inbox)
    ingest_message(raw=report("bounce_postfix_5_2_2.eml", inbox), source="pipe", now=at(3, 3, 10))
    client.force_login(requester)
    page = client.get(
        f"/requests/{outgoing.information_request_id}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Not delivered: the body has not received the request" in page
    assert f"/requests/{outgoing.information_request_id}/emails/{outgoing.pk}/send-again/" in page

    # when: the requester sends it again on 4 March at 12:00, and the outbox sends it
    url = f"/requests/{outgoing.information_request_id}/emails/{outgoing.pk}/send-again/"
    with time_machine.travel(at(3, 4, 12), tick=False):
        first = client.post(url, HTTP_ACCEPT_LANGUAGE="en", follow=True).content.decode()
        second = client.post(url, HTTP_ACCEPT_LANGUAGE="en", follow=True).content.decode()
        assert send_due_request_emails(now=at(3, 4, 12)) == 1
    assert "The email is queued again." in first
    assert "Only a failed email can be sent again." in second  # once only

    # then: the same letter went in a new email; the bounced one is kept as it was
    resent = OutgoingEmail.objects.exclude(pk=outgoing.pk).get()
    assert (resent.intent, resent.status, resent.letter_id) == (
        f"resend:{outgoing.pk}",
        OutgoingStatus.SENT,
        outgoing.letter_id,
    )
    assert [message["Message-ID"] for message in inbox.messages] == [
        outgoing.message_id,
        resent.message_id,
    ]
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingStatus.BOUNCED
    # and the clock runs from the new sending: 15 calendar days from 4 March
    live = outgoing.information_request.deadlines.exclude(state=DeadlineState.SUPERSEDED).get()
    assert (live.state, live.due_date) == (DeadlineState.RUNNING, date(2026, 3, 19))
    page = client.get(
        f"/requests/{outgoing.information_request_id}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Not delivered: the body has not received the request" not in page


def test_sending_again_to_a_body_without_an_email_address_says_so_and_queues_nothing(
    requester: User, inbox: Inbox, client: Client
) -> None:
    # given: the email bounced, and the body's address was since removed from the directory
    outgoing = send_the_request(requester, inbox)
    ingest_message(raw=report("bounce_postfix_5_2_2.eml", inbox), source="pipe", now=at(3, 3, 10))
    PublicBody.objects.filter(slug="police-kz-75").update(email="")
    client.force_login(requester)

    # when
    url = f"/requests/{outgoing.information_request_id}/emails/{outgoing.pk}/send-again/"
    with time_machine.travel(at(3, 4, 12), tick=False):
        page = client.post(url, HTTP_ACCEPT_LANGUAGE="en", follow=True).content.decode()

    # then
    assert (
        "Police Department of Almaty has no email address in the directory: send the letter by "
        "post or through the body&#x27;s online reception."
    ) in page
    assert OutgoingEmail.objects.count() == 1
