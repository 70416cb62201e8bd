"""The deadline sweep: selects by state, records each missed deadline once, and catches up."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import (
    DeadlineState,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.sweep import sweep_deadlines
from requests_tracker.notifications.models import Alert
from tests.factories import UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ALMATY)


def submitted_media_request(requester: User | None = None) -> InformationRequest:
    """A Mass Media Law request received Monday 2 March 2026: due Tuesday 10 March (5 WD)."""
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",),
        created_at=at(3, 2),
        requester=requester or UserFactory(preferred_language="en"),
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2, 11),
        recorded_by=information_request.requester,
    )
    return information_request


def counts() -> tuple[int, int, int]:
    return (
        TimelineEvent.objects.filter(kind=EventKind.OVERDUE).count(),
        Violation.objects.count(),
        Alert.objects.count(),
    )


def test_a_passed_deadline_gives_one_overdue_event_one_violation_and_one_alert(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given
    information_request = submitted_media_request()

    # when: the sweep runs five minutes after the last day ended
    with django_capture_on_commit_callbacks() as callbacks:
        report = sweep_deadlines(now=at(3, 11, 0, 5))

    # then
    information_request.refresh_from_db()
    assert information_request.status == Status.OVERDUE
    deadline = information_request.deadlines.get()
    assert deadline.state == DeadlineState.PASSED
    event = TimelineEvent.objects.get(kind=EventKind.OVERDUE)
    assert event.deadline == deadline
    assert event.occurred_at == deadline.ends_at
    violation = Violation.objects.get()
    assert (violation.category, violation.block, violation.occurred_on) == (
        "silence",
        "B",
        date(2026, 3, 11),
    )
    assert violation.public_body == information_request.public_body
    assert violation.region == information_request.public_body.region
    alert = Alert.objects.get(kind="deadline_passed")
    assert alert.recipient == information_request.requester
    assert alert.dedupe_key == f"deadline:{deadline.pk}:deadline_passed"
    assert alert.context["due_date"] == "2026-03-10"
    assert alert.context["deemed_refusal"] is True
    assert (report.passed, report.alerts) == (1, [alert.pk])
    # the batch's alerts go to the worker in one message, after commit
    assert len(callbacks) == 1


def test_a_second_sweep_adds_nothing() -> None:
    submitted_media_request()
    sweep_deadlines(now=at(3, 11, 0, 5))
    before = counts()

    report = sweep_deadlines(now=at(3, 11, 0, 10))

    assert counts() == before == (1, 1, 1)
    assert (report.reminders, report.due_today, report.passed, report.findings) == (0, 0, 0, 0)


def test_a_sweep_that_did_not_run_for_days_catches_up_without_stale_reminders() -> None:
    submitted_media_request()

    report = sweep_deadlines(now=at(3, 20))

    assert counts() == (1, 1, 1)
    assert list(Alert.objects.values_list("kind", flat=True)) == ["deadline_passed"]
    assert (report.reminders, report.due_today, report.passed) == (1, 1, 1)


def test_the_reminder_and_the_due_day_alert_come_once_each_before_the_deadline() -> None:
    submitted_media_request()  # due 10 March; reminder 2 working days before: 5 March

    sweep_deadlines(now=at(3, 4, 23))
    assert Alert.objects.count() == 0

    sweep_deadlines(now=at(3, 5, 0, 5))
    sweep_deadlines(now=at(3, 6))
    sweep_deadlines(now=at(3, 10, 0, 5))
    sweep_deadlines(now=at(3, 10, 12))

    assert list(Alert.objects.order_by("created_at").values_list("kind", flat=True)) == [
        "deadline_soon",
        "deadline_today",
    ]
    assert TimelineEvent.objects.filter(kind=EventKind.OVERDUE).count() == 0


def test_a_requester_who_opted_out_gets_no_alert_but_the_violation_is_recorded() -> None:
    requester = User.objects.create(
        username="quiet",
        email="quiet@example.org",
        alert_deadline_soon=False,
        alert_deadline_today=False,
        alert_deadline_passed=False,
    )
    submitted_media_request(requester=requester)

    sweep_deadlines(now=at(3, 20))

    assert counts() == (1, 1, 0)


def test_an_answered_request_is_left_alone() -> None:
    information_request = submitted_media_request()
    record_event(
        information_request=information_request,
        kind=EventKind.ANSWERED,
        occurred_at=at(3, 6),
        recorded_by=information_request.requester,
    )

    sweep_deadlines(now=at(3, 20))

    assert counts() == (0, 0, 0)
    assert InformationRequest.objects.get(pk=information_request.pk).status == Status.ANSWERED


def test_findings_of_the_clock_become_draft_violations_once() -> None:
    # given: an extension notified late (see tests/information_requests/test_clock.py)
    information_request = submitted_media_request()
    record_event(
        information_request=information_request,
        kind=EventKind.EXTENDED,
        occurred_at=at(3, 11),
        recorded_by=information_request.requester,
        data={"decided_on": "2026-03-05", "notified_on": "2026-03-11"},
    )

    # when
    first = sweep_deadlines(now=at(3, 11, 12))
    second = sweep_deadlines(now=at(3, 11, 13))

    # then
    violation = Violation.objects.get()
    assert (violation.category, violation.review_state, violation.occurred_on) == (
        "extension_not_notified",
        "draft",
        date(2026, 3, 11),
    )
    assert (first.findings, second.findings) == (1, 0)
    assert information_request.deadlines.live().get().findings == []


@pytest.mark.parametrize(
    ("kind", "ground", "category"),
    [
        (EventKind.REFUSED, "ст. 201 УПК РК", "refusal_cpc_201"),
        (EventKind.REFUSED, "информация ДСП", "refusal_official_use"),
        (EventKind.REFUSED, "", "refusal"),
        (EventKind.PARTIALLY_ANSWERED, "", "evasive_answer"),
    ],
)
def test_a_refusal_or_an_evasive_answer_becomes_one_draft_violation_with_its_ground(
    kind: EventKind, ground: str, category: str
) -> None:
    # given: a request citing two laws, answered in time but with a refusal or only in part
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response", "KZ.ATI.11.response"), created_at=at(3, 2)
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2, 11),
        recorded_by=information_request.requester,
    )
    record_event(
        information_request=information_request,
        kind=kind,
        occurred_at=at(3, 5),
        recorded_by=information_request.requester,
        data={"ground": ground} if ground else {},
    )

    # when
    sweep_deadlines(now=at(3, 5, 12))
    sweep_deadlines(now=at(3, 5, 13))

    # then: one violation for the request, whichever law it cited
    violation = Violation.objects.get()
    assert (violation.category, violation.legal_ground_cited, violation.occurred_on) == (
        category,
        ground,
        date(2026, 3, 5),
    )
    assert (violation.block, violation.review_state) == ("B", "draft")
    assert violation.information_request == information_request
