"""The published requests are listed a page at a time, newest first, and only published ones."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from requests_tracker.information_requests.models import InformationRequest, Visibility
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def filed(subject: str, day: int, visibility: Visibility = Visibility.PUBLIC) -> None:
    information_request = make_request(
        subject=subject, created_at=datetime(2026, 3, day, 10, tzinfo=ALMATY)
    )
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility=visibility)


def listed(page: object) -> list[str]:
    return [r.subject for r in page.context["requests"]]  # type: ignore[attr-defined]


def test_published_requests_come_a_page_at_a_time_newest_first(
    client: Client, settings: Settings
) -> None:
    # given: three published requests filed on 2, 3 and 4 March, and a private one on 5 March
    filed("Второго марта", 2)
    filed("Третьего марта", 3)
    filed("Четвёртого марта", 4)
    filed("Частный", 5, Visibility.PRIVATE)
    settings.LIST_PAGE_SIZE = 2

    first = client.get("/public/requests/", HTTP_ACCEPT_LANGUAGE="en")
    second = client.get("/public/requests/?page=2", HTTP_ACCEPT_LANGUAGE="en")

    assert listed(first) == ["Четвёртого марта", "Третьего марта"]
    assert listed(second) == ["Второго марта"]
    assert "Page 1 of 2" in first.content.decode()
