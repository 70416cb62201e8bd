"""The pages a journalist and NGO staff use most, in Russian and Kazakh, at desktop (1280 px) and
phone (390 px) width: a screenshot of each for a reviewer, and axe-core's WCAG AA colour contrast
check, which must find nothing.

axe-core is the npm package pinned in tests/browser/package-lock.json (``npm ci --prefix
tests/browser``), read from disk and injected into each page: nothing is fetched from a CDN.
"""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.browser.chromium import CHROMIUM, MISSING
from tests.browser.conftest import SCREENSHOTS
from tests.factories import make_ngo_staff, make_request

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# The WCAG 2 AA rules that concern how text reads; each page must pass every one.
RULES = ["color-contrast", "link-in-text-block", "meta-viewport", "html-has-lang"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
    pytest.mark.skipif(not AXE.exists(), reason="run: npm ci --prefix tests/browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def staff_with_a_request(language: str) -> tuple[User, int]:
    """NGO staff (who read the report) with a request of their own, submitted a week ago."""
    user = make_ngo_staff(username=f"staff-{language}")
    user.set_password(PASSWORD)
    user.preferred_language = language
    user.save(update_fields=["password", "preferred_language"])
    week_ago = timezone.now() - timedelta(days=7)
    information_request = make_request(requester=user, created_at=week_ago)
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=week_ago + timedelta(hours=1),
        recorded_by=user,
        data={"channel": "email"},
    )
    return user, information_request.pk


@pytest.fixture
def csp_free_context(browser: Browser) -> Iterator[BrowserContext]:
    """A profile whose pages accept the injected axe-core (the site's policy allows no inline
    script); the site is otherwise served as it is."""
    browser_context = browser.new_context(locale="en-US", bypass_csp=True)
    browser_context.set_default_timeout(10_000)
    yield browser_context
    browser_context.close()


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def contrast_failures(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}})", RULES
    )
    return [
        {"rule": violation["id"], "nodes": [node["html"] for node in violation["nodes"]]}
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_page_reads_in_both_widths_with_aa_contrast(
    csp_free_context: BrowserContext, live_server: LiveServer, language: str
) -> None:
    # given: staff signed in (their stored language applies) with a submitted request
    user, request_pk = staff_with_a_request(language)
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    pages = {
        "dashboard": "/requests/",
        "request": f"/requests/{request_pk}/",
        "filing_form": "/requests/new/",
        "report": f"/monitoring/report/{last_month:%Y-%m}/?language={language}",
    }
    page = csp_free_context.new_page()
    sign_in(page, live_server.url, user.username)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failures: dict[str, list[dict[str, Any]]] = {}

    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages.items():
            # when
            response = page.goto(f"{live_server.url}{path}")

            # then
            assert response is not None, path
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == language, path
            page.screenshot(
                path=str(SCREENSHOTS / f"{name}.{language}.{width_name}.png"), full_page=True
            )
            found = contrast_failures(page)
            if found:
                failures[f"{name} {width_name}"] = found

    assert failures == {}


def test_the_contrast_check_finds_grey_text_on_white(
    csp_free_context: BrowserContext, live_server: LiveServer
) -> None:
    # given: the sign-in page with its text made light grey (#aaa on white: 2.3:1)
    page = csp_free_context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.add_style_tag(content="main, main * { color: #aaa !important; }")

    # when
    found = contrast_failures(page)

    # then
    assert [failure["rule"] for failure in found] == ["color-contrast"]
