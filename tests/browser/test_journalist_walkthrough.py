"""A journalist's path through the site in a real browser, in Russian: sign up, file a media
request to the Almaty police, record its submission, let the legal deadline pass in silence, and
download the complaint to the Ministry of Internal Affairs as a PDF. A second test captures the
main pages in Russian and Kazakh as screenshots for review.

Expected texts are the site's own messages, translated with the project's catalogues, so the tests
hold whether or not a string has a translation yet.
"""

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise
from playwright.sync_api import BrowserContext, Locator, Page, expect
from pypdf import PdfReader
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from requests_tracker.information_requests.models import Deadline, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.monitoring.sweep import sweep_deadlines
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.sending import send_due_alerts
from requests_tracker.notifications.tasks import send_alerts_task
from tests.browser.chromium import CHROMIUM, MISSING
from tests.factories import UserFactory, make_request

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALMATY_POLICE = "Департамент полиции города Алматы"
MINISTRY = "Министерство внутренних дел Республики Казахстан"
MEDIA_LAW_RESPONSE = "KZ.MEDIA.36.response"
PASSWORD = "Сложный-пароль-2026"
MEDIA_LAW_LETTER = "На основании статьи 36 Закона Республики Казахстан «О масс-медиа»"
SUBJECT = "Задержания журналистов в Алматы"
QUESTIONS = "1. Сколько журналистов задержано в Алматы в 2026 году?\n2. По каким статьям?"


def translated(message: StrOrPromise, language: str = "ru") -> str:
    """The message as the site shows it in ``language`` (in English while it has no translation)."""
    with translation.override(language):
        return gettext(message) if isinstance(message, str) else str(message)


def event_form(page: Page, kind: EventKind) -> Locator:
    """Unfold the request page's form that records ``kind`` and return it."""
    form = page.locator(f"form[action$='/events/{kind.value}/']")
    page.locator("details", has=form).locator("summary").click()
    return form


