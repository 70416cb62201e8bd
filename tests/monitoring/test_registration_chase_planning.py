"""The registration chase cut into batches: its coordinator plans the submissions awaiting their
registration, one batch task a batch, as the deadline sweep does.

The submissions are those of tests/monitoring/test_registration_chase.py: through e-Otinish on
Friday 27 February 2026, registered that day by law, so chased from Monday 2 March.
"""

import os

import pytest
from pytest_django.fixtures import Settings

from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.registration_chase import (
    chase_registration_batch,
    plan_registration_chases,
    sweep_registration_chases,
)
from requests_tracker.monitoring.tasks import chase_registrations_task
from requests_tracker.notifications.models import Alert, AlertKind
from tests.monitoring.test_registration_chase import at, submitted
from tests.monitoring.test_sweep_planning import queued

pytestmark = pytest.mark.django_db
BATCH_TASK = "requests_tracker.monitoring.tasks.chase_registration_batch_task"


def five_submission_ids() -> list[int]:
    return [submitted(at(2, 27))[1].pk for _ in range(5)]


def chases() -> int:
    return Alert.objects.filter(kind=AlertKind.REGISTRATION_CHASE).count()


def test_the_plan_puts_each_submission_awaiting_registration_in_one_batch_in_id_order() -> None:
    # given: five submissions awaiting their registration, one registered, one under the Mass
    # Media Law (its clock does not start at registration)
    ids = five_submission_ids()
    registered, _event = submitted(at(2, 27))
    record_event(
        information_request=registered,
        kind=EventKind.REGISTERED,
        occurred_at=at(2, 27, 15),
        recorded_by=registered.requester,
        data={"registration_number": "ЖТ-2026-00042", "registered_on": "2026-02-27"},
    )
    submitted(at(2, 27), rule="KZ.MEDIA.36.response")

    # when
    batches = plan_registration_chases(batch_size=2)

    # then: the five, in batches of 2
    assert batches == [ids[0:2], ids[2:4], ids[4:5]]


def test_a_submission_chased_leaves_the_plan() -> None:
    five_submission_ids()

    assert len(sweep_registration_chases(now=at(3, 2, 9), batch_size=2)) == 5
    assert plan_registration_chases(batch_size=2) == []


def test_a_batch_run_before_the_registration_day_is_over_chases_nothing_and_keeps_it_planned() -> (
    None
):
    # given
    ids = five_submission_ids()

    # when: late on Friday, the registration day itself
    alerts = chase_registration_batch(now=at(2, 27, 23), event_ids=ids)

    # then: no alert, and the next plan still holds the five
    assert (alerts, chases()) == ([], 0)
    assert plan_registration_chases(batch_size=5) == [ids]


def test_a_batch_leaves_alone_the_submissions_chased_since_it_was_planned() -> None:
    # given: a plan, then its submissions chased by another run
    five_submission_ids()
    stale = plan_registration_chases(batch_size=5)
    assert len(sweep_registration_chases(now=at(3, 2, 9))) == 5

    # when: the stale batch runs (a doubled beat)
    alerts = chase_registration_batch(now=at(3, 2, 9), event_ids=stale[0])

    # then: nothing more
    assert (alerts, chases()) == ([], 5)


def test_a_batch_leaves_alone_a_submission_registered_since_it_was_planned() -> None:
    # given: two submissions planned, then one registered on Monday morning
    (first, first_event), (_second, second_event) = (submitted(at(2, 27)) for _ in range(2))
    plan = plan_registration_chases(batch_size=2)
    record_event(
        information_request=first,
        kind=EventKind.REGISTERED,
        occurred_at=at(3, 2, 8),
        recorded_by=first.requester,
        data={"registration_number": "ЖТ-2026-00043", "registered_on": "2026-02-27"},
    )

    # when
    alerts = chase_registration_batch(now=at(3, 2, 9), event_ids=plan[0])

    # then: only the other one is chased
    assert plan == [[first_event.pk, second_event.pk]]
    assert list(Alert.objects.filter(id__in=alerts).values_list("dedupe_key", flat=True)) == [
        f"registration-chase:{second_event.pk}"
    ]


def test_a_plan_in_batches_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match=r"A batch holds at least one deadline\."):
        plan_registration_chases(batch_size=0)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_the_coordinator_queues_one_batch_task_a_batch_on_the_sweep_queue_and_writes_nothing(
    redis_broker_url: str, settings: Settings
) -> None:
    # given: five submissions to look at, batches of 2
    settings.DEADLINE_SWEEP_BATCH_SIZE = 2
    ids = five_submission_ids()

    # when: the deadline sweep's coordinator has queued the chase with its moment, 09:00 on
    # Monday 2 March in Almaty, and a worker runs it
    moment = "2026-03-02T04:00:00+00:00"
    result = chase_registrations_task(moment)

    # then: three batch tasks with that moment and their ids on the sweep's queue, no alert yet
    assert result == {"batches": 3, "queued": 3, "submissions": 5}
    assert queued("sweep") == [
        (BATCH_TASK, [moment, ids[0:2]]),
        (BATCH_TASK, [moment, ids[2:4]]),
        (BATCH_TASK, [moment, ids[4:5]]),
    ]
    assert queued("celery") == []
    assert chases() == 0
