"""Fixtures of the reading tests: files under a temporary media root, a submitted request."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture(autouse=True)
def media_in_tmp(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


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
