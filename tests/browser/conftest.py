"""A real Chromium driven by Playwright against pytest-django's live server, in the same process.

The live server's thread shares this process, so the locmem outbox holds the mail it sends and the
test reads and writes the same database (hence transactional tests). Screenshots are artefacts of
the run, written under ``var/screenshots/`` and listed at the end of the run.

The browser lives for one test, not the session: Playwright's sync API keeps an asyncio loop
running on the main thread while it is open, and with a loop running Django hands this thread a
second set of database connections (asgiref's thread-critical ``Local`` becomes context-local).
Opened after the test's database set-up and closed before its flush, the loop never meets
pytest-django's serialized rollback, nor any other test of the suite. Chromium starts in under a
second.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.chromium import CHROMIUM, LAUNCH_ARGUMENTS, MISSING

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
_saved: list[Path] = []


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """Chromium for one test; the test's own ORM calls stay allowed beside Playwright's loop."""
    if not CHROMIUM.exists():
        pytest.skip(MISSING)
    # The guard is meant for ORM calls from async code; these are plain synchronous calls made
    # while Playwright's loop idles on the same thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGUMENTS)
        yield chromium
        chromium.close()
        # The connections opened beside the loop: close them while they can still be reached.
        connections.close_all()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile, in English like most browsers, so the site must be switched to Russian."""
    browser_context = browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    browser_context.set_default_timeout(10_000)
    yield browser_context
    browser_context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A tab; the test fails if the Content-Security-Policy blocked anything the site served."""
    tab = context.new_page()
    refused: list[str] = []
    tab.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield tab
    assert refused == [], "the Content-Security-Policy blocked part of a page"


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
