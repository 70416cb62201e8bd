"""A received message reaches the request it answers, and never another journalist's request.

Order: our reply address with its code; then In-Reply-To / References naming an email we sent;
then nothing. A subject is read only for our own marker "#<id>", and only when the sender fits the
body the request went to; a body's outgoing number, a year or "№ 1" never names a request.
"""

from collections.abc import Iterator
from datetime import date, datetime
from email.header import Header
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.accounts.models import User
from requests_tracker.bodies.contacts import add_contact
from requests_tracker.bodies.models import ContactKind, ContactOrigin, PublicBody
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.addresses import reply_address, request_number_in_subject
from requests_tracker.mail.incoming import IngestResult, Outcome, ingest_message
from requests_tracker.mail.models import IncomingEmail, IncomingStatus, MatchKind
from requests_tracker.mail.outgoing import queue_request_email, subject_for
from requests_tracker.mail.sending import send_request_email
from requests_tracker.notifications.models import Alert
from tests.factories import UserFactory, make_request
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

ALMATY = ZoneInfo("Asia/Almaty")
MESSAGES = Path(__file__).parent / "messages"
SENT_AT = datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY)
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=ALMATY)
POLICE = "police-kz-75"
POLICE_EMAIL = "kense@police-almaty.example.kz"
PROSECUTOR = "prosecutor-kz-75"
PROSECUTOR_EMAIL = "kense@prokuror-almaty.example.kz"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def inbox(settings: SettingsWrapper, tmp_path: Path) -> Iterator[Inbox]:
    port = send_mail_to_local_smtp(settings)
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.SITE_URL = "https://tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"
    with smtp_server(port) as received:
        yield received


@pytest.fixture
def dana() -> User:
    user: User = UserFactory.create(
        username="dana", email="dana@example.org", preferred_language="ru"
    )
    return user


@pytest.fixture
def aigerim() -> User:
    user: User = UserFactory.create(
        username="aigerim", first_name="Айгерим", last_name="Садыкова", email="a@example.org"
    )
    return user


def give_email(slug: str, address: str) -> PublicBody:
    body = PublicBody.objects.get(slug=slug)
    add_contact(
        body=body,
        kind=ContactKind.EMAIL,
        value=address,
        source_note="Письмо канцелярии, март 2026",
        checked_on=date(2026, 3, 1),
        origin=ContactOrigin.STAFF,
        added_by=None,
        now=SENT_AT,
    )
    return body


def emailed_request(requester: User, slug: str = POLICE) -> tuple[InformationRequest, str]:
    """A request sent to its body by email through the real SMTP server; its Message-ID."""
    information_request = make_request(body_slug=slug, requester=requester)
    with time_machine.travel(SENT_AT, tick=False):
        outgoing = queue_request_email(
            information_request=information_request,
            intent="request",
            user=requester,
            now=SENT_AT,
        )
        assert send_request_email(outgoing_id=outgoing.pk) is True
    outgoing.refresh_from_db()
    return information_request, outgoing.message_id


def load(name: str, **values: str) -> bytes:
    text = (MESSAGES / name).read_bytes()
    for key, value in values.items():
        text = text.replace(f"{{{{{key}}}}}".encode(), value.encode())
    assert b"{{" not in text, "a placeholder was left unfilled"
    return text


def subject_only(*, sender: str, subject: str, local_id: str = "3a9c5e7b") -> bytes:
    """An Outlook message with no thread headers, from ``sender``, its subject RFC 2047-encoded."""
    return load(
        "outlook_subject_only.eml",
        SENDER=sender,
        SENDER_DOMAIN=sender.rpartition("@")[2],
        SUBJECT=Header(subject, "utf-8").encode(),
        LOCAL_ID=local_id,
    )


def assert_held_with_nothing_suggested(result: IngestResult) -> None:
    assert result.outcome == Outcome.HELD
    assert result.incoming.match == MatchKind.UNMATCHED
    assert result.incoming.status == IncomingStatus.HELD
    assert result.incoming.suggested_request is None
    assert result.incoming.information_request is None
    assert Alert.objects.count() == 0


# --- A threaded reply is filed on the request of the email it answers ---------------------------


