"""Beat down for days: its next run plans everything still due, and a real worker does it once.

The requests are those of tests/monitoring/test_sweep.py: received Monday 2 March 2026 under the
Mass Media Law, due Tuesday 10 March, reminder on 5 March.
"""

import os
from pathlib import Path

import pytest
import time_machine
from pytest_django.fixtures import Settings

from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.sweep import sweep_deadlines
from requests_tracker.monitoring.tasks import sweep_deadlines_task
from requests_tracker.notifications.models import Alert
from tests.monitoring.test_sweep import at, submitted_media_request
from tests.monitoring.test_sweep_with_worker import BATCH_TASK, logged
from tests.workers import celery_environment, start_celery, stop, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_after_beat_was_down_for_days_its_next_run_catches_up_through_a_worker(
    redis_broker_url: str, settings: Settings, tmp_path: Path
) -> None:
    # given: three requests due 10 March; beat's last run was on 4 March at 23:00 (nothing due)
    settings.DEADLINE_SWEEP_BATCH_SIZE = 2
    requests = [submitted_media_request() for _ in range(3)]
    assert sweep_deadlines(now=at(3, 4, 23)).reminders == 0
    log = tmp_path / "worker.log"
    worker = start_celery(
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "INFO",
        env=celery_environment(redis_broker_url),
        log=log,
    )
    try:
        # when: beat is back on 11 March at 00:05, after the reminders, the due day and the end
        with time_machine.travel(at(3, 11, 0, 5), tick=False):
            planned = sweep_deadlines_task()
        finished = wait_for(
            lambda: True if logged(log, BATCH_TASK, "succeeded") == 2 else None, timeout=120
        )
    finally:
        stop(worker)

    # then: 3 deadlines in batches of 2 were 2 batch tasks, run by the worker
    assert finished, log.read_text(errors="replace")[-3000:]
    assert (planned["batches"], planned["deadlines"]) == (2, 3)
    # each deadline passed once: one overdue event, one silence dated 11 March, one alert; the
    # reminder and the due-day alert, stale by now, were marked done without an email
    ids = [information_request.pk for information_request in requests]
    assert sorted(
        InformationRequest.objects.filter(status=Status.OVERDUE).values_list("id", flat=True)
    ) == sorted(ids)
    assert (
        Deadline.objects.filter(
            state=DeadlineState.PASSED, reminded_at__isnull=False, due_day_alerted_at__isnull=False
        ).count()
        == 3
    )
    assert TimelineEvent.objects.filter(kind=EventKind.OVERDUE).count() == 3
    assert sorted(Violation.objects.values_list("category", "occurred_on__day")) == [
        ("silence", 11),
        ("silence", 11),
        ("silence", 11),
    ]
    assert list(Alert.objects.values_list("kind", flat=True)) == ["deadline_passed"] * 3
