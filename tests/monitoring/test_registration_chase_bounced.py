"""No registration is chased for a request whose email bounced: the body never received it.

By hand (see test_registration_chase.py): submitted Friday 27 February 2026, registered that day,
chased from Monday 2 March.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.registration_chase import (
    sweep_registration_chases,
    unregistered_since,
)
from requests_tracker.notifications.models import Alert
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=ALMATY)


def emailed_on_27_february() -> InformationRequest:
    information_request = make_request(created_at=at(2, 27))
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(2, 27),
        recorded_by=None,
        data={"channel": "email", "outgoing_email": 301},
    )
    return information_request


def test_a_bounced_submission_is_not_chased() -> None:
    # given: the email that carried the request bounced the same day
    information_request = emailed_on_27_february()
    record_event(
        information_request=information_request,
        kind=EventKind.EMAIL_BOUNCED,
        occurred_at=at(2, 27, 11),
        recorded_by=None,
        data={"outgoing_email": 301, "reason": "Status: 5.1.1; Action: failed"},
    )

    # when / then: on 3 March, nothing to chase, on the page or by email
    assert unregistered_since(information_request, now=at(3, 3)) is None
    assert sweep_registration_chases(now=at(3, 3)) == []
    assert Alert.objects.count() == 0


def test_a_delivered_submission_is_chased() -> None:
    information_request = emailed_on_27_february()

    assert unregistered_since(information_request, now=at(3, 3)) == at(2, 27).date()
    assert len(sweep_registration_chases(now=at(3, 3))) == 1
