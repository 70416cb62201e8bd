"""The Mailgun inbound webhook: a signed, fresh, first-time POST is filed; others change nothing.

Every post goes through a client that enforces CSRF, as a real one from Mailgun does (it has no
CSRF cookie): the test client skips the check otherwise.
"""

import hashlib
import hmac
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.models import IncomingEmail, IncomingStatus, MatchKind, WebhookToken
from requests_tracker.notifications.models import Alert
from tests.factories import make_request
from tests.mail.database_faults import (
    fail_updates_of_incoming_email,
    stop_failing_updates_of_incoming_email,
)

MESSAGES = Path(__file__).parent / "messages"
SIGNING_KEY = "key-tests-only-0123456789abcdef"
TOKEN = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"
URL = "/mail/inbound/mailgun/"
# The moment every test runs at; Mailgun's timestamps are seconds since the epoch.
NOW = datetime(2026, 3, 20, 4, 0, tzinfo=UTC)
NOW_TIMESTAMP = 1773979200
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def mail_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    settings.MAILGUN_WEBHOOK_MAX_AGE_SECONDS = 300


@pytest.fixture
def mailgun() -> Client:
    """A client without a CSRF cookie or token, checked as a browser's would be."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def submitted_request() -> InformationRequest:
    information_request = make_request()
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=information_request.created_at,
        recorded_by=information_request.requester,
    )
    return information_request


def signed_post(
    body_mime: str,
    *,
    key: str = SIGNING_KEY,
    timestamp: int = NOW_TIMESTAMP,
    token: str = TOKEN,
    **fields: str,
) -> dict[str, str]:
    """The form Mailgun's forward() route posts: raw MIME plus a signature over timestamp+token."""
    signature = hmac.new(
        key.encode("ascii"), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    return {
        "timestamp": str(timestamp),
        "token": token,
        "signature": signature,
        "body-mime": body_mime,
        **fields,
    }


def answer_for(information_request: InformationRequest) -> str:
    text = (MESSAGES / "answer_with_pdf.eml").read_text()
    return text.replace("{{REPLY_ADDRESS}}", reply_address(information_request.pk))


def other_message(subject: str = "Ответ") -> str:
    return (MESSAGES / "no_address_of_ours.eml").read_text().replace("{{SUBJECT}}", subject)


def counts() -> tuple[int, int, int]:
    return (IncomingEmail.objects.count(), TimelineEvent.objects.count(), Alert.objects.count())


def test_a_correctly_signed_post_is_filed_with_csrf_enforced(
    mailgun: Client, submitted_request: InformationRequest
) -> None:
    body_mime = answer_for(submitted_request)

    response = mailgun.post(URL, signed_post(body_mime, recipient="ignored@example.org"))

    assert response.status_code == 200
    incoming = IncomingEmail.objects.get()
    assert incoming.source == "webhook"
    assert incoming.status == IncomingStatus.FILED
    assert incoming.match == MatchKind.EXACT
    assert incoming.information_request == submitted_request
    assert incoming.size == len(body_mime.encode())
    with incoming.raw.open("rb") as stored:
        assert stored.read() == body_mime.encode()
    assert TimelineEvent.objects.filter(kind=EventKind.REPLY_RECEIVED).count() == 1
    assert list(WebhookToken.objects.values_list("token", "signed_at")) == [(TOKEN, NOW)]


def test_the_same_token_again_is_refused_even_with_another_body(
    mailgun: Client, submitted_request: InformationRequest
) -> None:
    # given: a signed post was accepted
    assert mailgun.post(URL, signed_post(answer_for(submitted_request))).status_code == 200
    before = counts()

    # when: its signature comes again, with another message
    response = mailgun.post(URL, signed_post(other_message()))

    # then
    assert response.status_code == 403
    assert counts() == before
    assert list(IncomingEmail.objects.values_list("message_id", flat=True)) == [
        "20260312152000.1234@police.gov.kz"
    ]
    assert WebhookToken.objects.count() == 1


def test_a_post_signed_two_years_ago_is_refused(mailgun: Client) -> None:
    two_years_ago = NOW_TIMESTAMP - 2 * 365 * 86400

    response = mailgun.post(URL, signed_post(other_message(), timestamp=two_years_ago))

    assert response.status_code == 403
    assert counts() == (0, 0, 0)
    assert WebhookToken.objects.count() == 0


@pytest.mark.parametrize(
    ("seconds_from_now", "expected_status"),
    [
        (-300, 200),  # at the edge of the window
        (-301, 403),
        (300, 200),  # a sender's clock ahead of ours, up to the same margin
        (301, 403),
    ],
)
def test_the_freshness_window_is_max_age_seconds_either_way(
    mailgun: Client, seconds_from_now: int, expected_status: int
) -> None:
    post = signed_post(other_message(), timestamp=NOW_TIMESTAMP + seconds_from_now)

    response = mailgun.post(URL, post)

    assert response.status_code == expected_status
    assert IncomingEmail.objects.count() == (1 if expected_status == 200 else 0)


def test_a_bad_signature_gets_403_and_nothing_changes(
    mailgun: Client, submitted_request: InformationRequest
) -> None:
    before = counts()

    response = mailgun.post(URL, signed_post(answer_for(submitted_request), key="wrong-key"))

    assert response.status_code == 403
    assert counts() == before
    assert WebhookToken.objects.count() == 0


def test_a_signature_over_another_timestamp_gets_403(mailgun: Client) -> None:
    post = {**signed_post(other_message()), "timestamp": str(NOW_TIMESTAMP - 1)}

    response = mailgun.post(URL, post)

    assert response.status_code == 403
    assert counts() == (0, 0, 0)


def test_a_post_without_a_signature_gets_403(mailgun: Client) -> None:
    response = mailgun.post(URL, {"body-mime": "From: x@y.kz\n\nhi\n"})

    assert response.status_code == 403
    assert IncomingEmail.objects.count() == 0


@pytest.mark.parametrize(
    ("timestamp", "token"),
    [
        ("１７７３９７９２００", TOKEN),  # full-width digits
        ("-1773979200", TOKEN),
        ("9" * 40, TOKEN),
        (str(NOW_TIMESTAMP), "токен"),
        (str(NOW_TIMESTAMP), ""),
        (str(NOW_TIMESTAMP), "t" * 256),
    ],
)
def test_a_malformed_timestamp_or_token_gets_403_not_a_500(
    mailgun: Client, timestamp: str, token: str
) -> None:
    post = {**signed_post(other_message()), "timestamp": timestamp, "token": token}

    response = mailgun.post(URL, post)

    assert response.status_code == 403
    assert counts() == (0, 0, 0)


def test_tokens_older_than_the_window_are_pruned_by_the_next_post(mailgun: Client) -> None:
    WebhookToken.objects.create(token="old", signed_at=NOW - timedelta(seconds=301))
    WebhookToken.objects.create(token="recent", signed_at=NOW - timedelta(seconds=300))

    response = mailgun.post(URL, signed_post(other_message()))

    assert response.status_code == 200
    assert sorted(WebhookToken.objects.values_list("token", flat=True)) == [TOKEN, "recent"]


def test_without_a_signing_key_the_endpoint_does_not_exist(
    mailgun: Client, settings: SettingsWrapper, submitted_request: InformationRequest
) -> None:
    # An empty key would let anyone sign: the webhook is off.
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": ""}

    response = mailgun.post(URL, signed_post(answer_for(submitted_request), key=""))

    assert response.status_code == 404
    assert IncomingEmail.objects.count() == 0


def test_a_refused_message_gets_406_and_its_token_is_used_up(mailgun: Client) -> None:
    # given: Mailgun does not retry a 406
    response = mailgun.post(URL, signed_post("just text, no headers"))
    assert response.status_code == 406
    assert IncomingEmail.objects.count() == 0

    # when: the refused post's signature comes again with a message that would be accepted
    replay = mailgun.post(URL, signed_post(other_message()))

    # then
    assert replay.status_code == 403
    assert IncomingEmail.objects.count() == 0


def test_the_envelope_recipient_files_a_reply_sent_in_bcc(
    mailgun: Client, submitted_request: InformationRequest
) -> None:
    post = signed_post(other_message(), recipient=reply_address(submitted_request.pk))

    response = mailgun.post(URL, post)

    assert response.status_code == 200
    assert IncomingEmail.objects.get().information_request == submitted_request


def test_a_post_that_fails_to_be_stored_gets_503_and_mailgun_s_retry_is_accepted(
    mailgun: Client, submitted_request: InformationRequest, tmp_path: Path
) -> None:
    # given: the database refuses to finish filing the message
    post = signed_post(answer_for(submitted_request))
    before = counts()
    fail_updates_of_incoming_email()

    # when
    response = mailgun.post(URL, post)

    # then: nothing is kept, not even the token, so the same post can come again
    assert response.status_code == 503
    assert counts() == before
    assert WebhookToken.objects.count() == 0
    assert [path for path in (tmp_path / "media").rglob("*") if path.is_file()] == []

    # when: the database recovers and Mailgun retries
    stop_failing_updates_of_incoming_email()
    retry = mailgun.post(URL, post)

    # then
    assert retry.status_code == 200
    assert IncomingEmail.objects.get().status == IncomingStatus.FILED
