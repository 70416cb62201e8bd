"""A refusal citing CPC Art. 201 arrives by email as a scanned letter (a PDF of a page image, no
text layer); once the worker has read it with OCR, the request page, in Russian, suggests
"refused, ground: ст. 201 УПК РК" with the sentence marked; one click on "Record it" records the
refusal, and the draft violation carries the ground."""

from collections.abc import Callable
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.mail.incoming import Outcome, ingest_message
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.sweep import sweep_deadlines
from requests_tracker.reading.models import Suggestion, SuggestionState
from requests_tracker.reading.pipeline import read_event
from tests.browser.chromium import CHROMIUM, MISSING
from tests.factories import UserFactory, make_request
from tests.reading.readings import refusal_scan, reply_with

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def in_russian(message: StrOrPromise) -> str:
    """The message as the site shows it in Russian (a lazy one is translated there too)."""
    with translation.override("ru"):
        return gettext(message) if isinstance(message, str) else str(message)


def test_a_refusal_read_in_an_emailed_pdf_is_recorded_in_one_click_with_its_ground(
    page: Page,
    context: BrowserContext,
    live_server: LiveServer,
    screenshot: Callable[[str], Path],
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # Given a request to the Almaty police submitted a week ago (the browser runs on the real
    # clock), and the body's refusal received by email yesterday, its signed letter scanned
    now = timezone.now()
    journalist = UserFactory.create(username="aigerim", preferred_language="ru")
    information_request = make_request(
        requester=journalist, subject="Задержания журналистов", created_at=now - timedelta(days=8)
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=now - timedelta(days=7),
        recorded_by=journalist,
        data={"channel": "email"},
    )
    raw = reply_with(
        information_request,
        files=[("ответ.pdf", refusal_scan(), "application/pdf")],
        sent=format_datetime(now - timedelta(days=1)),
    )
    result = ingest_message(raw=raw, source="pipe", now=now)
    assert result.outcome == Outcome.FILED
    reply = result.incoming.timeline_event
    assert reply is not None

    # When the worker reads the reply's files, as its task would (OCR: the scan has no text)
    read_event(reply.pk)

    # And the journalist opens the request page, in Russian
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/requests/{information_request.pk}/")
    page.fill("#id_username", "aigerim")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # Then the reply's card suggests a refusal on CPC Art. 201, the sentence marked
    card = page.locator("#replies article.suggestion")
    expect(card.locator("h3")).to_have_text(
        in_russian(
            "The tracker read this reply: it looks like %(looks_like)s; ground cited: %(ground)s"
        )
        % {"looks_like": in_russian("a refusal"), "ground": "ст. 201 УПК РК"}
    )
    expect(card.locator("dd.suggested-ground mark")).to_contain_text("201")
    # the sentence as Tesseract read it from the scan: "ё" comes back as "е"
    expect(card.locator("dd.suggested-ground blockquote")).to_contain_text(
        "В соответствии со статьей 201 УПК РК в предоставлении информации отказано."
    )
    expect(card.locator("dd.suggested-ground footer")).to_have_text(
        in_russian("in the file %(name)s") % {"name": "ответ.pdf"}
    )
    ground = card.locator("input[name$='-ground']")
    expect(ground).to_have_value("ст. 201 УПК РК")
    card.scroll_into_view_if_needed()
    screenshot("suggest-refusal.ru.png")
    page.screenshot(path="/tmp/suggest-refusal.ru.png", full_page=True)

    # When they click "Record it", once, without changing anything
    with page.expect_navigation():
        card.get_by_role("button", name=in_russian("Record it")).click()

    # Then the refusal is on the timeline and the card is gone
    expect(page.locator(".message.success")).to_have_text(
        in_russian("Recorded: %(event)s.") % {"event": in_russian(EventKind.REFUSED.label)}
    )
    expect(page.locator("li.event-refused")).to_have_count(1)
    expect(page.locator("article.suggestion")).to_have_count(0)
    page.screenshot(path="/tmp/suggest-recorded.ru.png", full_page=True)
    information_request.refresh_from_db()
    assert information_request.status == Status.REFUSED
    suggestion = Suggestion.objects.get(event=reply)
    assert (suggestion.state, suggestion.decided_by) == (SuggestionState.CONFIRMED, journalist)
    assert suggestion.recorded_event is not None
    assert suggestion.recorded_event.data == {"ground": "ст. 201 УПК РК"}

    # And the draft violation the sweep draws from it carries the ground and its category
    sweep_deadlines(now=timezone.now())
    violation = Violation.objects.get(information_request=information_request)
    assert (violation.category, violation.legal_ground_cited, violation.review_state) == (
        "refusal_cpc_201",
        "ст. 201 УПК РК",
        "draft",
    )
