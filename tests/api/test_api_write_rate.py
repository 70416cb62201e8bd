"""Writes through the API are limited per user (API_WRITE_RATE); reads are not."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.accounts.tokens import create_api_token
from requests_tracker.information_requests.models import InformationRequest
from tests.factories import UserFactory

ALMATY = ZoneInfo("Asia/Almaty")
START = datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)

pytestmark = pytest.mark.django_db


def token_client(username: str, language: str = "en") -> APIClient:
    user: User = UserFactory.create(username=username, preferred_language=language)
    client = APIClient()
    key = create_api_token(user=user, name="script", now=timezone.now()).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def write(client: APIClient) -> int:
    """One write: a draft that the filing form refuses (empty), so nothing is made."""
    return client.post("/api/v1/requests/", {}, format="json").status_code


@override_settings(API_WRITE_RATE="120/min")
def test_the_121st_write_in_a_minute_is_refused_and_a_read_is_not() -> None:
    # given: a script that has written 120 times within one minute
    client = token_client("dana")
    with time_machine.travel(START, tick=False):
        statuses = {write(client) for _ in range(120)}
    assert statuses == {400}

    # when: it writes once more in the same second, and reads
    with time_machine.travel(START, tick=False):
        refused = client.post("/api/v1/requests/", {}, format="json")
        read = client.get("/api/v1/requests/")

    # then: the write is refused for the rest of the minute, and the read is served
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json() == {
        "detail": "Too many changes in a short time. Try again in 60 seconds."
    }
    assert read.status_code == 200
    assert InformationRequest.objects.count() == 0


@override_settings(API_WRITE_RATE="120/min")
def test_writes_are_counted_per_user_and_the_window_passes() -> None:
    # given: one user at the limit
    dana = token_client("dana")
    with time_machine.travel(START, tick=False):
        for _ in range(120):
            write(dana)
        assert write(dana) == 429

    # when: another user writes in the same second, and the first a minute later
    with time_machine.travel(START, tick=False):
        other = write(token_client("aigerim"))
    with time_machine.travel(datetime(2026, 3, 2, 10, 1, 1, tzinfo=ALMATY), tick=False):
        later = write(dana)

    # then
    assert (other, later) == (400, 400)


@override_settings(API_WRITE_RATE="2/min")
def test_the_rate_is_a_setting() -> None:
    # given
    client = token_client("dana")

    # when
    with time_machine.travel(START, tick=False):
        statuses = [write(client) for _ in range(3)]

    # then
    assert statuses == [400, 400, 429]
