"""The sweep on real Celery workers and Redis: beat's task plans batches, and the workers that
take them, side by side or killed halfway, record each passed deadline exactly once.

Each test seeds 10,000 requests whose deadline has just passed (their reminder and due-day alert
not sent either), then checks that every one has exactly one overdue event, one violation and one
alert.
"""

import os
import signal
import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from celery import Celery
from django.conf import settings
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
BATCH_TASK = "requests_tracker.monitoring.tasks.sweep_deadline_batch_task"

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
    # The project's queues and routes: the task goes to the sweep's queue, as beat sends it.
    sender.conf.task_queues = settings.CELERY_TASK_QUEUES
    sender.conf.task_routes = settings.CELERY_TASK_ROUTES
    with sender.connection_for_write() as connection:
        sender.send_task(SWEEP_TASK, connection=connection)


def logged(log: Path, task: str, word: str) -> int:
    """How many lines of the worker's log name ``task`` and ``word`` (received, succeeded)."""
    if not log.exists():
        return 0
    return sum(
        f"{task}[" in line and word in line for line in log.read_text(errors="replace").splitlines()
    )


def passed_count() -> int:
    return Deadline.objects.filter(state=DeadlineState.PASSED).count()


def worker(name: str, env: dict[str, str], tmp_path: Path) -> subprocess.Popen[bytes]:
    """One worker process, one task at a time (the solo pool), ready when this returns."""
    log = tmp_path / f"{name}.log"
    process = start_celery(
        "worker",
        "--pool",
        "solo",
        "--hostname",
        f"{name}@%h",
        "--loglevel",
        "INFO",
        env=env,
        log=log,
    )
    ready = wait_for(
        lambda: True if log.exists() and "ready." in log.read_text(errors="replace") else None,
        timeout=60,
    )
    assert ready, log.read_text(errors="replace")[-3000:]
    return process


def test_two_workers_share_the_batches_of_two_sweeps_and_record_each_deadline_once(
    passed_deadlines: list[int], broker_url: str, tmp_path: Path
) -> None:
    # given: two worker processes, and batches of 500 deadlines (10,000 / 500 = 20 a sweep)
    env = celery_environment(broker_url, DEADLINE_SWEEP_BATCH_SIZE="500")
    first = worker("first", env, tmp_path)
    second = worker("second", env, tmp_path)
    logs = (tmp_path / "first.log", tmp_path / "second.log")
    try:
        # when: beat's task is sent twice at once (a doubled beat)
        send_sweep(broker_url)
        send_sweep(broker_url)
        finished = wait_for(
            lambda: (
                True if sum(logged(log, BATCH_TASK, "succeeded") for log in logs) == 40 else None
            ),
            timeout=240,
        )
    finally:
        stop(first)
        stop(second)

    # then: each sweep queued 20 batches, both workers ran some, and each row was done once
    assert finished, "\n".join(log.read_text(errors="replace")[-2000:] for log in logs)
    assert sum(logged(log, SWEEP_TASK, "succeeded") for log in logs) == 2
    shares = [logged(log, BATCH_TASK, "succeeded") for log in logs]
    assert sum(shares) == 40
    assert min(shares) > 0, shares
    assert_each_processed_exactly_once()


def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing_once_the_next_beat_runs(
    passed_deadlines: list[int], broker_url: str, tmp_path: Path
) -> None:
    # given: two workers on a sweep of 100 batches of 100 deadlines
    env = celery_environment(broker_url, DEADLINE_SWEEP_BATCH_SIZE="100")
    first = worker("first", env, tmp_path)
    second = worker("second", env, tmp_path)
    first_log = tmp_path / "first.log"
    try:
        send_sweep(broker_url)

        # when: the first is killed (SIGKILL) while a batch of its own runs, halfway through
        def in_a_batch() -> bool | None:
            running = logged(first_log, BATCH_TASK, "received") > logged(
                first_log, BATCH_TASK, "succeeded"
            )
            return True if running and 0 < passed_count() < PASSED // 2 else None

        caught = wait_for(in_a_batch, timeout=120, every=0.02)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        assert caught, first_log.read_text(errors="replace")[-3000:]
        done_by_first = logged(first_log, BATCH_TASK, "succeeded")
        # the second takes every batch left but the one lost with the first (prefetch is one)
        left = wait_for(
            lambda: (
                True
                if logged(tmp_path / "second.log", BATCH_TASK, "succeeded")
                == 100 - done_by_first - 1
                else None
            ),
            timeout=240,
        )
        assert left, (tmp_path / "second.log").read_text(errors="replace")[-3000:]
        after_the_kill = passed_count()
        # and: the next beat plans what is still due
        send_sweep(broker_url)
        done = wait_for(lambda: True if passed_count() == PASSED else None, timeout=120)
        # and the last batch task has ended (its rows commit before it is logged as done)
        second_log = tmp_path / "second.log"
        wait_for(
            lambda: (
                True
                if logged(second_log, BATCH_TASK, "received")
                == logged(second_log, BATCH_TASK, "succeeded")
                else None
            ),
            timeout=30,
        )
    finally:
        stop(second)

    # then: the lost batch's deadlines waited (at most one batch of them) and were done once
    assert done, (tmp_path / "second.log").read_text(errors="replace")[-3000:]
    assert PASSED - 100 <= after_the_kill <= PASSED
    assert_each_processed_exactly_once()
