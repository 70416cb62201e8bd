"""The private iCalendar feed: a user's legal deadlines, at an address only they know."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar
from pytest_django.fixtures import Settings
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.feeds import calendar_feed_for
from requests_tracker.information_requests.models import CalendarFeed, Deadline
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")


def submitted_request(*, requester: User, subject: str, submitted_at: datetime) -> Deadline:
    information_request = make_request(requester=requester, subject=subject)
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=submitted_at,
        recorded_by=information_request.requester,
    )
    return Deadline.objects.get(information_request=information_request, is_legal_deadline=True)


@pytest.mark.django_db
def test_the_feed_holds_one_all_day_event_per_legal_deadline_of_the_user(client: Client) -> None:
    # given a user whose request reached the police on Tuesday 3 March 2026, and another user's
    journalist = UserFactory.create()
    deadline = submitted_request(
        requester=journalist,
        subject="Статистика обращений",
        submitted_at=datetime(2026, 3, 3, 10, 0, tzinfo=ALMATY),
    )
    submitted_request(
        requester=UserFactory.create(),
        subject="Чужой запрос",
        submitted_at=datetime(2026, 3, 4, 10, 0, tzinfo=ALMATY),
    )
    feed = calendar_feed_for(journalist)

    # when
    response = client.get(f"/calendar/{feed.token}.ics")

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == f"deadline-{deadline.pk}@requests-tracker"
    assert event.decoded("DTSTART") == date(2026, 3, 18)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert str(event["SUMMARY"]).startswith("Due: Статистика обращений — ")
    description = str(event["DESCRIPTION"])
    assert "KZ.ATI.11.response" in description
    assert f"/requests/{deadline.information_request_id}/" in description
    alarms = event.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0].decoded("TRIGGER") == timedelta(days=-1)


@pytest.mark.django_db
def test_a_user_keeps_the_same_feed_token() -> None:
    journalist = UserFactory.create()

    first = calendar_feed_for(journalist)
    second = calendar_feed_for(journalist)

    assert first.pk == second.pk
    assert second.token == first.token
    assert len(first.token) == 43  # token_urlsafe(32): 32 random bytes in base64


@pytest.mark.django_db
def test_an_unknown_token_is_not_found(client: Client) -> None:
    calendar_feed_for(UserFactory.create())

    response = client.get("/calendar/not-a-token.ics")

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_signed_in_user_gets_the_private_address_of_the_feed(
    api_client: APIClient, settings: Settings
) -> None:
    settings.SITE_URL = "https://tracker.example.org"
    user = User.objects.create(username="subscriber")
    api_client.force_authenticate(user)

    first = api_client.get("/api/v1/me/calendar-feed/")
    second = api_client.get("/api/v1/me/calendar-feed/")

    token = CalendarFeed.objects.get(user=user).token
    assert first.status_code == 200
    assert first.json() == {"url": f"https://tracker.example.org/calendar/{token}.ics"}
    assert second.json() == first.json()


@pytest.mark.django_db
def test_the_feed_address_needs_a_signed_in_user(api_client: APIClient) -> None:
    assert api_client.get("/api/v1/me/calendar-feed/").status_code == 401
