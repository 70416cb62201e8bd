"""A real Chromium driven by Playwright against pytest-django's live server, in the same process.

The live server's thread shares this process, so the locmem outbox holds the mail it sends and the
test reads and writes the same database (hence transactional tests). Screenshots are artefacts of
the run, written under ``var/screenshots/`` and listed at the end of the run.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.chromium import CHROMIUM, LAUNCH_ARGUMENTS, MISSING

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
_saved: list[Path] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(MISSING)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGUMENTS)
        yield chromium
        chromium.close()


@pytest.fixture
def allow_orm_beside_playwright(monkeypatch: pytest.MonkeyPatch) -> None:
    """Playwright's sync API keeps an event loop on this thread, which Django takes for async
    code; the test's own ORM calls are plain synchronous ones, so the check is lifted."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def context(browser: Browser, allow_orm_beside_playwright: None) -> Iterator[BrowserContext]:
    """A fresh profile per test, in English like most browsers, so the site must be switched."""
    browser_context = browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    browser_context.set_default_timeout(10_000)
    yield browser_context
    browser_context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], Path]:
    """Save a full-page screenshot of the page as it is now, for a reviewer to look at."""

    def save(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        page.screenshot(path=str(path), full_page=True)
        _saved.append(path)
        return path

    return save


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _saved:
        terminalreporter.section("browser screenshots")
        for path in _saved:
            terminalreporter.write_line(str(path))
