"""The requester's window to complain (APPC Art. 92): opened by a refusal or a silence, reminded
before it closes, closed by a complaint or by time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.correspondence.services import escalate
from requests_tracker.information_requests.models import (
    DeadlineKind,
    DeadlineState,
    InformationRequest,
    Step,
)
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.sweep import sweep_appeal_windows, sweep_deadlines
from requests_tracker.notifications.models import Alert
from requests_tracker.notifications.sending import render_alert
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=ALMATY)


def submitted(rule_id: str = "KZ.MEDIA.36.response") -> InformationRequest:
    """A request to the Almaty police received Monday 2 March 2026 (Mass Media Law: 10 March)."""
    information_request = make_request(rule_ids=(rule_id,), created_at=at(2026, 3, 2, 9))
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(2026, 3, 2),
        recorded_by=information_request.requester,
    )
    return information_request


def window(information_request: InformationRequest) -> tuple[str, date, date]:
    deadline = information_request.deadlines.appeal_windows().get()
    return deadline.state, deadline.start_date, deadline.due_date


def test_a_refusal_opens_a_three_month_window_from_the_day_it_is_received() -> None:
    information_request = submitted()

    record_event(
        information_request=information_request,
        kind=EventKind.REFUSED,
        occurred_at=at(2026, 3, 6),
        recorded_by=information_request.requester,
        data={"ground": "ст. 201 УПК РК"},
    )

    # 6 March + 3 months = 6 June 2026, a Saturday: moved to Monday 8 June
    assert window(information_request) == (
        DeadlineState.RUNNING,
        date(2026, 3, 6),
        date(2026, 6, 8),
    )


def test_a_silence_opens_the_window_from_the_day_after_the_deadline_once() -> None:
    information_request = submitted()
    sweep_deadlines(now=at(2026, 3, 11, 1))

    first = sweep_appeal_windows(now=at(2026, 3, 11, 2))
    second = sweep_appeal_windows(now=at(2026, 3, 11, 3))

    # deemed refusal from 11 March (APPC Art. 91(2)); + 3 months = Thursday 11 June 2026
    assert window(information_request) == (
        DeadlineState.RUNNING,
        date(2026, 3, 11),
        date(2026, 6, 11),
    )
    assert (first.opened, second.opened) == (1, 0)


def test_the_requester_is_reminded_ten_working_days_before_the_window_closes_once() -> None:
    information_request = submitted()
    sweep_deadlines(now=at(2026, 3, 11, 1))
    sweep_appeal_windows(now=at(2026, 3, 11, 2))

    early = sweep_appeal_windows(now=at(2026, 5, 27, 23))
    due = sweep_appeal_windows(now=at(2026, 5, 28, 0))
    again = sweep_appeal_windows(now=at(2026, 5, 29))

    # 10 working days before Thursday 11 June 2026: 28 May (no holidays in between)
    assert (early.reminded, due.reminded, again.reminded) == (0, 1, 0)
    alert = Alert.objects.get(kind="appeal_window_closing")
    assert alert.recipient == information_request.requester
    assert alert.context["due_date"] == "2026-06-11"
    assert alert.context["rule_id"] == "KZ.APPC.92.complaint_filing"
    subject, text, _html = render_alert(alert)
    assert subject == "Срок подачи жалобы истекает 11.06.2026: Статистика обращений"
    assert "/#next-step" in text


def test_a_submitted_complaint_uses_the_window_and_no_reminder_comes() -> None:
    information_request = submitted()
    sweep_deadlines(now=at(2026, 3, 11, 1))
    sweep_appeal_windows(now=at(2026, 3, 11, 2))
    information_request.refresh_from_db()

    complaint, _letter = escalate(
        information_request=information_request,
        step=Step.COMPLAINT,
        user=information_request.requester,
        now=at(2026, 3, 12),
    )
    record_event(
        information_request=complaint,
        kind=EventKind.SUBMITTED,
        occurred_at=at(2026, 3, 13),
        recorded_by=information_request.requester,
    )
    report = sweep_appeal_windows(now=at(2026, 6, 1))

    assert window(information_request)[0] == DeadlineState.MET
    assert report.reminded == 0
    assert not Alert.objects.filter(kind="appeal_window_closing").exists()


def test_a_window_that_passes_is_closed_and_nothing_else_happens() -> None:
    information_request = submitted()
    sweep_deadlines(now=at(2026, 3, 11, 1))
    sweep_appeal_windows(now=at(2026, 3, 11, 2))

    report = sweep_appeal_windows(now=at(2026, 6, 12))

    assert report.closed == 1
    assert window(information_request)[0] == DeadlineState.PASSED
    assert information_request.deadlines.filter(kind=DeadlineKind.APPEAL_WINDOW).count() == 1
