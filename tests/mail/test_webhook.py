"""The Mailgun inbound webhook: a signed POST is filed; anything else changes nothing."""

import hashlib
import hmac
import time
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.models import IncomingEmail, IncomingStatus, MatchKind
from requests_tracker.notifications.models import Alert
from tests.factories import make_request

MESSAGES = Path(__file__).parent / "messages"
SIGNING_KEY = "key-tests-only-0123456789abcdef"
URL = "/mail/inbound/mailgun/"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


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


def signed_post(body_mime: str, *, key: str = SIGNING_KEY, **fields: str) -> dict[str, str]:
    """The form Mailgun's forward() route posts: raw MIME plus a signature over timestamp+token."""
    timestamp = str(int(time.time()))
    token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"
    signature = hmac.new(
        key.encode("ascii"), f"{timestamp}{token}".encode("ascii"), hashlib.sha256
    ).hexdigest()
    return {
        "timestamp": timestamp,
        "token": token,
        "signature": signature,
        "body-mime": body_mime,
        **fields,
    }


def answer_for(information_request: InformationRequest) -> str:
    text = (MESSAGES / "answer_with_pdf.eml").read_text()
    return text.replace("{{REPLY_ADDRESS}}", reply_address(information_request.pk))


def test_a_correctly_signed_post_is_filed(
    client: Client, submitted_request: InformationRequest
) -> None:
    body_mime = answer_for(submitted_request)

    response = client.post(URL, signed_post(body_mime, recipient="ignored@example.org"))

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


def test_the_envelope_recipient_files_a_reply_sent_in_bcc(
    client: Client, submitted_request: InformationRequest
) -> None:
    body_mime = (MESSAGES / "no_address_of_ours.eml").read_text().replace("{{SUBJECT}}", "Ответ")

    response = client.post(
        URL, signed_post(body_mime, recipient=reply_address(submitted_request.pk))
    )

    assert response.status_code == 200
    assert IncomingEmail.objects.get().information_request == submitted_request


def test_a_bad_signature_gets_403_and_nothing_changes(
    client: Client, submitted_request: InformationRequest
) -> None:
    before = (IncomingEmail.objects.count(), TimelineEvent.objects.count(), Alert.objects.count())

    response = client.post(URL, signed_post(answer_for(submitted_request), key="wrong-key"))

    assert response.status_code == 403
    assert (
        IncomingEmail.objects.count(),
        TimelineEvent.objects.count(),
        Alert.objects.count(),
    ) == before


def test_a_post_without_a_signature_gets_403(client: Client) -> None:
    response = client.post(URL, {"body-mime": "From: x@y.kz\n\nhi\n"})

    assert response.status_code == 403
    assert IncomingEmail.objects.count() == 0


def test_without_a_signing_key_the_endpoint_does_not_exist(
    client: Client, settings: SettingsWrapper, submitted_request: InformationRequest
) -> None:
    # An empty key would let anyone sign: the webhook is off.
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": ""}

    response = client.post(URL, signed_post(answer_for(submitted_request), key=""))

    assert response.status_code == 404
    assert IncomingEmail.objects.count() == 0


def test_a_refused_message_gets_406_so_mailgun_does_not_retry(client: Client) -> None:
    response = client.post(URL, signed_post("just text, no headers"))

    assert response.status_code == 406
    assert IncomingEmail.objects.count() == 0
