"""A reply received and not yet classified is shown prominently, on the request page and on the
dashboard, until the requester records what it was."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
BADGE = '<strong class="badge reply-to-classify">Reply received, not yet classified</strong>'
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


@pytest.fixture
def journalist(client: Client) -> User:
    user = User.objects.create(
        username="aigerim", email="aigerim@example.org", preferred_language="en"
    )
    client.force_login(user)
    return user


def submitted(requester: User, subject: str) -> InformationRequest:
    information_request = make_request(requester=requester, subject=subject)
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2, 11),
        recorded_by=requester,
    )
    return information_request


def test_the_badge_shows_until_the_reply_is_classified(client: Client, journalist: User) -> None:
    # given: two requests, one with a reply filed from the body's email
    with_reply = submitted(journalist, "С ответом")
    without = submitted(journalist, "Без ответа")
    record_event(
        information_request=with_reply,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=at(3, 5),
        recorded_by=None,
        data={"from": "kense@police.example.kz", "subject": "Re: С ответом"},
    )

    # then: the request page and the dashboard row of that request show the badge
    page = client.get(f"/requests/{with_reply.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert BADGE in page
    other = client.get(f"/requests/{without.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert BADGE not in other
    dashboard = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert dashboard.count(BADGE) == 1
    row = dashboard[dashboard.index("С ответом") :]
    assert row[: row.index("</tr>")].count(BADGE) == 1

    # when: a note is added, which says nothing about what the reply was
    record_event(
        information_request=with_reply,
        kind=EventKind.NOTE,
        occurred_at=at(3, 6),
        recorded_by=journalist,
        note="Позвонить в канцелярию",
    )

    # then: still to classify
    assert BADGE in client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # when: the requester records that the reply is the answer
    record_event(
        information_request=with_reply,
        kind=EventKind.ANSWERED,
        occurred_at=at(3, 5),
        recorded_by=journalist,
    )

    # then: the badge is gone from both pages
    page = client.get(f"/requests/{with_reply.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert BADGE not in page
    assert BADGE not in client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_badge_is_in_the_requesters_language(client: Client, journalist: User) -> None:
    information_request = submitted(journalist, "Статистика")
    record_event(
        information_request=information_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=at(3, 5),
        recorded_by=None,
        data={"from": "kense@police.example.kz", "subject": "Re: Статистика"},
    )
    User.objects.filter(pk=journalist.pk).update(preferred_language="ru")

    page = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Получен ответ, ещё не отмечен" in page
