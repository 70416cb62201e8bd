"""The holding queue in the API: NGO staff list the messages the tracker could not file, file one
on a request (a request of another user only once they confirm it) or discard it."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.incoming import ingest_message
from requests_tracker.mail.models import IncomingEmail, IncomingStatus
from tests.api.tokens import client_for
from tests.factories import UserFactory, make_ngo_staff, make_request

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=ALMATY)
MESSAGES = Path(__file__).parent.parent / "mail" / "messages"
QUEUE = "/api/v1/held-messages/"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff() -> User:
    return make_ngo_staff(username="timur")


@pytest.fixture
def dana() -> User:
    user: User = UserFactory.create(
        username="dana", first_name="Дана", last_name="Журналистова", preferred_language="ru"
    )
    return user


def submitted(requester: User) -> InformationRequest:
    information_request = make_request(requester=requester)
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, 0, tzinfo=ALMATY),
        recorded_by=requester,
    )
    return information_request


def held(suggested: InformationRequest | None = None, number: int = 1) -> IncomingEmail:
    raw = (
        (MESSAGES / "no_address_of_ours.eml")
        .read_bytes()
        .replace(b"{{SUBJECT}}", "Ответ на обращение".encode())
        .replace(b"Message-ID: <", f"Message-ID: <{number}-".encode())
    )
    incoming = ingest_message(raw=raw, source="pipe", now=NOW).incoming
    assert incoming.status == IncomingStatus.HELD
    if suggested is not None:
        incoming.suggested_request = suggested
        incoming.save(update_fields=["suggested_request"])
    return incoming


def test_staff_list_the_held_messages_and_not_the_filed_ones(staff: User, dana: User) -> None:
    # given: one message held, one filed on Dana's request
    danas = submitted(dana)
    waiting = held(danas)
    filed = held(number=2)
    IncomingEmail.objects.filter(pk=filed.pk).update(
        status=IncomingStatus.FILED, information_request=danas
    )

    # when
    response = client_for(staff).get(QUEUE)

    # then
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["id"], row["status"], row["suggested_request"]) for row in rows] == [
        (waiting.pk, "held", danas.pk)
    ]
    assert rows[0]["subject"] == "Ответ на обращение"


def test_filing_on_another_users_request_needs_confirming_and_names_the_owner(
    staff: User, dana: User
) -> None:
    # given
    danas = submitted(dana)
    message = held(danas)
    events = TimelineEvent.objects.count()

    # when: filed on the suggestion without confirming
    response = client_for(staff).post(f"{QUEUE}{message.pk}/file/", {}, format="json")

    # then: refused, naming Dana; nothing filed
    assert response.status_code == 400
    assert response.json() == {
        "confirm_owner": [
            f"Request {danas.pk} is Дана Журналистова's (dana): they will be told and read the "
            "message. Confirm to file it there."
        ]
    }
    message.refresh_from_db()
    assert (message.status, message.information_request_id) == (IncomingStatus.HELD, None)
    assert TimelineEvent.objects.count() == events


def test_a_confirmed_filing_files_the_message_on_the_request(staff: User, dana: User) -> None:
    # given
    danas = submitted(dana)
    message = held(danas)

    # when
    response = client_for(staff).post(
        f"{QUEUE}{message.pk}/file/", {"confirm_owner": True}, format="json"
    )

    # then: filed on Dana's timeline, and out of the queue
    assert response.status_code == 200
    assert response.json()["status"] == "filed"
    assert response.json()["information_request"] == danas.pk
    message.refresh_from_db()
    assert message.information_request_id == danas.pk
    assert message.timeline_event is not None
    assert message.timeline_event.information_request_id == danas.pk
    assert client_for(staff).get(f"{QUEUE}{message.pk}/").status_code == 404


def test_a_message_with_no_suggestion_needs_a_request_named(staff: User) -> None:
    # given
    message = held()

    # when
    response = client_for(staff).post(f"{QUEUE}{message.pk}/file/", {}, format="json")

    # then
    assert response.status_code == 400
    assert response.json() == {
        "information_request": ["This message has no suggested request: name one."]
    }
    message.refresh_from_db()
    assert message.status == IncomingStatus.HELD


def test_filing_on_a_draft_is_refused_by_the_service(staff: User) -> None:
    # given: the staff member's own request, still a draft
    draft = make_request(requester=staff)
    message = held()

    # when
    response = client_for(staff).post(
        f"{QUEUE}{message.pk}/file/", {"information_request": draft.pk}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": ["A reply cannot be filed on a draft; submit the request first."]
    }
    message.refresh_from_db()
    assert message.status == IncomingStatus.HELD


def test_staff_discard_a_held_message_and_it_cannot_be_discarded_twice(staff: User) -> None:
    # given
    message = held()

    # when
    first = client_for(staff).post(f"{QUEUE}{message.pk}/discard/")
    second = client_for(staff).post(f"{QUEUE}{message.pk}/discard/")

    # then: discarded, still listed as such, and the second time refused by the service
    assert (first.status_code, first.json()["status"]) == (200, "discarded")
    assert second.status_code == 400
    assert second.json() == {"detail": ["Only a message in the holding queue can be discarded."]}
    message.refresh_from_db()
    assert message.status == IncomingStatus.DISCARDED
    listed = client_for(staff).get(QUEUE, {"status": "discarded"}).json()["results"]
    assert [row["id"] for row in listed] == [message.pk]


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", ""), ("get", "{id}/"), ("post", "{id}/discard/"), ("post", "{id}/file/")],
)
def test_anyone_but_staff_is_refused_and_nothing_changes(
    dana: User, method: str, path: str
) -> None:
    # given: Dana's own request is the suggestion
    message = held(submitted(dana))
    address = QUEUE + path.format(id=message.pk)

    # when
    as_journalist = getattr(client_for(dana), method)(address, {"confirm_owner": True})
    anonymous = getattr(client_for(None), method)(address, {"confirm_owner": True})

    # then
    assert as_journalist.status_code == 404
    assert anonymous.status_code == 401
    message.refresh_from_db()
    assert (message.status, message.information_request_id) == (IncomingStatus.HELD, None)
