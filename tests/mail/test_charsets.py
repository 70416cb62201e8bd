"""A body whose charset label is unknown or wrong is stored as readable text; the raw is kept."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.incoming import Outcome, ingest_message
from tests.factories import make_request

MESSAGES = Path(__file__).parent / "messages"
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=ZoneInfo("Asia/Almaty"))
RUSSIAN = (
    "Уважаемая Дана Журналистова!\n\n"
    "Сообщаем, что ваш запрос рассмотрен. Запрошенные сведения о расходах управления\n"
    "на содержание служебного транспорта за 2025 год направлены вам в приложении.\n\n"
    "Исполнитель: Ахметова А., тел. 8 (7172) 71-22-00"
)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"


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


def load(name: str, information_request: InformationRequest) -> bytes:
    raw = (MESSAGES / name).read_bytes()
    return raw.replace(b"{{REPLY_ADDRESS}}", reply_address(information_request.pk).encode())


@pytest.mark.parametrize(
    "fixture",
    [
        "windows_1251_bogus_label.eml",  # charset="x-unknown-cyrillic"
        "koi8_r_labelled_windows_1251.eml",  # KOI8-R bytes read as windows-1251 give "хЧБЦБЕНБС"
        "windows_1251_labelled_utf_8.eml",  # not valid UTF-8 at all
    ],
)
def test_a_russian_body_with_a_wrong_or_unknown_charset_label_is_stored_readable(
    submitted_request: InformationRequest, fixture: str
) -> None:
    # given
    raw = load(fixture, submitted_request)

    # when
    result = ingest_message(raw=raw, source="pipe", now=NOW)

    # then: the text is readable, and the raw message is kept byte for byte
    assert result.outcome == Outcome.FILED
    assert result.incoming.text_body == RUSSIAN
    with result.incoming.raw.open("rb") as stored:
        assert stored.read() == raw


def test_a_correctly_labelled_kazakh_body_is_read_in_its_declared_charset(
    submitted_request: InformationRequest,
) -> None:
    raw = load("kazakh_utf_8.eml", submitted_request)

    result = ingest_message(raw=raw, source="pipe", now=NOW)

    assert result.incoming.text_body == (
        "Құрметті Дана Журналистова!\n\n"
        "Сіздің сұрауыңыз қаралды. Сұралған мәліметтер қосымшада жіберілді.\n\n"
        "Орындаушы: Ахметова А."
    )
