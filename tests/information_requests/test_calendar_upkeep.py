"""Staff edit the calendar in the admin; open deadlines that move are recomputed and logged."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from requests_tracker.information_requests.models import DeadlineState, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import CalendarOverride
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def registered_ati_request(day: int) -> InformationRequest:
    """An ATI request registered on ``day`` March 2026: due 15 calendar days later."""
    information_request = make_request(
        rule_ids=("KZ.ATI.11.response",), created_at=datetime(2026, 3, day, 9, tzinfo=ALMATY)
    )
    for kind in (EventKind.SUBMITTED, EventKind.REGISTERED):
        record_event(
            information_request=information_request,
            kind=kind,
            occurred_at=datetime(2026, 3, day, 10, tzinfo=ALMATY),
            recorded_by=information_request.requester,
        )
    return information_request


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.org", "pw-for-tests")
    )
    return client


def test_a_new_day_off_moves_the_open_deadlines_that_end_on_it(admin_client: Client) -> None:
    # given: one request due Tuesday 17 March 2026, and one due Friday 13 March
    moved = registered_ati_request(2)
    untouched = make_request(created_at=datetime(2026, 2, 20, 9, tzinfo=ALMATY))
    record_event(
        information_request=untouched,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 2, 26, 10, tzinfo=ALMATY),
        recorded_by=untouched.requester,
    )

    # when: staff record a decree making 17 March a day off
    response = admin_client.post(
        "/admin/laws/calendaroverride/add/",
        {
            "jurisdiction": moved.public_body.jurisdiction_id,
            "date": "2026-03-17",
            "is_working_day": "",
            "reason_ru": "Перенос выходного дня (пример)",
            "reason_kk": "",
            "reason_en": "Day off moved (example)",
            "decree": "TEST-1",
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # then
    assert response.status_code == 200
    assert "Deadlines moved on 1 open requests" in response.content.decode()
    rows = list(moved.deadlines.order_by("id").values_list("state", "due_date"))
    assert rows == [
        (DeadlineState.SUPERSEDED, date(2026, 3, 17)),
        (DeadlineState.RUNNING, date(2026, 3, 18)),
    ]
    event = moved.events.get(kind=EventKind.DEADLINES_RECOMPUTED)
    assert event.data == {
        "reason": "calendar_override",
        "day": "2026-03-17",
        "due_dates": {"KZ.ATI.11.response": {"before": "2026-03-17", "after": "2026-03-18"}},
    }
    assert not untouched.events.filter(kind=EventKind.DEADLINES_RECOMPUTED).exists()


def test_deleting_the_override_moves_the_deadline_back(admin_client: Client) -> None:
    # given: 17 March made a day off, so the request is due 18 March
    moved = registered_ati_request(2)
    admin_client.post(
        "/admin/laws/calendaroverride/add/",
        {
            "jurisdiction": moved.public_body.jurisdiction_id,
            "date": "2026-03-17",
            "reason_ru": "Пример",
        },
    )
    override = CalendarOverride.objects.get(date=date(2026, 3, 17))

    # when
    response = admin_client.post(
        f"/admin/laws/calendaroverride/{override.pk}/delete/", {"post": "yes"}, follow=True
    )

    # then
    assert response.status_code == 200
    assert moved.deadlines.live().get().due_date == date(2026, 3, 17)
    changes = [
        event.data["due_dates"]["KZ.ATI.11.response"]
        for event in moved.events.filter(kind=EventKind.DEADLINES_RECOMPUTED).order_by("id")
    ]
    assert changes == [
        {"before": "2026-03-17", "after": "2026-03-18"},
        {"before": "2026-03-18", "after": "2026-03-17"},
    ]
