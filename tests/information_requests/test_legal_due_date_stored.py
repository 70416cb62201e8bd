"""Each request stores the due date of its legal deadline (the dashboard orders by it), and the
clock keeps it up to date with every event that moves the deadline."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


def record(
    information_request: InformationRequest, kind: EventKind, when: datetime, **data: str
) -> None:
    record_event(
        information_request=information_request,
        kind=kind,
        occurred_at=when,
        recorded_by=information_request.requester,
        data=data,
    )


def stored(information_request: InformationRequest) -> date | None:
    information_request.refresh_from_db(fields=["legal_due_date"])
    return information_request.legal_due_date


def test_a_draft_stores_no_legal_due_date() -> None:
    assert stored(make_request(created_at=at(3, 2))) is None


def test_of_two_laws_the_earliest_deadline_is_stored() -> None:
    # given: Mass Media Law (5 working days from receipt) and ATI Law (15 calendar days)
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response", "KZ.ATI.11.response"), created_at=at(3, 2)
    )

    record(information_request, EventKind.SUBMITTED, at(3, 2, 11))

    # then: 3, 4, 5, 6 March (9 March is the observed Women's Day) and 10 March, not 17 March
    assert stored(information_request) == date(2026, 3, 10)


def test_a_later_registration_moves_the_stored_date() -> None:
    information_request = make_request(rule_ids=("KZ.ATI.11.response",), created_at=at(3, 2))
    record(information_request, EventKind.SUBMITTED, at(3, 2, 11))
    assert stored(information_request) == date(2026, 3, 17)  # 2 + 15 days

    record(information_request, EventKind.REGISTERED, at(3, 4), registered_on="2026-03-04")

    assert stored(information_request) == date(2026, 3, 19)  # 4 + 15 days


def test_an_extension_moves_the_stored_date() -> None:
    information_request = make_request(rule_ids=("KZ.MEDIA.36.response",), created_at=at(3, 2))
    record(information_request, EventKind.SUBMITTED, at(3, 2, 11))

    record(
        information_request,
        EventKind.EXTENDED,
        at(3, 11),
        decided_on="2026-03-05",
        notified_on="2026-03-11",
    )

    # Art. 36: up to 15 days from 10 March: 25 March, an observed Nauryz day off, so 26 March
    assert stored(information_request) == date(2026, 3, 26)
