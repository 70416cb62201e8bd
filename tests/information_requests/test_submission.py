"""Submitting by hand: which steps may follow which, through the services."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import SubmissionChannel
from requests_tracker.information_requests.status import EventKind, InvalidTransitionError
from requests_tracker.information_requests.submission import (
    Upload,
    pending_posting,
    record_posting,
    record_registered_submission,
)
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=ALMATY), tick=False)
def test_a_request_already_registered_cannot_be_posted_and_has_no_pending_posting() -> None:
    information_request = make_request()
    record_registered_submission(
        information_request=information_request,
        channel=SubmissionChannel.E_OTINISH,
        registration_number="ЖТ-1",
        registered_at=datetime(2026, 3, 6, 16, 40, tzinfo=ALMATY),
        evidence=Upload(name="receipt.png", content=PNG),
        recorded_by=information_request.requester,
    )

    with pytest.raises(InvalidTransitionError):
        record_posting(
            information_request=information_request,
            mail_number="RR1KZ",
            posted_on=date(2026, 3, 7),
            recorded_by=information_request.requester,
        )

    assert pending_posting(information_request) is None
    assert not information_request.events.filter(kind=EventKind.POSTED).exists()


@time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=ALMATY), tick=False)
def test_a_posted_letter_is_not_registered_on_receipt() -> None:
    information_request = make_request()

    with translation.override("en"), pytest.raises(DomainError, match="registered on receipt"):
        record_registered_submission(
            information_request=information_request,
            channel=SubmissionChannel.POST,
            registration_number="1",
            registered_at=datetime(2026, 3, 6, tzinfo=ALMATY),
            evidence=Upload(name="receipt.png", content=PNG),
            recorded_by=information_request.requester,
        )

    assert information_request.events.count() == 1
