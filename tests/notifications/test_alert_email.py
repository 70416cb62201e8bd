"""Alerts reach a real SMTP server, in the recipient's language, and failures are recorded."""

from collections.abc import Iterator
from datetime import datetime
from email.message import Message
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.sweep import sweep_deadlines
from requests_tracker.notifications.models import Alert
from requests_tracker.notifications.sending import send_alert
from tests.factories import make_request
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_port(settings: SettingsWrapper) -> int:
    port = send_mail_to_local_smtp(settings)
    settings.SITE_URL = "https://tracker.example.org"
    return port


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    with smtp_server(smtp_port) as received:
        yield received


def passed_alert(language: str) -> Alert:
    """A Mass Media Law request received 2 March 2026, due 10 March, swept on 11 March."""
    requester = User.objects.create(
        username=f"requester-{language}",
        email=f"requester-{language}@example.org",
        first_name="Асель",
        last_name="Нурланова",
        preferred_language=language,
    )
    information_request = make_request(
        body_slug="police-kz-75",
        rule_ids=("KZ.MEDIA.36.response",),
        created_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY),
        requester=requester,
        subject="Число задержаний журналистов",
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        recorded_by=requester,
    )
    sweep_deadlines(now=datetime(2026, 3, 11, 0, 5, tzinfo=ALMATY))
    return Alert.objects.get(recipient=requester, kind="deadline_passed")


def body_text(message: Message, subtype: str) -> str:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no text/{subtype} part")


def test_a_passed_deadline_alert_arrives_in_russian_with_the_deadline(inbox: Inbox) -> None:
    # given
    alert = passed_alert("ru")

    # when
    sent = send_alert(alert_id=alert.pk)

    # then
    assert sent is True
    [message] = inbox.messages
    assert message["To"] == "requester-ru@example.org"
    # (stripped: Python reads the space before a folded encoded word as part of the value)
    assert str(message["Subject"]).strip() == (
        "Нет ответа к 10.03.2026: Число задержаний журналистов"
    )
    text = body_text(message, "plain")
    assert "Орган «Департамент полиции города Алматы» не ответил" in text
    assert "в срок до 10.03.2026" in text
    assert "KZ.MEDIA.36.response" in text
    assert "статьи 91 Административного процедурно-процессуального кодекса" in text
    assert f"https://tracker.example.org/requests/{alert.context['request_id']}/" in text
    assert "<h1" in body_text(message, "html")
    alert.refresh_from_db()
    assert (alert.attempts, alert.last_error) == (1, "")
    assert alert.sent_at is not None


def test_the_same_alert_in_kazakh_and_english(inbox: Inbox) -> None:
    kazakh, english = passed_alert("kk"), passed_alert("en")

    send_alert(alert_id=kazakh.pk)
    send_alert(alert_id=english.pk)

    kk_text, en_text = (body_text(message, "plain") for message in inbox.messages)
    assert "10.03.2026 мерзіміне дейін жауап бермеді" in kk_text
    assert "Алматы қаласының Полиция департаменті" in kk_text
    assert "did not answer your request" in en_text
    assert "by 10.03.2026" in en_text


def test_an_alert_is_sent_once_however_often_its_task_runs(inbox: Inbox) -> None:
    alert = passed_alert("en")

    results = [send_alert(alert_id=alert.pk) for _ in range(3)]

    assert results == [True, False, False]
    assert len(inbox.messages) == 1


def test_a_failed_delivery_is_recorded_and_retried_later(smtp_port: int) -> None:
    # given: no SMTP server listening yet, an alert made by the sweep at 00:05
    with time_machine.travel(datetime(2026, 3, 11, 0, 5, tzinfo=ALMATY), tick=False):
        alert = passed_alert("en")

    # when: its task runs at 00:06
    with time_machine.travel(datetime(2026, 3, 11, 0, 6, tzinfo=ALMATY), tick=False):
        sent = send_alert(alert_id=alert.pk)

    # then: the attempt, the error and the next attempt (a minute later) are recorded
    alert.refresh_from_db()
    assert sent is False
    assert alert.attempts == 1
    assert alert.last_error.startswith("ConnectionRefusedError")
    assert alert.next_attempt_at == datetime(2026, 3, 11, 0, 7, tzinfo=ALMATY)
    assert alert.sent_at is None
    assert Alert.objects.pending().filter(pk=alert.pk).exists()

    # when: the server is back and the retry runs once it is due
    with (
        smtp_server(smtp_port) as handler,
        time_machine.travel(datetime(2026, 3, 11, 0, 7, tzinfo=ALMATY), tick=False),
    ):
        assert send_alert(alert_id=alert.pk) is True

    # then
    alert.refresh_from_db()
    assert (alert.attempts, alert.last_error, len(handler.messages)) == (2, "", 1)
