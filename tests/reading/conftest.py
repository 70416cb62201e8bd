"""Fixtures of the reading tests: files under a temporary media root, a submitted request, a
request with a reply received (to attach files to), and Tesseract taken away."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.reading import ocr
from tests.factories import UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")
# A word that appears nowhere else: found only if the scan was read.
UNIQUE_WORD = "квазиморфного"
SCAN_LINES = ["Исх. № 17-05/123 от 20.03.2026", f"Ответ: бюджет {UNIQUE_WORD} акимата"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reply_event(db: None) -> TimelineEvent:
    """The body's reply of 20 March, on a request submitted on 2 March."""
    information_request = make_request(subject="Бюджет акимата", text="Прошу сообщить бюджет.")
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, 0, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    return record_event(
        information_request=information_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=datetime(2026, 3, 20, 10, 0, tzinfo=ALMATY),
        recorded_by=None,
    )


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process finds no ``tesseract`` program, as on a machine without the packages."""
    monkeypatch.setenv("PATH", "/nonexistent")
    ocr.ocr_available.cache_clear()
    yield
    monkeypatch.undo()
    ocr.ocr_available.cache_clear()


@pytest.fixture
def journalist(db: None) -> User:
    return UserFactory.create(username="aigerim", preferred_language="en")


@pytest.fixture
def submitted_request(journalist: User) -> InformationRequest:
    """A request to the Almaty police department, submitted on Monday 2 March 2026 at 11:00."""
    information_request = make_request(requester=journalist, subject="Задержания журналистов")
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, 0, tzinfo=ALMATY),
        recorded_by=journalist,
    )
    return information_request
