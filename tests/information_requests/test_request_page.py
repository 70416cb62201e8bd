"""The request page shows the legal deadline, how it was computed and the days left, to those
allowed to see it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def submitted_request() -> InformationRequest:
    """A Mass Media Law request received Monday 2 March 2026: due Tuesday 10 March."""
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response", "KZ.ATI.11.response"),
        created_at=datetime(2026, 3, 2, 9, tzinfo=ALMATY),
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    return information_request


@time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=ALMATY), tick=False)
def test_the_requester_sees_the_legal_deadline_its_computation_and_the_days_left(
    client: Client,
) -> None:
    information_request = submitted_request()
    client.force_login(information_request.requester)

    response = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<time datetime="2026-03-10">10.03.2026</time>' in page
    # Thursday 5 March: 6 and 10 March are the working days left (9 March is a day off)
    assert '<span class="days-left">2 working days left</span>' in page
    assert "Due date: 10.03.2026, until 23:59 (Astana time)" in page


def test_someone_else_gets_a_404_for_a_private_request(client: Client) -> None:
    information_request = submitted_request()
    client.force_login(User.objects.create(username="stranger"))

    response = client.get(f"/requests/{information_request.pk}/")

    assert response.status_code == 404


def test_a_visitor_is_sent_to_sign_in(client: Client) -> None:
    information_request = submitted_request()

    response = client.get(f"/requests/{information_request.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_published_request_shows_anyone_its_public_page_only(client: Client) -> None:
    # given: a published request, and an account with no relation to it
    information_request = submitted_request()
    InformationRequest.objects.filter(pk=information_request.pk).update(
        visibility=Visibility.PUBLIC
    )
    client.force_login(User.objects.create(username="reader"))

    # when
    full_page = client.get(f"/requests/{information_request.pk}/")
    public_page = client.get(f"/public/requests/{information_request.pk}/")

    # then: the full page (the requester's letter, the notes) stays with the requester
    assert (full_page.status_code, public_page.status_code) == (404, 200)


def test_every_step_the_clock_can_record_is_shown_in_each_language(client: Client) -> None:
    # given: a request paused for a clarification, resumed, then extended
    information_request = submitted_request()
    for kind, day, data in [
        (EventKind.CLARIFICATION_REQUESTED, 4, {}),
        (EventKind.CLARIFICATION_PROVIDED, 12, {}),
        (EventKind.EXTENDED, 13, {"decided_on": "2026-03-13", "notified_on": "2026-03-13"}),
    ]:
        record_event(
            information_request=information_request,
            kind=kind,
            occurred_at=datetime(2026, 3, day, 10, tzinfo=ALMATY),
            recorded_by=information_request.requester,
            data=data,
        )
    client.force_login(information_request.requester)

    for language, phrase in [
        ("ru", "уточнение дано"),
        ("kk", "нақтылау берілді"),
        ("en", "the clarification was given"),
    ]:
        response = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert phrase in response.content.decode()
