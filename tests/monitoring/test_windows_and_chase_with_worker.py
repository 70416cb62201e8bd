"""The appeal-window sweep and the registration chase on real Celery workers and Redis: their
coordinators plan batches on the sweep's queue, and the workers that take them, side by side
and twice over (a doubled beat), make each window, reminder and chase exactly once; after beat
was down, its next run catches up.

The dates are those of tests/monitoring/test_appeal_windows.py and test_registration_chase.py:
a Mass Media Law request due Tuesday 10 March 2026 and left silent has its window to complain
from 11 March to Thursday 11 June, reminded from 28 May; an ATI request submitted on Friday
27 February and not registered is chased from Monday 2 March.
"""

import os
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import TypeVar

import pytest
import time_machine
from pytest_django.fixtures import Settings

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
from requests_tracker.monitoring.registration_chase import sweep_registration_chases
from requests_tracker.monitoring.sweep import sweep_appeal_windows, sweep_deadlines
from requests_tracker.monitoring.tasks import chase_registrations_task, sweep_appeal_windows_task
from requests_tracker.notifications.models import Alert, AlertKind
from tests.monitoring.test_appeal_windows import ALMATY, at
from tests.monitoring.test_appeal_windows import submitted as silent_request
from tests.monitoring.test_registration_chase import submitted as submitted_unregistered
from tests.monitoring.test_sweep_with_worker import logged, worker
from tests.workers import celery_environment, stop, wait_for

MANY = 2_000
WINDOW_BATCH = "requests_tracker.monitoring.tasks.sweep_appeal_window_batch_task"
CHASE_BATCH = "requests_tracker.monitoring.tasks.chase_registration_batch_task"
T = TypeVar("T")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def many_requests(status: str, rule: LegalRule) -> list[InformationRequest]:
    requester = User.objects.create(username="many", email="many@example.org")
    requests = InformationRequest.objects.bulk_create(
        [
            InformationRequest(
                requester=requester,
                public_body=PublicBody.objects.get(slug="police-kz-75"),
                subject=f"Request {number}",
                text="…",
                language="en",
                status=status,
            )
            for number in range(MANY)
        ],
        batch_size=1000,
    )
    InformationRequest.legal_rules.through.objects.bulk_create(
        [
            InformationRequest.legal_rules.through(informationrequest=r, legalrule=rule)
            for r in requests
        ],
        batch_size=1000,
    )
    return requests


@pytest.fixture
def passed_deadlines() -> list[int]:
    """2,000 silent requests whose deadline (10 March) the sweep passed at 01:00 on 11 March,
    their windows to complain not opened yet."""
    rule = LegalRule.objects.get(rule_id="KZ.MEDIA.36.response")
    requests = many_requests(Status.OVERDUE, rule)
    ends_at = datetime.combine(date(2026, 3, 10), time.max, tzinfo=ALMATY)
    deadlines = Deadline.objects.bulk_create(
        [
            Deadline(
                information_request=r,
                legal_rule=rule,
                is_legal_deadline=True,
                state=DeadlineState.PASSED,
                passed_at=at(2026, 3, 11, 1),
                start_date=date(2026, 3, 3),
                nominal_date=date(2026, 3, 10),
                due_date=date(2026, 3, 10),
                ends_at=ends_at,
                reminder_at=at(2026, 3, 5, 0),
                reminded_at=at(2026, 3, 5, 0),
                due_day_starts_at=at(2026, 3, 10, 0),
                due_day_alerted_at=at(2026, 3, 10, 0),
                computed_at=at(2026, 3, 2),
            )
            for r in requests
        ],
        batch_size=1000,
    )
    return [deadline.pk for deadline in deadlines]


@pytest.fixture
def unregistered_submissions() -> list[int]:
    """2,000 ATI requests submitted on Friday 27 February, none registered."""
    requests = many_requests(Status.SUBMITTED, LegalRule.objects.get(rule_id="KZ.ATI.11.response"))
    events = TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                information_request=r,
                kind=EventKind.SUBMITTED,
                occurred_at=datetime(2026, 2, 27, 10, tzinfo=ALMATY),
                recorded_by=r.requester,
                data={"channel": "e_otinish"},
            )
            for r in requests
        ],
        batch_size=1000,
    )
    return [event.pk for event in events]


def run_two_workers(
    env: dict[str, str], tmp_path: Path, task: str, batches: int, plan: Callable[[], T]
) -> tuple[T, list[int]]:
    """Start two workers and wait until both are ready, then ``plan`` (which queues the
    batches: queued earlier, the first worker to start could drain them all alone), let them
    take ``batches`` batch tasks, stop them; returns what ``plan`` returned and how many
    batches each worker ran."""
    first = worker("first", env, tmp_path)
    second = worker("second", env, tmp_path)
    logs = (tmp_path / "first.log", tmp_path / "second.log")
    try:
        planned = plan()
        finished = wait_for(
            lambda: (
                True if sum(logged(log, task, "succeeded") for log in logs) == batches else None
            ),
            timeout=240,
        )
    finally:
        stop(first)
        stop(second)
    assert finished, "\n".join(log.read_text(errors="replace")[-2000:] for log in logs)
    return planned, [logged(log, task, "succeeded") for log in logs]