def test_a_journalist_signs_up_files_a_request_and_complains_when_the_police_stay_silent(
    page: Page,
    live_server: LiveServer,
    mailoutbox: list[EmailMessage],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # Given a visitor who switches the site to Russian; emailed links point at this server, and
    # alerts are queued here instead of reaching a broker
    settings.SITE_URL = live_server.url
    queued_alerts: list[int] = []
    monkeypatch.setattr(
        send_alerts_task, "apply_async", lambda args, **options: queued_alerts.extend(args[0])
    )
    page.goto(f"{live_server.url}/")
    with page.expect_navigation():
        page.select_option("#language-switch", "ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    # 1. When they sign up and open the link in the confirmation email
    with page.expect_navigation():
        page.click("header a[href='/accounts/signup/']")
    page.fill("#id_username", "aigerim")
    page.fill("#id_email", "aigerim@example.org")
    page.fill("#id_first_name", "Айгерим")
    page.fill("#id_last_name", "Нурланова")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.select_option("#id_preferred_language", "ru")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # Then they are asked to check their email, which holds the link, in Russian
    expect(page).to_have_url(f"{live_server.url}/accounts/signup/sent/")
    expect(page.locator("h1")).to_have_text(translated("Check your email"))
    # (the link leaves from the outbox: beat's sweep sends it)
    [signup_alert] = queued_alerts
    queued_alerts.clear()
    assert send_due_alerts(now=timezone.now()) == 1
    assert Alert.objects.get(pk=signup_alert).kind == AlertKind.SIGNUP_CONFIRMATION
    assert len(mailoutbox) == 1
    confirmation = mailoutbox[0]
    assert confirmation.to == ["aigerim@example.org"]
    assert confirmation.subject == "Подтвердите адрес электронной почты в трекере запросов"
    link = re.search(rf"{re.escape(live_server.url)}/accounts/confirm/\S+/", str(confirmation.body))
    assert link is not None

    # When they open the link
    page.goto(link.group(0))

    # Then they are signed in, on their (empty) dashboard
    expect(page).to_have_url(f"{live_server.url}/requests/")
    expect(page.locator("h1")).to_have_text(translated("My requests"))
    expect(page.locator(".message.success")).to_have_text(
        translated("Your account is active. Welcome!")
    )
    expect(page.locator("header form[action='/accounts/logout/'] button")).to_be_visible()

    # 2. When they file a request: the police of Almaty found by typing, under the Mass Media Law
    with page.expect_navigation():  # the form's script has run once the page has loaded
        page.click("header a[href='/requests/new/']")
    page.fill("#body-search", "полиции Алматы")
    expect(page.locator("#id_public_body option:not([hidden])")).to_have_text([ALMATY_POLICE])
    page.select_option("#id_public_body", label=ALMATY_POLICE)
    page.check(f"input[name=legal_rules][value='{MEDIA_LAW_RESPONSE}']")
    expect(page.locator("#deadline-preview")).to_have_text(re.compile(r": \d{2}\.\d{2}\.\d{4}$"))
    page.fill("#id_subject", SUBJECT)
    page.fill("#id_text", QUESTIONS)
    page.select_option("#id_language", "ru")
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")

    # Then the request page shows the draft and its letter to the police
    information_request = InformationRequest.objects.get(requester__username="aigerim")
    status = page.locator("main > p .status-badge")
    letter = page.locator("pre.letter")
    expect(page).to_have_url(f"{live_server.url}/requests/{information_request.pk}/")
    expect(page.locator("h1")).to_have_text(SUBJECT)
    expect(status).to_have_text(translated(Status.DRAFT.label))
    expect(letter).to_be_visible()
    expect(letter).to_contain_text("Руководителю Департамента полиции города Алматы")
    expect(letter).to_contain_text(MEDIA_LAW_LETTER)
    expect(letter).to_contain_text(QUESTIONS)

    # 3. When they record the submission (today, by email) and the registration with its number
    submission = event_form(page, EventKind.SUBMITTED)
    today = timezone.localdate().isoformat()
    expect(submission.locator("#id_submitted-occurred_at")).to_have_value(
        re.compile(rf"^{today}T\d{{2}}:\d{{2}}$")
    )
    submission.locator("#id_submitted-channel").select_option("email")
    with page.expect_navigation():
        submission.locator("button[type=submit]").click()
    registration = event_form(page, EventKind.REGISTERED)
    registration.locator("#id_registered-registration_number").fill("ЖТ-2026-01234")
    with page.expect_navigation():
        registration.locator("button[type=submit]").click()

    # Then the page shows the legal deadline the tracker computed
    legal_deadline = Deadline.objects.live().get(
        information_request=information_request, is_legal_deadline=True
    )
    registered = translated(EventKind.REGISTERED.label)
    expect(page.locator(".message.success")).to_have_text(
        translated("Recorded: %(event)s.") % {"event": registered}
    )
    expect(status).to_have_text(translated(Status.AWAITING_REPLY.label))
    expect(page.locator("article.legal time")).to_have_text(
        legal_deadline.due_date.strftime("%d.%m.%Y")
    )

    # 4. When the clock passes the deadline without an answer and the sweep runs
    sweep_deadlines(now=legal_deadline.ends_at + timedelta(minutes=1))
    page.reload()

    # Then the request is overdue, on the page too, and the requester's alert is queued
    information_request.refresh_from_db()
    assert information_request.status == Status.OVERDUE
    expect(page.locator("main > p .status-badge.status-overdue")).to_have_text(
        translated(Status.OVERDUE.label)
    )
    assert queued_alerts == [Alert.objects.get(kind=AlertKind.DEADLINE_PASSED).pk]

    # 5. When they prepare the complaint
    with page.expect_navigation():
        page.locator("#next-step form[action$='/escalate/complaint/'] button").click()

    # Then the new request page is addressed to the police's superior, the ministry
    complaint = InformationRequest.objects.get(escalates=information_request)
    expect(page).to_have_url(f"{live_server.url}/requests/{complaint.pk}/")
    expect(page.locator("main > p").first).to_have_text(re.compile(rf"^{MINISTRY} · "))
    ready = translated("Your complaint to %(body)s is ready: download it, sign it and send it.") % {
        "body": MINISTRY
    }
    expect(page.locator(".message.success")).to_have_text(ready)

    # 6. When they download its PDF
    with page.expect_download() as download_info:
        page.get_by_role("link", name=translated("Download PDF")).click()
    download = download_info.value
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)

    # Then the letter inside complains to the ministry about the Almaty police
    text = " ".join(" ".join(sheet.extract_text() for sheet in PdfReader(pdf).pages).split())
    assert download.suggested_filename == f"complaint-{complaint.pk}.pdf"
    assert "Руководителю Министерства внутренних дел" in text
    assert ALMATY_POLICE in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_dashboard_the_filing_form_and_a_request_page_are_captured_in_each_language(
    page: Page,
    context: BrowserContext,
    live_server: LiveServer,
    screenshot: Callable[[str], Path],
    language: str,
) -> None:
    # Given a journalist with a request submitted today, reading the site in ``language``
    journalist = UserFactory.create(username="dana", preferred_language=language)
    information_request = make_request(
        requester=journalist,
        rule_ids=(MEDIA_LAW_RESPONSE, "KZ.ATI.11.response"),
        subject=SUBJECT,
        text=QUESTIONS,
        created_at=timezone.now() - timedelta(hours=1),
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=timezone.now(),
        recorded_by=journalist,
        data={"channel": "email"},
    )
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )

    # When they sign in through the form
    page.goto(f"{live_server.url}/accounts/login/?next=/requests/")
    page.fill("#id_username", "dana")
    page.fill("#id_password", "correct horse battery staple")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # Then each main page is in their language, and a screenshot of it is kept
    pages = [
        ("dashboard", "/requests/", translated("My requests", language)),
        ("request_form", "/requests/new/", translated("New request", language)),
        ("request_detail", f"/requests/{information_request.pk}/", SUBJECT),
    ]
    for name, path, heading in pages:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("h1")).to_have_text(heading)
        assert screenshot(f"{name}.{language}.png").stat().st_size > 0
