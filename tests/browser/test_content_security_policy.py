"""Under the Content-Security-Policy the pages still work in a real browser: their scripts run
from static files and the API docs render. (The `page` fixture fails any browser test in which
the browser reports a blocked script or style.)"""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from requests_tracker.information_requests.demo import DEMO_PASSWORD, NGO_STAFF
from tests.browser.chromium import CHROMIUM, MISSING

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_api_docs_render_under_the_policy(live_server: LiveServer, page: Page) -> None:
    page.goto(f"{live_server.url}/api/v1/docs/")

    expect(page.locator(".swagger-ui .title")).to_contain_text(
        "Access-to-information request tracker API"
    )
    expect(page.locator(".opblock").first).to_be_visible()


def test_the_import_page_script_runs_from_its_static_file(
    live_server: LiveServer, page: Page, demo_data: None
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(NGO_STAFF.username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/requests/")

    page.goto(f"{live_server.url}/monitoring/violations/import/")

    # app.js marks the page as enhanced; violation_import.js made the progress key.
    expect(page.locator("html")).to_have_class("js")
    expect(page.locator("#progress-key")).to_have_value(re.compile(r"^[0-9a-f]{32}$"))
