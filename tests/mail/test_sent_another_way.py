"""A request whose email bounced is sent another way (in person, by post), and the clock starts
when the body receives it; a request that did reach the body cannot be "submitted" a second time.

The email really goes to aiosmtpd and the bounce is built on the Message-ID it received (the
helpers of test_bounces.py).
"""

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.forms import offered_events
from requests_tracker.information_requests.models import DeadlineState, SubmissionChannel
from requests_tracker.information_requests.status import (
    EventKind,
    InvalidTransitionError,
    Status,
)
from requests_tracker.information_requests.submission import (
    Upload,
    pending_posting,
    record_delivery,
    record_posting,
    record_registered_submission,
)
from requests_tracker.mail.incoming import ingest_message
from requests_tracker.mail.models import OutgoingEmail
from tests.mail import test_bounces
from tests.mail.test_bounces import at, report, send_the_request
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db
# The fixtures of the bounce tests: settings (autouse), the SMTP server, the requester.
mail_settings = test_bounces.mail_settings
inbox = test_bounces.inbox
requester = test_bounces.requester
PHOTO = Upload(name="stamp.png", content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
ALREADY_SUBMITTED = (
    "The request was already submitted: it can be sent another way only when it did not reach "
    "the body."
)


def bounced(requester: User, inbox: Inbox) -> OutgoingEmail:
    """Emailed on Monday 2 March 2026 at 12:00; Exchange reports 5.1.1 on 3 March at 10:05."""
    outgoing = send_the_request(requester, inbox)
    ingest_message(
        raw=report("bounce_exchange_5_1_1.eml", inbox), source="pipe", now=at(3, 3, 10, 5)
    )
    return outgoing


def test_handed_in_after_a_bounce_the_clock_runs_from_the_stamp(
    requester: User, inbox: Inbox
) -> None:
    information_request = bounced(requester, inbox).information_request

    # when: she hands it in on Thursday 5 March and the office stamps it that day
    with time_machine.travel(at(3, 5, 15), tick=False):
        record_registered_submission(
            information_request=information_request,
            channel=SubmissionChannel.IN_PERSON,
            registration_number="ВХ-0305/17",
            registered_at=at(3, 5, 0),
            evidence=PHOTO,
            recorded_by=requester,
        )

    # then: 15 calendar days from 5 March: Friday 20 March (not 17 March, from the bounced email)
    information_request.refresh_from_db()
    assert information_request.status == Status.AWAITING_REPLY
    running = information_request.deadlines.get(state=DeadlineState.RUNNING)
    assert running.due_date == date(2026, 3, 20)


def test_posted_after_a_bounce_the_clock_waits_for_the_delivery_notice(
    requester: User, inbox: Inbox
) -> None:
    information_request = bounced(requester, inbox).information_request

    with time_machine.travel(at(3, 3, 16), tick=False):
        posting = record_posting(
            information_request=information_request,
            mail_number="RR123456785KZ",
            posted_on=date(2026, 3, 3),  # dated before the bounce's 10:05: recorded after it
            recorded_by=requester,
        )
    # posted, not yet delivered: still no clock
    assert pending_posting(information_request) == posting
    assert list(information_request.deadlines.values_list("state", flat=True)) == [
        DeadlineState.NOT_DELIVERED
    ]

    with time_machine.travel(at(3, 10, 12), tick=False):
        record_delivery(
            information_request=information_request,
            delivered_on=date(2026, 3, 10),
            notice=PHOTO,
            recorded_by=requester,
        )

    # delivered on Tuesday 10 March: 15 calendar days end on Wednesday 25 March, a Nauryz day
    # off (21-25 March 2026), so the deadline is Thursday 26 March
    running = information_request.deadlines.get(state=DeadlineState.RUNNING)
    assert running.due_date == date(2026, 3, 26)
    assert pending_posting(information_request) is None


def test_a_request_that_reached_the_body_cannot_be_submitted_again(
    requester: User, inbox: Inbox
) -> None:
    information_request = send_the_request(requester, inbox).information_request
    events_before = information_request.events.count()

    with (
        translation.override("en"),
        time_machine.travel(at(3, 5, 15), tick=False),
        pytest.raises(InvalidTransitionError) as error,
    ):
        record_registered_submission(
            information_request=information_request,
            channel=SubmissionChannel.IN_PERSON,
            registration_number="ВХ-0305/17",
            registered_at=at(3, 5, 0),
            evidence=PHOTO,
            recorded_by=requester,
        )

    assert str(error.value) == ALREADY_SUBMITTED
    assert information_request.events.count() == events_before
    assert information_request.deadlines.get().due_date == date(2026, 3, 17)


def test_the_event_form_never_offers_a_second_submission() -> None:
    assert EventKind.SUBMITTED in offered_events(Status.DRAFT)
    assert EventKind.SUBMITTED not in offered_events(Status.SUBMITTED)


def test_the_request_page_offers_the_other_channels_after_a_bounce(
    requester: User, inbox: Inbox, client: Client
) -> None:
    information_request = bounced(requester, inbox).information_request
    information_request.public_body.accepts_e_otinish = True
    information_request.public_body.postal_address = "010000, Астана, ул. Тестовая, 1"
    information_request.public_body.save(update_fields=["accepts_e_otinish", "postal_address"])
    client.force_login(requester)

    with time_machine.travel(at(3, 3, 11), tick=False):
        page = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    html = page.content.decode()
    assert "Or send it another way (e-Otinish, post, in person)" in html
    assert 'id="channel-e_otinish"' in html
    assert 'id="channel-in_person"' in html
    assert 'id="channel-post"' in html
    assert 'id="channel-email"' not in html  # email goes again through "Send again"


def test_a_delivered_request_page_offers_no_channel(
    requester: User, inbox: Inbox, client: Client
) -> None:
    information_request = send_the_request(requester, inbox).information_request
    client.force_login(requester)

    with time_machine.travel(at(3, 3, 11), tick=False):
        page = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    assert 'id="send"' not in page.content.decode()
