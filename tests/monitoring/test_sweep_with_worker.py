"""The sweep on a real Celery worker and Redis: concurrent sweeps and a killed worker.

Each test seeds 10,000 requests whose deadline has just passed, then checks that every one has
exactly one overdue event, one violation and one alert.
"""

import os
import signal
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from celery import Celery
from django.db.models import Count
from django.utils import timezone

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.laws.models import LegalRule
from requests_tracker.monitoring.models import Violation
from requests_tracker.notifications.models import Alert
from tests.redis_keys import broker_transport_options
from tests.workers import celery_environment, start_celery, stop, wait_for

PASSED = 10_000
ALMATY = ZoneInfo("Asia/Almaty")
SWEEP_TASK = "requests_tracker.monitoring.tasks.sweep_deadlines_task"

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def broker_url(redis_broker_url: str) -> str:
    """The test run's own Redis database (tests/conftest.py), so no task leaks between tests."""
    return redis_broker_url


@pytest.fixture
def passed_deadlines() -> list[int]:
    """10,000 requests awaiting a reply whose legal deadline ended at the last midnight in
    Almaty: the last day was yesterday, so the silence counts from today, never from a day to
    come (a violation dated in the future is refused)."""
    now = timezone.now()
    requester = User.objects.create(username="many", email="many@example.org")
    body = PublicBody.objects.get(slug="police-kz-75")
    rule = LegalRule.objects.get(rule_id="KZ.MEDIA.36.response")
    requests = InformationRequest.objects.bulk_create(
        [
            InformationRequest(
                requester=requester,
                public_body=body,
                subject=f"Request {number}",
                text="…",
                language="en",
                status=Status.AWAITING_REPLY,
            )
            for number in range(PASSED)
        ],
        batch_size=2000,
    )
    InformationRequest.legal_rules.through.objects.bulk_create(
        [
            InformationRequest.legal_rules.through(informationrequest=r, legalrule=rule)
            for r in requests
        ],
        batch_size=2000,
    )
    due_date = timezone.localdate(now, ALMATY) - timedelta(days=1)
    ends_at = datetime.combine(due_date, time.max, tzinfo=ALMATY)
    Deadline.objects.bulk_create(
        [
            Deadline(
                information_request=r,
                legal_rule=rule,
                is_legal_deadline=True,
                start_date=due_date - timedelta(days=7),
                nominal_date=due_date,
                due_date=due_date,
                ends_at=ends_at,
                reminder_at=ends_at - timedelta(days=3),
                due_day_starts_at=ends_at - timedelta(hours=23),
                computed_at=now,
            )
            for r in requests
        ],
        batch_size=2000,
    )
    return [r.pk for r in requests]


def assert_each_processed_exactly_once() -> None:
    assert Deadline.objects.filter(state=DeadlineState.PASSED).count() == PASSED
    overdue = TimelineEvent.objects.filter(kind=EventKind.OVERDUE)
    assert overdue.count() == PASSED
    assert overdue.values("deadline").distinct().count() == PASSED
    assert Violation.objects.filter(category="silence").count() == PASSED
    assert not Violation.objects.values("deadline").annotate(n=Count("id")).filter(n__gt=1)
    assert Alert.objects.filter(kind="deadline_passed").count() == PASSED
    assert InformationRequest.objects.filter(status=Status.OVERDUE).count() == PASSED


def send_sweep(broker_url: str) -> None:
    """Publish one sweep task, as beat would, on the test's own Redis database."""
    sender = Celery("beat-stand-in", broker=broker_url, set_as_current=False)
    sender.conf.task_serializer = "json"
    sender.conf.broker_transport_options = broker_transport_options()  # the run's key prefix
    with sender.connection_for_write() as connection:
        sender.send_task(SWEEP_TASK, connection=connection)


def sweeps_succeeded(log: Path) -> int:
    return sum(
        SWEEP_TASK in line and "succeeded" in line
        for line in log.read_text(errors="replace").splitlines()
    )


def test_two_sweeps_at_once_record_each_passed_deadline_exactly_once(
    passed_deadlines: list[int], broker_url: str, tmp_path: Path
) -> None:
    # given: a worker running two sweeps in parallel, in batches of 500
    log = tmp_path / "worker.log"
    env = celery_environment(broker_url, DEADLINE_SWEEP_BATCH_SIZE="500")
    worker = start_celery(
        "worker", "--pool", "prefork", "--concurrency", "2", "--loglevel", "INFO", env=env, log=log
    )
    try:
        # when: two sweeps are started at once
        send_sweep(broker_url)
        send_sweep(broker_url)
        finished = wait_for(lambda: True if sweeps_succeeded(log) == 2 else None, timeout=240)
    finally:
        stop(worker)

    # then
    assert finished, log.read_text(errors="replace")[-3000:]
    assert_each_processed_exactly_once()


def test_a_worker_killed_in_the_middle_of_a_sweep_leaves_nothing_twice_after_restart(
    passed_deadlines: list[int], broker_url: str, tmp_path: Path
) -> None:
    # given: a sweep running in small batches
    env = celery_environment(broker_url, DEADLINE_SWEEP_BATCH_SIZE="100")
    worker = start_celery(
        "worker", "--pool", "solo", "--loglevel", "INFO", env=env, log=tmp_path / "first.log"
    )
    send_sweep(broker_url)
    progress = wait_for(
        lambda: (
            n
            if 0 < (n := Deadline.objects.filter(state=DeadlineState.PASSED).count()) < PASSED
            else None
        ),
        timeout=120,
        every=0.05,
    )

    # when: the worker is killed with SIGKILL halfway, then a new worker runs the next sweep
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    assert progress is not None, "the sweep was not caught in the middle"
    restarted = start_celery(
        "worker", "--pool", "solo", "--loglevel", "INFO", env=env, log=tmp_path / "second.log"
    )
    try:
        send_sweep(broker_url)
        done = wait_for(
            lambda: (
                True
                if Deadline.objects.filter(state=DeadlineState.PASSED).count() == PASSED
                else None
            ),
            timeout=240,
        )
    finally:
        stop(restarted)

    # then
    assert done, (tmp_path / "second.log").read_text(errors="replace")[-3000:]
    assert 0 < progress < PASSED
    assert_each_processed_exactly_once()
