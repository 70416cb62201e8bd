"""Staff file a held message from the admin's holding queue; a request of another user is filed
only after staff confirm a warning that names the request's owner."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.incoming import ingest_message
from requests_tracker.mail.models import IncomingEmail, IncomingStatus
from requests_tracker.notifications.models import Alert
from tests.factories import UserFactory, make_ngo_staff, make_request

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=ALMATY)
MESSAGES = Path(__file__).parent / "messages"
QUEUE = "/admin/mail/incomingemail/"
ACTION = "assign_to_suggested_request"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_settings(settings: SettingsWrapper, tmp_path: Path) -> Iterator[None]:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.SITE_URL = "https://tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        yield


def submitted(requester: User) -> InformationRequest:
    information_request = make_request(requester=requester)
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, 0, tzinfo=ALMATY),
        recorded_by=requester,
    )
    return information_request


def held_for(information_request: InformationRequest) -> IncomingEmail:
    """A message from nobody we know, held, with ``information_request`` set as its suggestion
    by staff (the change form's raw id field)."""
    raw = (
        (MESSAGES / "no_address_of_ours.eml")
        .read_bytes()
        .replace(b"{{SUBJECT}}", "Ответ на обращение".encode())
    )
    incoming = ingest_message(raw=raw, source="pipe", now=NOW).incoming
    assert incoming.status == IncomingStatus.HELD
    incoming.suggested_request = information_request
    incoming.save(update_fields=["suggested_request"])
    return incoming


def staff_client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def dana() -> User:
    user: User = UserFactory.create(
        username="dana", first_name="Дана", last_name="Журналистова", preferred_language="ru"
    )
    return user


@pytest.fixture
def reviewer() -> User:
    """NGO staff given the holding queue in the admin."""
    user = make_ngo_staff(username="timur")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="mail",
            codename__in=("view_incomingemail", "change_incomingemail"),
        )
    )
    return User.objects.get(pk=user.pk)


def test_filing_on_another_users_request_shows_a_warning_naming_its_owner_and_files_nothing(
    dana: User, reviewer: User
) -> None:
    # given
    danas = submitted(dana)
    held = held_for(danas)
    events = TimelineEvent.objects.count()

    # when
    page = staff_client(reviewer).post(QUEUE, {"action": ACTION, "_selected_action": [held.pk]})

    # then: the warning, with the owner's name and username and the request; nothing filed
    assert page.status_code == 200
    assert page.templates[0].name == ("admin/mail/incomingemail/confirm_other_users_request.html")
    html = page.content.decode()
    assert "Warning: this would file a message on a request of another user." in html
    assert (
        f"would be filed on request #{danas.pk} Статистика обращений, which belongs to "
        "Дана Журналистова (username: dana), not to you."
    ) in html
    assert f'name="confirm-{held.pk}" value="{danas.pk}"' in html
    held.refresh_from_db()
    assert held.status == IncomingStatus.HELD
    assert held.information_request is None
    assert TimelineEvent.objects.count() == events
    assert Alert.objects.count() == 0


def test_once_confirmed_the_message_is_filed_and_the_owner_alerted(
    dana: User, reviewer: User
) -> None:
    danas = submitted(dana)
    held = held_for(danas)

    response = staff_client(reviewer).post(
        QUEUE,
        {"action": ACTION, "_selected_action": [held.pk], f"confirm-{held.pk}": str(danas.pk)},
    )

    assert (response.status_code, response["Location"]) == (302, QUEUE)
    held.refresh_from_db()
    assert held.status == IncomingStatus.FILED
    assert held.information_request == danas
    assert held.timeline_event is not None
    assert held.timeline_event.recorded_by == reviewer
    assert [alert.recipient for alert in Alert.objects.all()] == [dana]


def test_a_confirmation_for_another_request_files_nothing_and_asks_again(
    dana: User, reviewer: User
) -> None:
    # given: staff confirmed request A, then the suggestion was changed to Dana's request
    danas = submitted(dana)
    confirmed_one = submitted(UserFactory.create(username="aigerim"))
    held = held_for(danas)

    page = staff_client(reviewer).post(
        QUEUE,
        {
            "action": ACTION,
            "_selected_action": [held.pk],
            f"confirm-{held.pk}": str(confirmed_one.pk),
        },
    )

    assert page.status_code == 200
    assert "(username: dana)" in page.content.decode()
    held.refresh_from_db()
    assert held.status == IncomingStatus.HELD
    assert Alert.objects.count() == 0


def test_one_unconfirmed_message_holds_back_the_whole_selection(dana: User, reviewer: User) -> None:
    # given: one message for the reviewer's own request, one for Dana's
    own = held_for(submitted(reviewer))
    raw = (MESSAGES / "no_address_of_ours.eml").read_bytes()
    other = ingest_message(
        raw=raw.replace(b"{{SUBJECT}}", b"Re").replace(b"no-address-0318", b"no-address-0319"),
        source="pipe",
        now=NOW,
    ).incoming
    IncomingEmail.objects.filter(pk=other.pk).update(suggested_request=submitted(dana))

    page = staff_client(reviewer).post(
        QUEUE, {"action": ACTION, "_selected_action": [own.pk, other.pk]}
    )

    assert page.status_code == 200
    assert list(IncomingEmail.objects.values_list("status", flat=True)) == [
        IncomingStatus.HELD,
        IncomingStatus.HELD,
    ]


def test_a_message_for_the_staff_members_own_request_is_filed_without_a_warning(
    reviewer: User,
) -> None:
    own = submitted(reviewer)
    held = held_for(own)

    response = staff_client(reviewer).post(QUEUE, {"action": ACTION, "_selected_action": [held.pk]})

    assert (response.status_code, response["Location"]) == (302, QUEUE)
    held.refresh_from_db()
    assert held.status == IncomingStatus.FILED
    assert held.information_request == own


def test_a_superuser_is_warned_too(dana: User) -> None:
    superuser: User = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    held = held_for(submitted(dana))

    page = staff_client(superuser).post(QUEUE, {"action": ACTION, "_selected_action": [held.pk]})

    assert page.status_code == 200
    assert "Дана Журналистова (username: dana)" in page.content.decode()
    held.refresh_from_db()
    assert held.status == IncomingStatus.HELD


def test_the_warning_is_in_the_staff_members_language(dana: User, reviewer: User) -> None:
    danas = submitted(dana)
    held = held_for(danas)
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(reviewer)

    page = client.post(QUEUE, {"action": ACTION, "_selected_action": [held.pk]})

    html = page.content.decode()
    assert "Внимание: письмо будет подшито к запросу другого пользователя." in html
    assert (
        f"будет подшито к запросу #{danas.pk} Статистика обращений, который принадлежит "
        "пользователю Дана Журналистова (логин: dana), а не вам."
    ) in html
    assert 'value="Да, подшить к запросу другого пользователя"' in html
