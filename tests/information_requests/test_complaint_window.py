"""The requester's window to complain (APPC Art. 92) is the requester's own deadline: a drafted
complaint leaves it open and its reminder comes; only a complaint recorded as submitted uses it.
On the request page it reads "your window to complain closes on …", never as an answer."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from requests_tracker.correspondence.services import escalate
from requests_tracker.information_requests.models import DeadlineState, InformationRequest, Step
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.sweep import sweep_appeal_windows, sweep_deadlines
from requests_tracker.notifications.models import Alert
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


def refused() -> InformationRequest:
    """A Mass Media request received Monday 2 March 2026 and refused on Friday 6 March: the
    window runs 6 March + 3 months = Saturday 6 June -> Monday 8 June 2026."""
    information_request = make_request(rule_ids=("KZ.MEDIA.36.response",), created_at=at(3, 2, 9))
    for kind, when, data in (
        (EventKind.SUBMITTED, at(3, 2), {}),
        (EventKind.REFUSED, at(3, 6), {"ground": "ст. 201 УПК РК"}),
    ):
        record_event(
            information_request=information_request,
            kind=kind,
            occurred_at=when,
            recorded_by=information_request.requester,
            data=data,
        )
    information_request.refresh_from_db()
    return information_request


def draft_complaint(information_request: InformationRequest) -> InformationRequest:
    complaint, _letter = escalate(
        information_request=information_request,
        step=Step.COMPLAINT,
        user=information_request.requester,
        now=at(3, 10),
    )
    return complaint


def window_state(information_request: InformationRequest) -> tuple[str, date]:
    window = information_request.deadlines.appeal_windows().get()
    return window.state, window.due_date


def test_a_drafted_complaint_leaves_the_window_open_and_the_reminder_comes() -> None:
    # given: a refusal, and a complaint drafted but not submitted
    information_request = refused()
    draft_complaint(information_request)

    # when: the sweep runs 10 working days before Monday 8 June: 5, 4, 3, 2, 1 June, 29, 28,
    # (27 May is Kurban Ait) 26, 25, 22 May -> from Friday 22 May
    before = sweep_appeal_windows(now=at(5, 21, 23))
    on_the_day = sweep_appeal_windows(now=at(5, 22, 1))

    # then
    assert window_state(information_request) == (DeadlineState.RUNNING, date(2026, 6, 8))
    assert (before.reminded, on_the_day.reminded) == (0, 1)
    alert = Alert.objects.get(kind="appeal_window_closing")
    assert (alert.recipient, alert.context["due_date"]) == (
        information_request.requester,
        "2026-06-08",
    )


def test_the_complaint_recorded_as_submitted_uses_the_window() -> None:
    information_request = refused()
    complaint = draft_complaint(information_request)

    record_event(
        information_request=complaint,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 11),
        recorded_by=information_request.requester,
    )
    report = sweep_appeal_windows(now=at(5, 22, 1))

    assert window_state(information_request) == (DeadlineState.MET, date(2026, 6, 8))
    assert report.reminded == 0


def test_a_silence_opens_the_window_even_when_a_complaint_is_already_drafted() -> None:
    # given: a Mass Media request received 2 March 2026 and due 10 March, with no answer
    information_request = make_request(rule_ids=("KZ.MEDIA.36.response",), created_at=at(3, 2, 9))
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2),
        recorded_by=information_request.requester,
    )
    sweep_deadlines(now=at(3, 11, 1))
    information_request.refresh_from_db()

    # when: the requester drafts the complaint before the window is opened
    draft_complaint(information_request)
    report = sweep_appeal_windows(now=at(3, 11, 2))

    # then: deemed refusal from 11 March; + 3 months = Thursday 11 June 2026
    assert report.opened == 1
    assert window_state(information_request) == (DeadlineState.RUNNING, date(2026, 6, 11))


@time_machine.travel(datetime(2026, 3, 12, 12, tzinfo=ALMATY), tick=False)
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", 'Your window to complain closes on <time datetime="2026-06-08">08.06.2026</time>.'),
        (
            "ru",
            'Ваш срок на подачу жалобы истекает <time datetime="2026-06-08">08.06.2026</time>.',
        ),
    ],
)
def test_the_request_page_shows_the_window_as_the_requesters_own_deadline(
    client: Client, language: str, expected: str
) -> None:
    information_request = refused()
    draft_complaint(information_request)
    client.force_login(information_request.requester)

    page = client.get(
        f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    # the window's own row (the body's response deadline above it was met by the refusal)
    (window_row,) = [row for row in page.split("<article")[1:] if expected in row]
    assert "Ответ дан в срок" not in window_row
    assert "Answered in time" not in window_row
