"""A journalist records, in a real browser and in Russian, a registration dated next year (the
issue found "registered 15.03.2027" saved): the page says the date cannot be in the future, on
the field it is about, and the timeline, the status and the deadlines are as they were.
"""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from tests.browser.chromium import CHROMIUM, MISSING
from tests.factories import UserFactory, make_request

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALMATY = ZoneInfo("Asia/Almaty")
PASSWORD = "correct horse battery staple"


def in_russian(message: str) -> str:
    with translation.override("ru"):
        return gettext(message)


def snapshot(information_request: InformationRequest) -> tuple[object, ...]:
    information_request.refresh_from_db()
    return (
        list(information_request.events.values_list("kind", "occurred_at")),
        information_request.status,
        list(information_request.deadlines.values_list("due_date", "state")),
    )


def test_a_registration_dated_next_year_shows_the_error_and_saves_nothing(
    page: Page,
    context: BrowserContext,
    live_server: LiveServer,
    screenshot: Callable[[str], Path],
) -> None:
    # Given a request submitted by post on 3 March 2026, in the past whenever this runs
    journalist = UserFactory.create(username="aigerim", preferred_language="ru")
    information_request = make_request(requester=journalist, subject="Задержания журналистов")
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 3, 10, tzinfo=ALMATY),
        recorded_by=journalist,
        data={"channel": "post"},
    )
    before = snapshot(information_request)
    # The browser runs on the real clock: "next year" is counted from the day the test runs.
    next_year = timezone.localdate().year + 1
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/requests/{information_request.pk}/")
    page.fill("#id_username", "aigerim")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # When they record the registration on 15 March of next year
    action = page.locator("#record-registered")
    action.locator("summary").click()
    action.locator("#id_registered-occurred_at").fill(f"{next_year}-03-15T10:00")
    action.locator("#id_registered-registration_number").fill("ЖТ-2026-01234")
    with page.expect_navigation():
        action.locator("button[type=submit]").click()

    # Then the page says why, on the field, in Russian
    expect(page.locator(".message.error")).to_have_text(
        f"{in_russian('When')}: {in_russian('The date cannot be in the future.')}"
    )
    expect(page.locator(".message.success")).to_have_count(0)
    screenshot("request_registered_next_year.ru.png")

    # And nothing was saved: no registration on the timeline, the request still submitted
    expect(page.locator("li.event-registered")).to_have_count(0)
    expect(page.locator("main > p .status-badge")).to_have_text(
        in_russian(str(Status.SUBMITTED.label))
    )
    assert snapshot(information_request) == before
    assert information_request.status == Status.SUBMITTED
