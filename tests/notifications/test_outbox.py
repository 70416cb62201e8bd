"""Alerts in the outbox: the sweep sends due ones, a person sends failed ones again or gives up."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.sending import render_alert, send_due_alerts
from requests_tracker.notifications.services import send_alerts_again, stop_trying_alerts
from tests.factories import UserFactory
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY)
pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(settings: SettingsWrapper) -> Iterator[Inbox]:
    with smtp_server(send_mail_to_local_smtp(settings)) as received:
        yield received


def notice(number: int, **fields: object) -> Alert:
    """An account notice (its context has no due date) due at ``NOW`` unless told otherwise."""
    values: dict[str, object] = {
        "recipient": UserFactory.create(username=f"dana{number}", preferred_language="en"),
        "kind": AlertKind.ACCOUNT_EXISTS,
        "dedupe_key": f"test:{number}",
        "language": "en",
        "created_at": NOW,
        "next_attempt_at": NOW,
        "context": {
            "recipient_name": "Dana",
            "username": f"dana{number}",
            "login_url": "https://tracker.example.org/accounts/login/",
            "password_reset_url": "https://tracker.example.org/accounts/password-reset/",
        },
    }
    return Alert.objects.create(**(values | fields))


def test_an_alert_without_a_due_date_renders() -> None:
    subject, text, _html = render_alert(notice(1))

    assert subject == "Someone tried to sign up with your email address"
    assert text.startswith("Hello Dana,\n\nSomeone tried to create a new account")


def test_the_sweep_sends_due_alerts_and_leaves_future_failed_and_sent_ones(inbox: Inbox) -> None:
    # given
    due = notice(1)
    notice(2, next_attempt_at=NOW + timedelta(minutes=1), attempts=1)
    notice(3, failed_at=NOW - timedelta(hours=1))
    notice(4, sent_at=NOW - timedelta(hours=1))

    # when
    with time_machine.travel(NOW, tick=False):
        sent = send_due_alerts(now=NOW)

    # then
    assert sent == 1
    assert [str(message["To"]) for message in inbox.messages] == ["dana1@example.org"]
    due.refresh_from_db()
    assert (due.attempts, due.sent_at) == (1, NOW)


def test_send_again_and_stop_trying(inbox: Inbox) -> None:
    # given: a failed alert, and one retrying
    failed = notice(1, failed_at=NOW, attempts=2, last_error="SMTPRecipientsRefused: ...")
    retrying = notice(2, attempts=3, next_attempt_at=NOW + timedelta(minutes=4))

    # when
    again = send_alerts_again(alert_ids=[failed.pk], now=NOW)
    stopped = stop_trying_alerts(alert_ids=[retrying.pk], now=NOW)

    # then
    failed.refresh_from_db()
    retrying.refresh_from_db()
    assert (again, stopped) == ([failed.pk], 1)
    assert (failed.failed_at, failed.attempts, failed.next_attempt_at) == (None, 0, NOW)
    assert retrying.failed_at == NOW
    # and: the sweep sends the one sent again, not the one given up
    with time_machine.travel(NOW, tick=False):
        assert send_due_alerts(now=NOW + timedelta(hours=1)) == 1
    assert [str(message["To"]) for message in inbox.messages] == ["dana1@example.org"]
