"""A request with a reply received, to attach files to; and Tesseract taken away."""

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.information_requests.models import TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.reading import ocr
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
# A word that appears nowhere else: found only if the scan was read.
UNIQUE_WORD = "квазиморфного"
SCAN_LINES = ["Исх. № 17-05/123 от 20.03.2026", f"Ответ: бюджет {UNIQUE_WORD} акимата"]


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
