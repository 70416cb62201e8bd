"""Headers past their caps are refused before they are parsed (exit 65 for the MTA, 406 for
Mailgun), with the reason logged and nothing stored; a message just under the caps is filed."""

import hashlib
import hmac
import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.models import IncomingEmail, IncomingStatus
from tests.factories import make_request

MESSAGES = Path(__file__).parent / "messages"
SIGNING_KEY = "key-tests-only-0123456789abcdef"
TOKEN = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"
NOW = datetime(2026, 3, 20, 4, 0, tzinfo=UTC)
NOW_TIMESTAMP = 1773979200
TOO_LARGE = "The message headers are larger than 256 KiB."
TOO_MANY = "The message has more than 1000 header fields or 2000 header lines."
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_settings(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    settings.MAILGUN_WEBHOOK_MAX_AGE_SECONDS = 300
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Reasons are compared in English (the catalogues translate them for the sender)."""
    with translation.override("en"):
        yield


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


def reply_with_headers(
    information_request: InformationRequest, *, header_bytes: int, fields: int
) -> bytes:
    """The registration reply with X-Padding fields added, so that its header block (everything
    before the blank line) is ``header_bytes`` long and has ``fields`` fields in all."""
    raw = (MESSAGES / "quoted_printable_russian.eml").read_bytes()
    raw = raw.replace(b"{{REPLY_ADDRESS}}", reply_address(information_request.pk).encode())
    head, _, body = raw.partition(b"\n\n")
    added = fields - (head.count(b"\n") + 1)  # the fixture's fields are one line each
    # Each added field is "\nX-Padding-NNNN: " (17 bytes) and its value.
    room = header_bytes - len(head) - 17 * added
    values = [room // added] * added
    values[-1] += room - sum(values)
    padding = b"".join(
        b"\nX-Padding-%04d: " % number + b"a" * size for number, size in enumerate(values)
    )
    message = head + padding + b"\n\n" + body
    assert message.index(b"\n\n") == header_bytes
    return message


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_a_message_just_under_the_header_caps_is_filed(
    submitted_request: InformationRequest,
) -> None:
    # given: 256 KiB of headers exactly, in 1,000 fields
    raw = reply_with_headers(submitted_request, header_bytes=256 * 1024, fields=1000)

    # when
    call_command("ingest_email", stdin=io.BytesIO(raw), stdout=io.StringIO())

    # then
    incoming = IncomingEmail.objects.get()
    assert incoming.status == IncomingStatus.FILED
    assert incoming.information_request == submitted_request
    assert incoming.subject == "О регистрации запроса"


@pytest.mark.parametrize(
    ("header_bytes", "fields", "reason"),
    [
        (256 * 1024 + 1, 300, TOO_LARGE),  # one byte over, in few fields
        (20_000, 1001, TOO_MANY),  # small, but one field too many
    ],
)
def test_a_piped_message_over_a_header_cap_exits_65_with_the_reason_logged_and_nothing_stored(
    submitted_request: InformationRequest,
    mail_settings: Path,
    caplog: pytest.LogCaptureFixture,
    header_bytes: int,
    fields: int,
    reason: str,
) -> None:
    # given
    raw = reply_with_headers(submitted_request, header_bytes=header_bytes, fields=fields)
    events_before = TimelineEvent.objects.count()

    # when
    with (
        caplog.at_level(logging.WARNING, logger="requests_tracker.mail.incoming"),
        pytest.raises(CommandError) as error,
    ):
        call_command("ingest_email", stdin=io.BytesIO(raw))

    # then
    assert error.value.returncode == 65
    assert str(error.value) == f"Refused: {reason}"
    assert f"Refused a message received through pipe: {reason}" in caplog.text
    assert IncomingEmail.objects.count() == 0
    assert TimelineEvent.objects.count() == events_before
    assert stored_files(mail_settings) == []


def test_a_header_folded_over_too_many_lines_is_refused(
    submitted_request: InformationRequest,
) -> None:
    # given: one To field folded over 2,000 continuation lines, 40 KiB in all
    raw = reply_with_headers(submitted_request, header_bytes=2048, fields=20)
    recipients = b",\n ".join(b"clerk%04d@police.gov.kz" % number for number in range(2000))
    raw = raw.replace(b"\nCc: ", b"\nCc: " + recipients + b",\n ", 1)

    # when
    with pytest.raises(CommandError) as error:
        call_command("ingest_email", stdin=io.BytesIO(raw))

    # then
    assert error.value.returncode == 65
    assert str(error.value) == f"Refused: {TOO_MANY}"
    assert IncomingEmail.objects.count() == 0


def test_a_webhook_post_over_the_header_cap_gets_406_before_it_is_parsed(
    submitted_request: InformationRequest,
    mail_settings: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: a signed post whose MIME has one byte of headers too many
    raw = reply_with_headers(submitted_request, header_bytes=256 * 1024 + 1, fields=300)
    signature = hmac.new(
        SIGNING_KEY.encode(), f"{NOW_TIMESTAMP}{TOKEN}".encode(), hashlib.sha256
    ).hexdigest()
    post = {"timestamp": str(NOW_TIMESTAMP), "token": TOKEN, "signature": signature}
    parsed: list[object] = []

    def parse_events(view: object, request: object) -> list[object]:
        parsed.append(request)  # anymail's parser; the cap must refuse before it runs
        return []

    monkeypatch.setattr(
        "requests_tracker.mail.views.webhooks.MailgunInboundView.parse_events", parse_events
    )

    # when
    with (
        time_machine.travel(NOW, tick=False),
        caplog.at_level(logging.WARNING, logger="requests_tracker.mail.views.webhooks"),
    ):
        response = Client(enforce_csrf_checks=True).post(
            "/mail/inbound/mailgun/", {**post, "body-mime": raw.decode()}
        )

    # then: the reason is in the site's default language, Russian
    assert response.status_code == 406
    assert response.content.decode() == "Заголовки письма больше 256 КиБ."
    assert "Refused a message received through webhook: Заголовки письма больше 256 КиБ." in (
        caplog.text
    )
    assert parsed == []
    assert IncomingEmail.objects.count() == 0
    assert stored_files(mail_settings) == []
