"""When the outbox stops trying an alert: a transient failure (the server down) is retried without
limit, the wait capped at an hour; the attempt a mailbox is refused for good (5xx) is the last."""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.accounts.models import User
from requests_tracker.accounts.services import notify_account_exists
from requests_tracker.notifications.models import Alert
from requests_tracker.notifications.services import send_due_alerts
from tests.smtp import Inbox, send_mail_to_local_smtp

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY)
pytestmark = pytest.mark.django_db


class RefusingMailbox(Inbox):
    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        return "550 5.1.1 <dana@example.kz>: mailbox unavailable"


@pytest.fixture
def smtp_port(settings: SettingsWrapper) -> int:
    """Mail goes to a local port where nothing listens until a test starts a server there."""
    port = send_mail_to_local_smtp(settings)
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 3600
    return port


def queued_alert() -> Alert:
    user = User.objects.create(username="dana", email="dana@example.kz", preferred_language="en")
    return notify_account_exists(user=user, now=NOW)


def sweep_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_due_alerts(now=moment)


def state(alert: Alert) -> tuple[int, datetime | None, datetime | None, datetime, bool]:
    """Attempts, sent at, given up at, next attempt, and whether the outbox still holds it."""
    alert.refresh_from_db()
    pending = Alert.objects.pending().filter(pk=alert.pk).exists()
    return (alert.attempts, alert.sent_at, alert.failed_at, alert.next_attempt_at, pending)


def test_the_attempt_before_the_refusal_retries_and_the_refused_attempt_is_the_last(
    smtp_port: int,
) -> None:
    # given: an alert due at noon, the mail server down
    alert = queued_alert()

    # when: the first attempt fails for now (nothing listens)
    sent = sweep_at(NOW)

    # then: it is retried a minute later
    assert sent == 0
    assert state(alert) == (1, None, None, NOW + timedelta(minutes=1), True)
    assert alert.last_error.startswith("ConnectionRefusedError")

    # when: at the second attempt the server answers, and refuses the mailbox for good
    refusing = RefusingMailbox()
    controller = Controller(refusing, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        sent = sweep_at(NOW + timedelta(minutes=1))
    finally:
        controller.stop()

    # then: that attempt was the last: given up at it, with the refusal shown, nothing sent
    assert sent == 0
    assert refusing.messages == []
    assert state(alert) == (
        2,
        None,
        NOW + timedelta(minutes=1),
        NOW + timedelta(minutes=1),
        False,
    )
    assert alert.last_error == (
        "SMTPRecipientsRefused: {'dana@example.kz': "
        "(550, b'5.1.1 <dana@example.kz>: mailbox unavailable')}"
    )

    # when: the sweep runs a day later
    sent = sweep_at(NOW + timedelta(days=1))

    # then: the alert is not tried again
    assert sent == 0
    assert state(alert)[0] == 2


def test_a_transient_failure_never_gives_up_and_waits_at_most_an_hour(smtp_port: int) -> None:
    # given: an alert that failed 30 times already, the mail server still down
    alert = queued_alert()
    Alert.objects.filter(pk=alert.pk).update(attempts=30)

    # when: the 31st attempt fails too
    sweep_at(NOW)

    # then: still held, next tried an hour later (60 s x 2**29 is capped at 3600 s)
    assert state(alert) == (31, None, None, NOW + timedelta(hours=1), True)
