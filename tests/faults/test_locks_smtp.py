"""No email or alert row is locked while the SMTP server answers, and still no second worker
sends what one worker is sending.

A real SMTP server (aiosmtpd) looks, while it holds each message's DATA, from a connection of
its own: is any outgoing email or alert row locked (``FOR UPDATE NOWAIT`` fails at once on a
locked row)? Would a second worker take the same row? Would a person's "stop trying" stop it?
PostgreSQL only: SQLite has no row locks and one process sends.
"""

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections, transaction
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.outbox import send_one
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus
from requests_tracker.mail.outgoing import queue_request_email, stop_trying
from requests_tracker.mail.sending import due_emails, send_due_request_emails, send_request_email
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.sending import due_alerts, send_alert, send_due_alerts
from requests_tracker.notifications.services import stop_trying_alerts
from tests.factories import UserFactory, make_request
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY)


def _in_own_thread(look: Callable[[], str]) -> str:
    """``look()`` on a connection of a thread's own (the SMTP server's loop may not use the ORM)."""
    seen: list[str] = []

    def run() -> None:
        try:
            seen.append(look())
        except Exception as error:  # reported to the test
            seen.append(f"{type(error).__name__}: {str(error).strip()}")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=20)
    return seen[0] if seen else "no answer"


class ProbingInbox(Inbox):
    """An SMTP server that, while it holds a message, asks ``probe`` what it sees."""

    def __init__(self, probe: Callable[[], str]) -> None:
        super().__init__()
        self.probe = probe
        self.seen: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.seen.append(_in_own_thread(self.probe))
        return await super().handle_DATA(server, session, envelope)


def taken(row: Any, by: list[Any]) -> bool:
    by.append(row.pk)
    return True


def rows_locked() -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM mail_outgoingemail FOR UPDATE NOWAIT")
        cursor.execute("SELECT 1 FROM notifications_alert FOR UPDATE NOWAIT")
    return "no row locked"


@pytest.fixture
def smtp_port(settings: SettingsWrapper) -> int:
    return send_mail_to_local_smtp(settings)


@pytest.fixture
def probing_server(smtp_port: int) -> Callable[[Callable[[], str]], Any]:
    """Start the server with a probe: ``with probing_server(probe) as inbox``."""

    def start(probe: Callable[[], str]) -> Any:
        inbox = ProbingInbox(probe)
        return smtp_server(smtp_port, handler=inbox)

    return start


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def queued_email() -> OutgoingEmail:
    PublicBody.objects.filter(slug="police-kz-75").update(email="kense@police.example.kz")
    information_request = make_request(created_at=NOW - timedelta(hours=1))
    return queue_request_email(
        information_request=information_request,
        intent="request",
        user=information_request.requester,
        now=NOW,
    )


def pending_alert() -> Alert:
    return Alert.objects.create(
        recipient=UserFactory.create(
            username="dana", email="dana@example.org", preferred_language="en"
        ),
        kind=AlertKind.ACCOUNT_EXISTS,
        dedupe_key="test:1",
        language="en",
        created_at=NOW,
        next_attempt_at=NOW,
        context={
            "recipient_name": "Dana",
            "username": "dana",
            "login_url": "https://tracker.example.org/accounts/login/",
            "password_reset_url": "https://tracker.example.org/accounts/password-reset/",
        },
    )


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("how", ["one", "sweep"])
def test_no_email_row_is_locked_while_the_server_answers(
    probing_server: Callable[[Callable[[], str]], Any], how: str
) -> None:
    # given: an email queued to the body
    outgoing = queued_email()

    # when: a worker sends it (the task's one email, or beat's sweep)
    with probing_server(rows_locked) as inbox:
        if how == "one":
            send_request_email(outgoing_id=outgoing.pk, now=NOW)
        else:
            send_due_request_emails(now=NOW)

    # then: while the server held it, no row was locked; it was sent once
    assert inbox.seen == ["no row locked"]
    assert len(inbox.messages) == 1
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts) == (OutgoingStatus.SENT, 1)


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("how", ["one", "sweep"])
def test_no_alert_row_is_locked_while_the_server_answers(
    probing_server: Callable[[Callable[[], str]], Any], how: str
) -> None:
    # given: an alert due now
    alert = pending_alert()

    # when
    with probing_server(rows_locked) as inbox:
        if how == "one":
            send_alert(alert_id=alert.pk, now=NOW)
        else:
            send_due_alerts(now=NOW)

    # then
    assert inbox.seen == ["no row locked"]
    alert.refresh_from_db()
    assert (len(inbox.messages), alert.attempts, alert.sent_at) == (1, 1, NOW)


@pytest.mark.usefixtures("frozen")
def test_a_second_worker_and_stop_trying_leave_an_email_being_sent_alone(
    probing_server: Callable[[Callable[[], str]], Any],
) -> None:
    # given: an email queued to the body
    outgoing = queued_email()
    taken_by_second: list[int] = []

    def second_worker_and_a_person() -> str:
        took = send_one(due_emails(now=NOW), outgoing.pk, partial(taken, by=taken_by_second))
        stopped = stop_trying(outgoing=OutgoingEmail.objects.get(pk=outgoing.pk))
        return f"second worker: {took}, stopped: {stopped}"

    # when: while the first worker's message is at the server, a second worker tries to take
    # the same email and a person clicks "stop trying"
    with probing_server(second_worker_and_a_person) as inbox:
        send_request_email(outgoing_id=outgoing.pk, now=NOW)

    # then: neither touched it; it was sent once and is recorded as sent
    assert inbox.seen == ["second worker: None, stopped: False"]
    assert taken_by_second == []
    outgoing.refresh_from_db()
    assert (len(inbox.messages), outgoing.status) == (1, OutgoingStatus.SENT)


@pytest.mark.usefixtures("frozen")
def test_a_second_worker_and_stop_trying_leave_an_alert_being_sent_alone(
    probing_server: Callable[[Callable[[], str]], Any],
) -> None:
    # given: an alert due now
    alert = pending_alert()
    taken_by_second: list[int] = []

    def second_worker_and_a_person() -> str:
        took = send_one(due_alerts(now=NOW), alert.pk, partial(taken, by=taken_by_second))
        stopped = stop_trying_alerts(alert_ids=[alert.pk], now=NOW)
        return f"second worker: {took}, stopped: {stopped}"

    # when
    with probing_server(second_worker_and_a_person) as inbox:
        send_alert(alert_id=alert.pk, now=NOW)

    # then
    assert inbox.seen == ["second worker: None, stopped: 0"]
    assert taken_by_second == []
    alert.refresh_from_db()
    assert (len(inbox.messages), alert.sent_at, alert.failed_at) == (1, NOW, None)