def test_two_workers_open_and_remind_each_window_once_for_a_doubled_beat(
    passed_deadlines: list[int], redis_broker_url: str, settings: Settings, tmp_path: Path
) -> None:
    # given: batches of 100 (2,000 / 100 = 20 a run); the window sweep's beat back on 29 May
    settings.DEADLINE_SWEEP_BATCH_SIZE = 100

    # when: beat's task runs twice at once (a doubled beat), and two workers take the batches
    def doubled_beat() -> list[dict[str, int]]:
        with time_machine.travel(at(2026, 5, 29), tick=False):
            return [sweep_appeal_windows_task(), sweep_appeal_windows_task()]

    env = celery_environment(redis_broker_url)
    planned, shares = run_two_workers(env, tmp_path, WINDOW_BATCH, 40, doubled_beat)

    # then: each run queued 20 batches, both workers ran some
    assert planned == [{"batches": 20, "queued": 20, "deadlines": MANY}] * 2
    assert sum(shares) == 40
    assert min(shares) > 0, shares
    # each passed deadline opened one window, 11 March to 11 June, reminded once with one email
    assert Deadline.objects.filter(
        id__in=passed_deadlines, appeal_window_opened_at=at(2026, 5, 29)
    ).count() == (MANY)
    windows = Deadline.objects.appeal_windows()
    assert windows.count() == MANY
    assert windows.values("information_request").distinct().count() == MANY
    assert windows.filter(
        state=DeadlineState.RUNNING,
        start_date=date(2026, 3, 11),
        due_date=date(2026, 6, 11),
        reminded_at=at(2026, 5, 29),
    ).count() == (MANY)
    closing = Alert.objects.filter(kind=AlertKind.APPEAL_WINDOW_CLOSING)
    assert sorted(closing.values_list("dedupe_key", flat=True)) == sorted(
        f"deadline:{window_id}:appeal_window_closing"
        for window_id in windows.values_list("id", flat=True)
    )


def test_two_workers_chase_each_submission_once_for_a_doubled_run(
    unregistered_submissions: list[int],
    redis_broker_url: str,
    settings: Settings,
    tmp_path: Path,
) -> None:
    # given: batches of 100 (2,000 / 100 = 20 a run)
    settings.DEADLINE_SWEEP_BATCH_SIZE = 100

    # when: the chase is run twice with the moment of 09:00 on Monday 2 March in Almaty (a
    # doubled deadline sweep queues it twice), and two workers take the batches
    moment = "2026-03-02T04:00:00+00:00"
    planned, shares = run_two_workers(
        celery_environment(redis_broker_url),
        tmp_path,
        CHASE_BATCH,
        40,
        lambda: [chase_registrations_task(moment), chase_registrations_task(moment)],
    )

    # then: each run queued 20 batches, both workers ran some, one chase per submission
    assert planned == [{"batches": 20, "queued": 20, "submissions": MANY}] * 2
    assert sum(shares) == 40
    assert min(shares) > 0, shares
    chased = Alert.objects.filter(kind=AlertKind.REGISTRATION_CHASE)
    assert sorted(chased.values_list("dedupe_key", flat=True)) == sorted(
        f"registration-chase:{event_id}" for event_id in unregistered_submissions
    )


def test_after_beat_was_down_its_next_runs_catch_up_through_a_worker(
    redis_broker_url: str, settings: Settings, tmp_path: Path
) -> None:
    # given: three silent requests, passed on 11 March at 01:00, for which the window sweep's
    # last run, at 00:20, had nothing to open; three ATI requests submitted on Friday
    # 27 February, for which the last chase, at 23:00 that day, was too early
    settings.DEADLINE_SWEEP_BATCH_SIZE = 2
    silent = [silent_request() for _ in range(3)]
    assert sweep_appeal_windows(now=datetime(2026, 3, 11, 0, 20, tzinfo=ALMATY)).opened == 0
    sweep_deadlines(now=at(2026, 3, 11, 1))
    friday = datetime(2026, 2, 27, 10, tzinfo=ALMATY)
    unregistered = [submitted_unregistered(friday)[1] for _ in range(3)]
    assert sweep_registration_chases(now=friday.replace(hour=23)) == []
    log = tmp_path / "one.log"
    one = worker("one", celery_environment(redis_broker_url), tmp_path)
    try:
        # when: beat is back on Friday 29 May: the chase (queued by the deadline sweep) and
        # the window sweep run once each
        with time_machine.travel(at(2026, 5, 29), tick=False):
            windows_planned = sweep_appeal_windows_task()
            chase_planned = chase_registrations_task(at(2026, 5, 29).isoformat())
        finished = wait_for(
            lambda: (
                True
                if logged(log, WINDOW_BATCH, "succeeded") == 2
                and logged(log, CHASE_BATCH, "succeeded") == 2
                else None
            ),
            timeout=120,
        )
    finally:
        stop(one)

    # then: 3 rows in batches of 2 were 2 batch tasks each, run by the worker
    assert finished, log.read_text(errors="replace")[-3000:]
    assert (windows_planned["batches"], windows_planned["deadlines"]) == (2, 3)
    assert (chase_planned["batches"], chase_planned["submissions"]) == (2, 3)
    # each window opened once, from 11 March to 11 June, and reminded once (due since 28 May)
    windows = Deadline.objects.appeal_windows().order_by("information_request_id")
    assert list(windows.values_list("information_request_id", "due_date", "reminded_at")) == [
        (r.pk, date(2026, 6, 11), at(2026, 5, 29)) for r in silent
    ]
    assert (
        sorted(
            Alert.objects.filter(kind=AlertKind.APPEAL_WINDOW_CLOSING).values_list(
                "context__due_date", flat=True
            )
        )
        == ["2026-06-11"] * 3
    )
    # each submission chased once
    assert sorted(
        Alert.objects.filter(kind=AlertKind.REGISTRATION_CHASE).values_list("dedupe_key", flat=True)
    ) == sorted(f"registration-chase:{event.pk}" for event in unregistered)
