"""An NGO's collective appeal in a real browser, in Russian: write it, have a partner outlet
co-sign it, address it to the police of every region and their ministry, send it at once, and
watch the progress bar fill without reloading, then read the dashboard of replies.

The live server has no Celery worker: the test queues the fan-out instead of a broker and runs it
itself, from this thread, after the click on "Send".
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from requests_tracker.accounts.models import Membership, OrganizationKind, Role
from requests_tracker.bodies.models import Region
from requests_tracker.collective.fan_out import fan_out
from requests_tracker.collective.models import AppealState, CollectiveAppeal
from requests_tracker.collective.tasks import fan_out_appeal_task
from tests.browser.chromium import CHROMIUM, MISSING
from tests.factories import OrganizationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
MINISTRY = "Министерство внутренних дел Республики Казахстан"
OUTLET = "Редакция «Власть»"
TITLE = "Задержания журналистов в 2026 году"
TEXT = "1. Сколько журналистов задержано в 2026 году?\n2. По каким статьям?"


def translated(message: StrOrPromise, language: str = "ru") -> str:
    """The message as the site shows it in ``language`` (in English while it has no translation)."""
    with translation.override(language):
        return gettext(message) if isinstance(message, str) else str(message)


def in_russian(context: BrowserContext, live_server: LiveServer) -> None:
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": live_server.url}]
    )


def sign_in(page: Page, live_server: LiveServer, username: str, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_an_ngo_sends_a_cosigned_appeal_to_the_police_of_every_region_and_watches_it_go(
    page: Page,
    context: BrowserContext,
    browser: Browser,
    live_server: LiveServer,
    screenshot: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given an NGO's staff member, and a journalist of a partner outlet; the fan-out is queued
    # here instead of reaching a broker
    ngo = OrganizationFactory.create(
        name="Фонд защиты свободы слова",
        slug="free-speech",
        kind=OrganizationKind.NGO,
        keeps_monitoring_dataset=True,
    )
    outlet = OrganizationFactory.create(name=OUTLET, slug="vlast")
    staff = UserFactory.create(username="timur", preferred_language="ru")
    member = UserFactory.create(username="dana", preferred_language="ru")
    Membership.objects.create(user=staff, organization=ngo, role=Role.NGO_STAFF)
    Membership.objects.create(user=member, organization=outlet, role=Role.JOURNALIST)
    queued: list[int] = []
    monkeypatch.setattr(fan_out_appeal_task, "delay", queued.append)
    in_russian(context, live_server)

    # 1. When the staff member signs in and writes the appeal
    sign_in(page, live_server, "timur", "/requests/")
    with page.expect_navigation():
        page.click("header a[href='/collective/']")
    expect(page.locator("h1")).to_have_text(translated("Collective appeals"))
    with page.expect_navigation():
        page.click("main a[href='/collective/new/']")
    page.fill("#id_title", TITLE)
    page.fill("#id_text", TEXT)
    page.check("input[name=legal_rules][value='KZ.ATI.11.response']")
    page.select_option("#id_language", "ru")
    page.select_option("#id_initiating_organization", label=ngo.name)
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")

    # Then the appeal page shows the draft and its text
    appeal = CollectiveAppeal.objects.get()
    appeal_url = f"{live_server.url}/collective/{appeal.pk}/"
    expect(page).to_have_url(appeal_url)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#appeal-state")).to_have_text(translated(AppealState.DRAFT.label))
    expect(page.locator("pre.letter")).to_have_text(TEXT)

    # 2. When they ask the outlet to co-sign
    page.locator("#cosigners-heading ~ details summary").click()
    page.select_option("#id_organization", label=OUTLET)
    page.fill("#id_signatory_name", "Вадим Борейко")
    page.fill("#id_signatory_title", "главный редактор")
    with page.expect_navigation():
        page.click("form[action$='/cosigners/'] button[type=submit]")
    cosigner = page.locator("ul.cosigners li")
    expect(cosigner).to_contain_text(OUTLET)
    expect(cosigner).to_contain_text(translated("Awaiting confirmation by a member"))
    expect(cosigner.locator("button")).to_have_count(0)  # only the outlet's members confirm

    # 3. When a journalist of the outlet signs in, in a browser of their own, and confirms
    member_context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    member_context.set_default_timeout(10_000)
    in_russian(member_context, live_server)
    member_page = member_context.new_page()
    sign_in(member_page, live_server, "dana", f"/collective/{appeal.pk}/")
    expect(member_page.locator("h1")).to_have_text(TITLE)
    expect(member_page.locator("#addressee-form")).to_have_count(0)  # they may not change it
    with member_page.expect_navigation():
        member_page.get_by_role("button", name=translated("Confirm")).click()

    # Then the outlet co-signs
    expect(member_page.locator(".message.success")).to_have_text(
        translated("%(organization)s co-signs the appeal.") % {"organization": OUTLET}
    )
    expect(member_page.locator("ul.cosigners li")).to_contain_text(translated("Confirmed"))
    member_context.close()

    # 4. When the staff member chooses, in one form, the ministry's police in every region and,
    # found by typing, the ministry itself
    page.reload()
    page.check("input[name=kinds][value=police]")
    page.select_option("#id_regions", list(Region.objects.values_list("code", flat=True)))
    page.select_option("#id_subordinates_of", "ministry-internal-affairs")
    page.fill("#body-search", "министерство внутренних")
    expect(page.locator("#id_public_bodies option:not([hidden])")).to_have_text([MINISTRY])
    page.select_option("#id_public_bodies", label=MINISTRY)
    with page.expect_navigation():
        page.click("#addressee-form button[type=submit]")

    # Then the appeal goes to 21 bodies
    expect(page.locator(".message.success")).to_have_text(
        translated("Addressees added: %(added)d. The appeal goes to %(total)d bodies.")
        % {"added": 21, "total": 21}
    )
    assert appeal.addressees.count() == 21

    # 5. When they send it now, skipping the undo window
    page.check("#id_skip_undo_window")
    with page.expect_navigation():
        page.click("form[action$='/schedule/'] button[type=submit]")

    # Then the progress is at zero, the fan-out is queued, and no Cancel is offered
    progress = page.locator("progress#appeal-progress")
    expect(progress).to_have_attribute("max", "21")
    expect(progress).to_have_js_property("value", 0)
    expect(page.locator("#undo-window")).to_have_count(0)
    assert queued == [appeal.pk]

    # 6. When the worker's fan-out runs
    fan_out(appeal_id=appeal.pk, now=timezone.now())

    # Then the page's poll fills the bar to 100 %, and the dashboard lists the 21 requests
    expect(progress).to_have_js_property("value", 21)
    expect(page.locator("#progress-percent")).to_have_text("100")
    table = page.locator("#addressee-table tbody tr")
    expect(table).to_have_count(21)
    # (created is not submitted: no body has an email, so the appeal awaits submission)
    expect(page.locator("#appeal-state")).to_have_text(translated(AppealState.FANNED_OUT.label))
    expect(table.first.locator("a")).to_have_attribute(
        "href", f"/requests/{table_first_request(appeal)}/"
    )
    chart = page.locator("svg.status-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(1)  # every request is a draft until it is sent
    expect(
        page.locator(f"a[href='/api/v1/collective-appeals/{appeal.pk}/export.csv/']")
    ).to_be_visible()
    expect(page.locator("form[action$='/remind-silent/'] button")).to_be_visible()
    expect(page.locator("form[action$='/complain/'] button")).to_be_visible()
    assert screenshot("collective_dashboard.ru.png").stat().st_size > 0


def table_first_request(appeal: CollectiveAppeal) -> int:
    first = appeal.addressees.order_by("id").first()
    assert first is not None
    assert first.information_request_id is not None
    return first.information_request_id
