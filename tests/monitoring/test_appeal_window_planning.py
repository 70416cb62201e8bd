"""The appeal-window sweep cut into batches: beat's task plans the windows to open, remind and
close, one batch task a batch of deadlines, as the deadline sweep does.

The requests are those of tests/monitoring/test_appeal_windows.py: a Mass Media Law request
received Monday 2 March 2026 is due Tuesday 10 March; silent, its window to complain opens on
11 March and ends Thursday 11 June 2026, its reminder from 28 May (10 working days before).
"""

import os
from datetime import datetime

import pytest
import time_machine
from pytest_django.fixtures import Settings

from requests_tracker.information_requests.models import Deadline, DeadlineState
from requests_tracker.monitoring.sweep import (
    Batch,
    WindowReport,
    plan_appeal_windows,
    sweep_appeal_windows,
    sweep_deadlines,
    sweep_window_batch,
)
from requests_tracker.monitoring.tasks import sweep_appeal_windows_task
from requests_tracker.notifications.models import Alert
from tests.monitoring.test_appeal_windows import at, submitted
from tests.monitoring.test_sweep_planning import queued

pytestmark = pytest.mark.django_db
BATCH_TASK = "requests_tracker.monitoring.tasks.sweep_appeal_window_batch_task"


def five_passed_deadline_ids() -> list[int]:
    """Five silent requests whose deadline the sweep passed at 01:00 on 11 March."""
    requests = [submitted() for _ in range(5)]
    sweep_deadlines(now=at(2026, 3, 11, 1))
    return [r.deadlines.get(is_legal_deadline=True).pk for r in requests]


def window_ids() -> list[int]:
    return sorted(Deadline.objects.appeal_windows().values_list("id", flat=True))


def counts(report: WindowReport) -> tuple[int, int, int, int]:
    return report.opened, report.reminded, report.closed, len(report.alerts)


def test_the_plan_puts_each_deadline_whose_window_is_to_open_in_one_batch_in_id_order() -> None:
    # given
    ids = five_passed_deadline_ids()

    # when
    batches = plan_appeal_windows(now=at(2026, 3, 11, 2), batch_size=2)

    # then: 5 deadlines in batches of 2 are 3 batches
    assert batches == [
        Batch(deadline_ids=ids[0:2], parts=["open"]),
        Batch(deadline_ids=ids[2:4], parts=["open"]),
        Batch(deadline_ids=ids[4:5], parts=["open"]),
    ]


def test_the_plan_names_the_reminders_and_the_ends_of_the_windows_only_once_due() -> None:
    # given: the five windows opened on 11 March
    five_passed_deadline_ids()
    sweep_appeal_windows(now=at(2026, 3, 11, 2))
    windows = window_ids()

    # when / then: nothing the evening before 28 May; the reminders from its midnight; by
    # 12 June the windows ended too (and their reminders never went)
    assert len(windows) == 5
    assert plan_appeal_windows(now=at(2026, 5, 27, 23), batch_size=10) == []
    assert plan_appeal_windows(now=at(2026, 5, 28, 0), batch_size=10) == [
        Batch(deadline_ids=windows, parts=["remind"])
    ]
    assert plan_appeal_windows(now=at(2026, 6, 12), batch_size=3) == [
        Batch(deadline_ids=windows[0:3], parts=["remind", "close"]),
        Batch(deadline_ids=windows[3:5], parts=["remind", "close"]),
    ]


def test_a_batch_leaves_alone_the_windows_done_since_it_was_planned() -> None:
    # given: a plan of the reminders, then those reminders sent by another run
    five_passed_deadline_ids()
    sweep_appeal_windows(now=at(2026, 3, 11, 2))
    now = at(2026, 5, 28, 0)
    stale = plan_appeal_windows(now=now, batch_size=5)
    assert counts(sweep_appeal_windows(now=now)) == (0, 5, 0, 5)

    # when: the stale batch runs (a doubled beat)
    report = sweep_window_batch(
        now=now, deadline_ids=stale[0].deadline_ids, parts=stale[0].parts, report=WindowReport()
    )

    # then: nothing more
    assert counts(report) == (0, 0, 0, 0)
    assert Alert.objects.filter(kind="appeal_window_closing").count() == 5


