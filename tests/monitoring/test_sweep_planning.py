"""The sweep cut into batches: beat's task plans what is due, one batch task a batch of deadlines.

The requests are those of tests/monitoring/test_sweep.py: a Mass Media Law request received
Monday 2 March 2026 is due Tuesday 10 March (its reminder 5 March, its due day from 10 March
00:00, passed from 11 March 00:00 in Almaty).
"""

import os
from typing import Any

import pytest
import time_machine
from pytest_django.fixtures import Settings

from requests_tracker.celery import app as celery_app
from requests_tracker.information_requests.models import TimelineEvent
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.sweep import Batch, SweepReport, plan_sweep, sweep_batch
from requests_tracker.monitoring.tasks import sweep_deadlines_task
from requests_tracker.notifications.models import Alert
from tests.monitoring.test_sweep import at, submitted_media_request

pytestmark = pytest.mark.django_db
DUE_WHEN_PASSED = ["reminders", "due_today", "passed"]
BATCH_TASK = "requests_tracker.monitoring.tasks.sweep_deadline_batch_task"


def five_deadline_ids() -> list[int]:
    requests = [submitted_media_request() for _ in range(5)]
    return [information_request.deadlines.get().pk for information_request in requests]


def test_the_plan_puts_each_due_deadline_in_one_batch_of_the_batch_size_in_id_order() -> None:
    # given: five requests whose deadline passed while no sweep ran (reminder and due day too)
    ids = five_deadline_ids()

    # when
    batches = plan_sweep(now=at(3, 11, 0, 5), batch_size=2)

    # then: 5 deadlines in batches of 2 are 3 batches
    assert batches == [
        Batch(deadline_ids=ids[0:2], parts=DUE_WHEN_PASSED),
        Batch(deadline_ids=ids[2:4], parts=DUE_WHEN_PASSED),
        Batch(deadline_ids=ids[4:5], parts=DUE_WHEN_PASSED),
    ]


def test_the_plan_names_only_the_parts_due_and_nothing_when_nothing_is_due() -> None:
    ids = five_deadline_ids()

    assert plan_sweep(now=at(3, 4, 23), batch_size=10) == []  # the evening before the reminders
    assert plan_sweep(now=at(3, 5, 0, 5), batch_size=10) == [
        Batch(deadline_ids=ids, parts=["reminders"])
    ]


def test_a_batch_leaves_alone_a_deadline_done_since_it_was_planned() -> None:
    # given: a plan, then its deadlines processed by another sweep
    five_deadline_ids()
    now = at(3, 11, 0, 5)
    stale = plan_sweep(now=now, batch_size=5)
    for batch in plan_sweep(now=now, batch_size=5):
        sweep_batch(
            now=now, deadline_ids=batch.deadline_ids, parts=batch.parts, report=SweepReport()
        )

    # when: the stale batch runs (a doubled beat)
    report = sweep_batch(
        now=now, deadline_ids=stale[0].deadline_ids, parts=stale[0].parts, report=SweepReport()
    )

    # then: nothing more
    assert (report.reminders, report.due_today, report.passed, report.alerts) == (0, 0, 0, [])
    assert TimelineEvent.objects.filter(kind=EventKind.OVERDUE).count() == 5
    assert Violation.objects.count() == 5
    assert Alert.objects.count() == 5


def queued(queue_name: str) -> list[tuple[str, list[Any]]]:
    """The tasks waiting in ``queue_name`` (name and arguments), taken off the queue."""
    tasks = []
    with celery_app.connection_for_read() as connection:
        queue = connection.SimpleQueue(queue_name)
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                break
            args, _kwargs, _embed = message.decode()
            tasks.append((message.headers["task"], args))
            message.ack()
        queue.close()
    return tasks


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_beat_task_queues_one_batch_task_a_batch_on_the_sweep_queue_and_the_chase(
    redis_broker_url: str, settings: Settings
) -> None:
    # given: five deadlines due, batches of 2
    settings.DEADLINE_SWEEP_BATCH_SIZE = 2
    ids = five_deadline_ids()

    # when: beat's task runs at 00:05 in Almaty on 11 March
    with time_machine.travel(at(3, 11, 0, 5), tick=False):
        result = sweep_deadlines_task()

    # then: three batch tasks, each with the plan's moment (in UTC), its ids and parts, and the
    # registration chase, on the sweep's queue; the task wrote nothing itself
    assert result == {"batches": 3, "queued": 3, "deadlines": 5, "registration_chase_queued": 1}
    moment = "2026-03-10T19:05:00+00:00"
    assert queued("sweep") == [
        (BATCH_TASK, [moment, ids[0:2], DUE_WHEN_PASSED]),
        (BATCH_TASK, [moment, ids[2:4], DUE_WHEN_PASSED]),
        (BATCH_TASK, [moment, ids[4:5], DUE_WHEN_PASSED]),
        ("requests_tracker.monitoring.tasks.chase_registrations_task", [moment]),
    ]
    assert queued("celery") == []
    assert TimelineEvent.objects.filter(kind=EventKind.OVERDUE).count() == 0


def test_a_batch_naming_a_part_the_sweep_does_not_have_is_refused_and_changes_nothing() -> None:
    ids = five_deadline_ids()

    with pytest.raises(ValueError, match="Unknown parts of the sweep: \\['passed_twice'\\]"):
        sweep_batch(
            now=at(3, 11, 0, 5),
            deadline_ids=ids,
            parts=["passed", "passed_twice"],
            report=SweepReport(),
        )

    assert TimelineEvent.objects.filter(kind=EventKind.OVERDUE).count() == 0


def test_a_plan_in_batches_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match=r"A batch holds at least one deadline\."):
        plan_sweep(now=at(3, 11, 0, 5), batch_size=0)