def test_a_reply_all_to_the_bodys_mailbox_with_our_address_only_in_cc_is_filed_by_its_thread(
    inbox: Inbox, dana: User, aigerim: User
) -> None:
    # given: two journalists' requests to the same police department, both emailed
    give_email(POLICE, POLICE_EMAIL)
    danas, message_id = emailed_request(dana)
    aigerims, _other_id = emailed_request(aigerim)
    assert message_id.startswith("<")  # stored in angle brackets, as sent
    assert message_id.endswith(">")
    # the subject carries the body's own outgoing number, starting with Aigerim's request's id
    raw = load(
        "thread_reply_our_address_in_cc.eml", MESSAGE_ID=message_id, OTHER_ID=str(aigerims.pk)
    )

    # when
    result = ingest_message(raw=raw, source="pipe", now=NOW)

    # then: on Dana's request, filed without staff, and only Dana is told
    assert result.outcome == Outcome.FILED
    incoming = result.incoming
    assert incoming.subject == f"RE: исх. № {aigerims.pk}-14-08/1234 Статистика обращений"
    assert incoming.match == MatchKind.THREAD
    assert incoming.status == IncomingStatus.FILED
    assert incoming.information_request == danas
    assert incoming.suggested_request is None
    assert incoming.timeline_event is not None
    assert incoming.timeline_event.kind == EventKind.REPLY_RECEIVED
    assert incoming.timeline_event.occurred_at == datetime(2026, 3, 13, 15, 42, 5, tzinfo=ALMATY)
    assert [alert.recipient.username for alert in Alert.objects.all()] == ["dana"]
    assert not IncomingEmail.objects.filter(information_request=aigerims).exists()
    assert not TimelineEvent.objects.filter(
        information_request=aigerims, kind=EventKind.REPLY_RECEIVED
    ).exists()


def test_a_reply_with_no_address_of_ours_is_filed_by_our_message_id_in_its_references(
    inbox: Inbox, dana: User, aigerim: User
) -> None:
    # given: forwarded inside the body; In-Reply-To names the internal forward
    give_email(POLICE, POLICE_EMAIL)
    danas, message_id = emailed_request(dana)
    aigerims, _other_id = emailed_request(aigerim)
    raw = load(
        "thread_reply_no_address_of_ours.eml", MESSAGE_ID=message_id, OTHER_ID=str(aigerims.pk)
    )

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.outcome == Outcome.FILED
    assert result.incoming.subject == f"RE: FW: Ответ на запрос {aigerims.pk} года"
    assert result.incoming.from_address == (
        "Отдел информационной политики <press@police-almaty.example.kz>"
    )
    assert result.incoming.match == MatchKind.THREAD
    assert result.incoming.information_request == danas


def test_only_an_email_we_sent_files_a_thread_a_queued_one_or_an_unknown_id_does_not(
    inbox: Inbox, dana: User
) -> None:
    # given: an email queued but never sent, so no body can have seen its Message-ID
    give_email(POLICE, POLICE_EMAIL)
    information_request = make_request(body_slug=POLICE, requester=dana)
    queued = queue_request_email(
        information_request=information_request, intent="request", user=dana, now=SENT_AT
    )
    assert queued.sent_at is None
    unknown = "<20260302120000.1.0@tracker.example.org>"

    held_queued = ingest_message(
        raw=load("thread_reply_our_address_in_cc.eml", MESSAGE_ID=queued.message_id, OTHER_ID="2"),
        source="pipe",
        now=NOW,
    )
    held_unknown = ingest_message(
        raw=load("thread_reply_no_address_of_ours.eml", MESSAGE_ID=unknown, OTHER_ID="2026"),
        source="pipe",
        now=NOW,
    )

    assert_held_with_nothing_suggested(held_queued)
    assert_held_with_nothing_suggested(held_unknown)


def test_our_reply_address_with_its_code_comes_before_the_thread(
    inbox: Inbox, dana: User, aigerim: User
) -> None:
    give_email(POLICE, POLICE_EMAIL)
    _danas, message_id = emailed_request(dana)
    aigerims, _other_id = emailed_request(aigerim)
    raw = load("thread_reply_our_address_in_cc.eml", MESSAGE_ID=message_id, OTHER_ID="2")

    # the transport delivered it to Aigerim's request's reply address (our address in Bcc)
    result = ingest_message(
        raw=raw, source="webhook", now=NOW, recipients=[reply_address(aigerims.pk)]
    )

    assert result.incoming.match == MatchKind.EXACT
    assert result.incoming.information_request == aigerims


# --- A number in a subject ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "RE: исх. № {id}-14-08/1234",  # the body's own outgoing number
        "Ответ на запрос {id} года",  # a year
        "№ {id}",
        "Re: Ответ на запрос № {id}",
        "Исх. №{id} от 13.03.2026",
        "RE: #{id}-14-08",  # starts like our marker, but is the body's number
        "Request {id}",
    ],
)
def test_a_number_in_a_subject_other_than_our_marker_names_no_request(
    inbox: Inbox, dana: User, subject: str
) -> None:
    # given: a request to the sender's own body whose id is the number in the subject
    give_email(POLICE, POLICE_EMAIL)
    information_request, _message_id = emailed_request(dana)

    result = ingest_message(
        raw=subject_only(sender=POLICE_EMAIL, subject=subject.format(id=information_request.pk)),
        source="pipe",
        now=NOW,
    )

    assert_held_with_nothing_suggested(result)


