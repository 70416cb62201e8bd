"""The clock and a letter sent by email: a bounce of the email that carried the request means the
body never received it, so no deadline runs; sending it again starts the clock from the new
sending. Other emails (a reminder) and their bounces do not move the clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.information_requests.models import DeadlineState, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


def emailed_request() -> InformationRequest:
    """An Access to Information request emailed (outgoing email 101) on Monday 2 March 2026:
    15 calendar days, due Tuesday 17 March."""
    information_request = make_request()
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2),
        recorded_by=None,
        data={"channel": "email", "outgoing_email": 101},
    )
    return information_request


def email_event(
    information_request: InformationRequest, kind: EventKind, outgoing_email: int, moment: datetime
) -> None:
    record_event(
        information_request=information_request,
        kind=kind,
        occurred_at=moment,
        recorded_by=None,
        data={"outgoing_email": outgoing_email, "reason": "Status: 5.1.1; Action: failed"},
    )


def live(information_request: InformationRequest) -> list[tuple[str, date]]:
    return list(
        information_request.deadlines.exclude(state=DeadlineState.SUPERSEDED).values_list(
            "state", "due_date"
        )
    )


def test_the_bounce_of_the_submitting_email_stops_the_clock_and_a_new_sending_restarts_it() -> None:
    information_request = emailed_request()
    assert live(information_request) == [(DeadlineState.RUNNING, date(2026, 3, 17))]

    email_event(information_request, EventKind.EMAIL_BOUNCED, 101, at(3, 3))
    assert live(information_request) == [(DeadlineState.NOT_DELIVERED, date(2026, 3, 17))]

    # sent again (outgoing email 102) on Wednesday 4 March: 15 days from then, Thursday 19 March
    email_event(information_request, EventKind.EMAIL_SENT, 102, at(3, 4))
    assert live(information_request) == [(DeadlineState.RUNNING, date(2026, 3, 19))]

    # and if that one bounces too, the clock stops again
    email_event(information_request, EventKind.EMAIL_BOUNCED, 102, at(3, 4, 13))
    assert live(information_request) == [(DeadlineState.NOT_DELIVERED, date(2026, 3, 19))]


def test_another_email_and_its_bounce_leave_the_clock_running() -> None:
    information_request = emailed_request()

    # a follow-up email (103) sent on 10 March, which then bounces
    email_event(information_request, EventKind.EMAIL_SENT, 103, at(3, 10))
    assert live(information_request) == [(DeadlineState.RUNNING, date(2026, 3, 17))]
    email_event(information_request, EventKind.EMAIL_BOUNCED, 103, at(3, 10, 13))
    assert live(information_request) == [(DeadlineState.RUNNING, date(2026, 3, 17))]


def test_a_request_handed_in_by_hand_is_not_stopped_by_an_email_bounce() -> None:
    information_request = make_request()
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2),
        recorded_by=None,
        data={"channel": "in_person"},
    )

    email_event(information_request, EventKind.EMAIL_BOUNCED, 104, at(3, 3))

    assert live(information_request) == [(DeadlineState.RUNNING, date(2026, 3, 17))]
