"""A journalist publishes her answered request in a real browser, in Russian: the request page
leads to the preview, which shows the reply with her name and phone removed and asks about the
photo the body attached; she ticks it, publishes, and the public page is what the preview showed.
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from requests_tracker.information_requests.models import EvidenceFile, Visibility
from tests.browser.chromium import CHROMIUM, MISSING
from tests.information_requests.publishing_fixtures import (
    PASSWORD,
    PNG,
    anna,
    receive_reply,
    submitted_request,
    use_public_settings,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("public_settings"),
]


@pytest.fixture
def public_settings(settings: Settings, tmp_path: Path) -> None:
    use_public_settings(settings, tmp_path / "media")


def test_she_previews_ticks_the_photo_publishes_and_the_public_page_has_no_personal_data(
    page: Page,
    context: BrowserContext,
    live_server: LiveServer,
    screenshot: Callable[[str], Path],
) -> None:
    # Given Анна's request, answered by a reply that names her, gives her phone, and attaches
    # a photo of a page (which cannot be checked for personal data)
    information_request = submitted_request(anna())
    receive_reply(
        information_request,
        text="Уважаемая Иванова А.С.! Статистика: 1 204 обращения. Ваш тел. 87012345678.",
        files=[("foto.png", PNG, "image/png")],
    )
    photo = EvidenceFile.objects.get(event__information_request=information_request)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/requests/{information_request.pk}/")
    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # When she chooses "Everyone" on the request page
    page.select_option("#id_visibility", "public")
    with page.expect_navigation():
        page.click("form[action$='/visibility/'] button[type=submit]")

    # Then the preview shows the reply without her name and phone, and asks about the photo
    assert page.url == f"{live_server.url}/requests/{information_request.pk}/publish/"
    preview = page.locator("#public-preview")
    expect(preview).to_contain_text("Уважаемая [скрыто]! Статистика: 1 204 обращения.")
    expect(preview).to_contain_text("Ваш тел. [скрыто].")
    expect(page.locator(f"#attachment-{photo.pk}")).to_have_attribute("data-state", "withheld")
    screenshot("publishing-preview.png")

    # When she ticks the photo, updates the preview, then publishes
    page.check(f"input[name=confirm][value='{photo.pk}']")
    with page.expect_navigation():
        page.click("#update-preview")
    expect(page.locator(f"#attachment-{photo.pk}")).to_have_attribute("data-state", "confirmed")
    with page.expect_navigation():
        page.click("#publish")

    # Then the public page is the preview's version, with the photo offered for download
    assert page.url == f"{live_server.url}/public/requests/{information_request.pk}/"
    main = page.locator("main")
    expect(main).to_contain_text("Уважаемая [скрыто]! Статистика: 1 204 обращения.")
    expect(main).not_to_contain_text("Иванов")
    expect(main).not_to_contain_text("87012345678")
    link = page.locator(f"#attachment-{photo.pk} a")
    expect(link).to_have_attribute(
        "href", f"/public/requests/{information_request.pk}/attachments/{photo.pk}/"
    )
    screenshot("publishing-public-page.png")
    information_request.refresh_from_db()
    assert information_request.visibility == Visibility.PUBLIC