@pytest.mark.parametrize(
    "sender",
    [POLICE_EMAIL, "Press@Police-Almaty.example.kz"],  # the body's address, then its domain
)
def test_our_marker_from_the_requests_body_is_a_suggestion_for_staff(
    inbox: Inbox, dana: User, sender: str
) -> None:
    give_email(POLICE, POLICE_EMAIL)
    information_request, _message_id = emailed_request(dana)
    before = TimelineEvent.objects.count()

    result = ingest_message(
        raw=subject_only(
            sender=sender, subject=f"RE: Статистика обращений #{information_request.pk}"
        ),
        source="pipe",
        now=NOW,
    )

    assert result.outcome == Outcome.HELD
    assert result.incoming.match == MatchKind.SUGGESTED
    assert result.incoming.suggested_request == information_request
    assert result.incoming.information_request is None
    assert TimelineEvent.objects.count() == before
    assert Alert.objects.count() == 0


# --- A suggestion never names a request to another body ----------------------------------------


def test_our_marker_from_another_body_suggests_nothing(inbox: Inbox, dana: User) -> None:
    # given: Dana's request went to the police; the prosecutor's office writes with its number
    give_email(POLICE, POLICE_EMAIL)
    give_email(PROSECUTOR, PROSECUTOR_EMAIL)
    to_police, _message_id = emailed_request(dana)

    result = ingest_message(
        raw=subject_only(sender=PROSECUTOR_EMAIL, subject=f"RE: Статистика #{to_police.pk}"),
        source="pipe",
        now=NOW,
    )

    assert_held_with_nothing_suggested(result)


def test_our_address_with_a_wrong_code_from_another_body_suggests_nothing(
    inbox: Inbox, dana: User
) -> None:
    # given: the message comes from kense@police.gov.kz, an address of no body in the directory
    give_email(POLICE, POLICE_EMAIL)
    to_police, _message_id = emailed_request(dana)
    mistyped = f"reply+{to_police.pk}-0123456789@tracker.example.org"

    result = ingest_message(
        raw=load("mistyped_code.eml", MISTYPED_ADDRESS=mistyped), source="pipe", now=NOW
    )

    assert_held_with_nothing_suggested(result)


def test_our_address_with_a_wrong_code_from_the_requests_body_is_a_suggestion(
    inbox: Inbox, dana: User
) -> None:
    give_email(POLICE, "kense@police.gov.kz")
    to_police, _message_id = emailed_request(dana)
    mistyped = f"reply+{to_police.pk}-0123456789@tracker.example.org"

    result = ingest_message(
        raw=load("mistyped_code.eml", MISTYPED_ADDRESS=mistyped), source="pipe", now=NOW
    )

    assert result.outcome == Outcome.HELD
    assert result.incoming.match == MatchKind.SUGGESTED
    assert result.incoming.suggested_request == to_police


def test_a_body_on_a_public_mail_service_is_fitted_by_its_exact_address_only(
    inbox: Inbox, dana: User
) -> None:
    # given: a body whose only mailbox is on a free mail service
    give_email(POLICE, "police.almaty@mail.ru")
    to_police, _message_id = emailed_request(dana)
    subject = f"RE: Статистика обращений #{to_police.pk}"

    stranger = ingest_message(
        raw=subject_only(sender="someone.else@mail.ru", subject=subject, local_id="a1"),
        source="pipe",
        now=NOW,
    )
    body = ingest_message(
        raw=subject_only(sender="police.almaty@mail.ru", subject=subject, local_id="a2"),
        source="pipe",
        now=NOW,
    )

    assert stranger.incoming.match == MatchKind.UNMATCHED
    assert stranger.incoming.suggested_request is None
    assert body.incoming.match == MatchKind.SUGGESTED
    assert body.incoming.suggested_request == to_police


def test_the_marker_read_back_is_the_one_our_subjects_are_written_with(dana: User) -> None:
    information_request = make_request(requester=dana, subject="Приказ #5: статистика")

    sent_subject = subject_for(information_request)

    assert sent_subject == f"Приказ #5: статистика #{information_request.pk}"
    assert request_number_in_subject(f"RE: {sent_subject}") == information_request.pk