def test_a_batch_leaves_alone_the_deadlines_whose_windows_opened_since_it_was_planned() -> None:
    # given: a plan of the windows to open, then those windows opened by another run
    five_passed_deadline_ids()
    now = at(2026, 3, 11, 2)
    stale = plan_appeal_windows(now=now, batch_size=5)
    assert counts(sweep_appeal_windows(now=now)) == (5, 0, 0, 0)
    opened = window_ids()

    # when: the stale batch runs an hour later (a doubled beat, a slow worker)
    report = sweep_window_batch(
        now=at(2026, 3, 11, 3),
        deadline_ids=stale[0].deadline_ids,
        parts=stale[0].parts,
        report=WindowReport(),
    )

    # then: nothing more; the deadlines keep the moment their windows opened
    assert counts(report) == (0, 0, 0, 0)
    assert window_ids() == opened
    assert set(
        Deadline.objects.filter(id__in=stale[0].deadline_ids).values_list(
            "appeal_window_opened_at", flat=True
        )
    ) == {now}


@pytest.mark.parametrize(
    ("beat_back_at", "expected", "state", "alerts"),
    [
        # back on 29 May: opened and, its reminder due since 28 May, reminded with an email
        (at(2026, 5, 29), (5, 5, 0, 5), DeadlineState.RUNNING, 5),
        # back on 12 June: opened, its reminder stale (marked done, no email) and closed
        (at(2026, 6, 12), (5, 5, 5, 0), DeadlineState.PASSED, 0),
    ],
)
def test_a_window_opened_after_beat_was_down_is_reminded_and_closed_by_the_same_run(
    beat_back_at: datetime,
    expected: tuple[int, int, int, int],
    state: str,
    alerts: int,
) -> None:
    # given: five deadlines passed on 11 March, the appeal-window beat down since
    five_passed_deadline_ids()

    # when: its first run back plans only the windows to open
    batches = plan_appeal_windows(now=beat_back_at, batch_size=5)
    assert [batch.parts for batch in batches] == [["open"]]
    report = sweep_window_batch(
        now=beat_back_at,
        deadline_ids=batches[0].deadline_ids,
        parts=batches[0].parts,
        report=WindowReport(),
    )

    # then: everything due of each window was done once, and the next run finds nothing
    assert counts(report) == expected
    assert list(Deadline.objects.appeal_windows().values_list("state", flat=True)) == [state] * 5
    assert Alert.objects.filter(kind="appeal_window_closing").count() == alerts
    assert plan_appeal_windows(now=beat_back_at, batch_size=5) == []


def test_a_batch_naming_a_part_the_sweep_does_not_have_is_refused_and_changes_nothing() -> None:
    ids = five_passed_deadline_ids()

    with pytest.raises(
        ValueError, match="Unknown parts of the appeal-window sweep: \\['open_twice'\\]"
    ):
        sweep_window_batch(
            now=at(2026, 3, 11, 2),
            deadline_ids=ids,
            parts=["open", "open_twice"],
            report=WindowReport(),
        )

    assert window_ids() == []


def test_a_plan_in_batches_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match=r"A batch holds at least one deadline\."):
        plan_appeal_windows(now=at(2026, 3, 11, 2), batch_size=0)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_beat_task_queues_one_batch_task_a_batch_on_the_sweep_queue_and_writes_nothing(
    redis_broker_url: str, settings: Settings
) -> None:
    # given: five windows to open, batches of 2
    settings.DEADLINE_SWEEP_BATCH_SIZE = 2
    ids = five_passed_deadline_ids()

    # when: beat's task runs at 02:00 in Almaty on 11 March
    with time_machine.travel(at(2026, 3, 11, 2), tick=False):
        result = sweep_appeal_windows_task()

    # then: three batch tasks with the plan's moment (in UTC), their ids and parts, on the
    # sweep's queue; no window was opened by the task itself
    assert result == {"batches": 3, "queued": 3, "deadlines": 5}
    moment = "2026-03-10T21:00:00+00:00"
    assert queued("sweep") == [
        (BATCH_TASK, [moment, ids[0:2], ["open"]]),
        (BATCH_TASK, [moment, ids[2:4], ["open"]]),
        (BATCH_TASK, [moment, ids[4:5], ["open"]]),
    ]
    assert queued("celery") == []
    assert window_ids() == []
