"""A transaction that holds a request's lock holds up nothing but that request.

Transaction T records a clock event on one request and stays open, holding that request's row
lock. Meanwhile, on connections of their own, two clock events are recorded on two other requests
(same requester, same body, same jurisdiction: every row they share with T's request), and the
requester signs in (Django's ``UPDATE ... SET last_login``). Each of those connections waits for
a lock at most two seconds (``lock_timeout``), so a regression fails fast with a lock timeout
instead of hanging. On PostgreSQL only: SQLite has no row locks.
"""

import threading
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.test import Client

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import Deadline, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.models import OutgoingEmail
from requests_tracker.mail.outgoing import queue_request_email
from tests.factories import UserFactory, make_request

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=ALMATY)
PASSWORD = "correct horse battery staple"


def _on_own_connection(work: Callable[[], object], outcome: dict[str, str], name: str) -> None:
    """Run ``work`` on this thread's own connection, waiting at most 2 s for any lock."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        work()
        outcome[name] = "done"
    except Exception as error:  # the lock timeout, reported to the test
        outcome[name] = f"{type(error).__name__}: {error}".strip()
    finally:
        connections.close_all()


def _submitted(information_request: InformationRequest) -> InformationRequest:
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, 0, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    return information_request


def _register(information_request: InformationRequest) -> Callable[[], object]:
    """The clock event: the body registered the request, so its deadline is recomputed."""
    return lambda: record_event(
        information_request=information_request,
        kind=EventKind.REGISTERED,
        occurred_at=datetime(2026, 3, 3, 9, 0, tzinfo=ALMATY),
        recorded_by=information_request.requester,
        data={"registration_number": "ЖТ-2026-00417", "registered_on": "2026-03-03"},
    )


def _sign_in(username: str) -> Callable[[], object]:
    def sign_in() -> None:
        response = Client().post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.status_code

    return sign_in


@time_machine.travel(NOW, tick=False)
def test_clock_events_elsewhere_and_a_sign_in_proceed_while_a_request_is_locked() -> None:
    # given: three submitted requests of one journalist to one body, never signed in
    journalist = UserFactory(username="dana")
    held, first_other, second_other = (
        _submitted(make_request(requester=journalist)) for _ in range(3)
    )
    outcome: dict[str, str] = {}

    # when: T records a clock event on one request and stays open, holding its lock, while the
    # other two requests get theirs and the journalist signs in, all at once
    with transaction.atomic():
        _register(held)()
        workers = [
            threading.Thread(
                target=_on_own_connection, args=(_register(first_other), outcome, "first")
            ),
            threading.Thread(
                target=_on_own_connection, args=(_register(second_other), outcome, "second")
            ),
            threading.Thread(
                target=_on_own_connection, args=(_sign_in("dana"), outcome, "sign-in")
            ),
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=20)
        still_open = connection.in_atomic_block

    # then: none of them waited for T, and each wrote what it meant to
    assert still_open is True
    assert outcome == {"first": "done", "second": "done", "sign-in": "done"}
    assert [
        InformationRequest.objects.get(pk=r.pk).status for r in (first_other, second_other)
    ] == ["awaiting_reply", "awaiting_reply"]
    assert [
        list(
            Deadline.objects.filter(information_request=r, state="running").values_list(
                "due_date", flat=True
            )
        )
        for r in (first_other, second_other)
    ] == [[date(2026, 3, 18)], [date(2026, 3, 18)]]
    assert User.objects.get(username="dana").last_login == NOW


@time_machine.travel(NOW, tick=False)
def test_a_clock_event_on_the_locked_request_itself_waits_and_times_out() -> None:
    # given: a submitted request
    held = _submitted(make_request(requester=UserFactory(username="dana")))
    outcome: dict[str, str] = {}

    # when: T holds its lock and another connection records a clock event on the same request
    with transaction.atomic():
        _register(held)()
        worker = threading.Thread(
            target=_on_own_connection, args=(_register(held), outcome, "same")
        )
        worker.start()
        worker.join(timeout=20)

    # then: the lock is real (the test above would see a regression): the other one timed out
    assert outcome["same"].startswith("OperationalError: canceling statement due to lock timeout")


@time_machine.travel(NOW, tick=False)
def test_the_creator_signs_in_while_a_batch_of_emails_is_being_queued_in_her_name() -> None:
    # given: two draft requests of one journalist, to a body with an email address
    PublicBody.objects.filter(slug="police-kz-75").update(email="kense@police.example.kz")
    journalist = UserFactory.create(username="dana")
    drafts = [make_request(requester=journalist) for _ in range(2)]
    outcome: dict[str, str] = {}

    # when: one transaction queues both emails in her name (as a fan-out's batch does) and stays
    # open, while she signs in
    with transaction.atomic():
        for draft in drafts:
            queue_request_email(
                information_request=draft, intent="request", user=journalist, now=NOW
            )
        worker = threading.Thread(
            target=_on_own_connection, args=(_sign_in("dana"), outcome, "sign-in")
        )
        worker.start()
        worker.join(timeout=20)

    # then: her sign-in did not wait for the batch
    assert outcome == {"sign-in": "done"}
    assert OutgoingEmail.objects.filter(requested_by=journalist).count() == 2
