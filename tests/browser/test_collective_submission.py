"""A collective appeal tells the truth, in a real browser, in Russian: to five bodies, two with an
email address and three without. After "send", the two emails reach a real SMTP server; the page
shows "2 of 5 submitted" and the three waiting; one table records their three registrations, which
starts their clocks, and only then is the appeal "sent". At no moment does it say "sent" before.

The live server has no Celery worker: the test runs the fan-out and the outbox's sweep itself, as
the worker and beat would, after the click on "Send".
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.fixtures import Settings as SettingsWrapper
from pytest_django.live_server_helper import LiveServer

from requests_tracker.accounts.models import Membership, OrganizationKind, Role
from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective import batches
from requests_tracker.collective.fan_out import fan_out
from requests_tracker.collective.models import AppealState, CollectiveAppeal
from requests_tracker.collective.services import add_addressees, create_appeal
from requests_tracker.collective.tasks import fan_out_appeal_task
from requests_tracker.information_requests.models import Deadline, DeadlineState
from requests_tracker.laws.models import LegalRule
from requests_tracker.mail.sending import send_due_request_emails
from tests.browser.chromium import CHROMIUM, MISSING
from tests.browser.test_collective_appeal import PASSWORD, in_russian, sign_in, translated
from tests.factories import OrganizationFactory, UserFactory
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAILED = {
    "police-kz-75": "kense@almaty.police.example.invalid",
    "police-kz-71": "astana@police.example.invalid",
}
BY_HAND = ("police-kz-79", "police-kz-10", "police-kz-11")
SENT = translated(AppealState.SENT.label)


@pytest.fixture
def inbox(settings: SettingsWrapper) -> Iterator[Inbox]:
    with smtp_server(send_mail_to_local_smtp(settings)) as received:
        yield received


def never_sent(page: Page) -> None:
    expect(page.locator("#appeal-state")).not_to_have_text(SENT)


def test_an_appeal_to_five_bodies_is_sent_only_when_all_five_are_submitted(
    page: Page,
    context: BrowserContext,
    live_server: LiveServer,
    inbox: Inbox,
    settings: SettingsWrapper,
    screenshot: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given an NGO's draft appeal to five bodies, two of them with an email address; the undo
    # window is closed, and the fan-out and the emails are queued here instead of on a broker
    settings.COLLECTIVE_UNDO_MINUTES = 0
    ngo = OrganizationFactory.create(
        name="Фонд защиты свободы слова",
        slug="free-speech",
        kind=OrganizationKind.NGO,
        keeps_monitoring_dataset=True,
    )
    staff = UserFactory.create(username="timur", preferred_language="ru")
    staff.set_password(PASSWORD)
    staff.save()
    Membership.objects.create(user=staff, organization=ngo, role=Role.NGO_STAFF)
    for slug, address in EMAILED.items():
        PublicBody.objects.filter(slug=slug).update(email=address)
    appeal = create_appeal(
        title="Задержания журналистов",
        text="1. Сколько журналистов задержано в 2026 году?",
        legal_rules=LegalRule.objects.filter(rule_id="KZ.ATI.11.response"),
        language="ru",
        organization=ngo,
        user=staff,
        now=timezone.now(),
    )
    add_addressees(
        appeal=appeal,
        bodies=PublicBody.objects.filter(slug__in=[*EMAILED, *BY_HAND]),
        user=staff,
    )
    fan_outs: list[int] = []
    emails: list[int] = []
    monkeypatch.setattr(fan_out_appeal_task, "delay", fan_outs.append)
    # The fan-out's batches queue their emails' send tasks in one go, after commit.
    monkeypatch.setattr(
        batches, "enqueue_each_quietly", lambda task, calls: emails.extend(c[0] for c in calls)
    )
    in_russian(context, live_server)
    sign_in(page, live_server, "timur", f"/collective/{appeal.pk}/")
    never_sent(page)

    # 1. When they send it now
    page.check("#id_skip_undo_window")
    with page.expect_navigation():
        page.click("form[action$='/schedule/'] button[type=submit]")
    never_sent(page)
    assert fan_outs == [appeal.pk]

    # 2. When the worker fans it out, and the outbox sends the two emails to the SMTP server
    fan_out(appeal_id=appeal.pk, now=timezone.now())
    assert len(emails) == 2
    page.reload()
    expect(page.locator("#submission-count")).to_have_text("0 из 5 подано")
    never_sent(page)
    assert send_due_request_emails(now=timezone.now()) == 2

    # Then both emails arrived, and the page shows 2 of 5 submitted and the 3 still waiting
    assert sorted(str(message["To"]) for message in inbox.messages) == sorted(EMAILED.values())
    page.reload()
    expect(page.locator("#appeal-state")).to_have_text(translated(AppealState.FANNED_OUT.label))
    expect(page.locator("#submission-count")).to_have_text("2 из 5 подано")
    checklist = page.locator("#submission-checklist li")
    expect(checklist).to_have_count(3)
    expect(checklist).to_contain_text([translated("Waiting to be submitted by hand")] * 3)
    assert screenshot("collective_awaiting_submission.ru.png").stat().st_size > 0

    # 3. When staff enter the three registration numbers in the one table (today, in Almaty)
    today = timezone.now().astimezone(ZoneInfo("Asia/Almaty")).date().isoformat()
    rows = page.locator("#registration-table tbody tr")
    expect(rows).to_have_count(5)  # the emailed ones too: their registration is not known yet
    for number, slug in enumerate(BY_HAND, start=1):
        name = PublicBody.objects.get(slug=slug).name
        row = rows.filter(has_text=name)
        row.locator("input[type=text]").fill(f"ЖТ-2026-{number:05d}")
        row.locator("input[type=date]").fill(today)
    with page.expect_navigation():
        page.click("#registration-form button[type=submit]")

    # Then three clocks run, their deadlines are on the page, and the appeal is sent
    expect(page.locator(".message.success")).to_have_text("Записаны 3 регистрации: сроки пошли.")
    running = Deadline.objects.filter(
        is_legal_deadline=True,
        state=DeadlineState.RUNNING,
        information_request__public_body__slug__in=BY_HAND,
    )
    assert running.count() == 3
    for deadline in running.select_related("information_request__public_body"):
        row = page.locator("#addressee-table tbody tr").filter(
            has_text=deadline.information_request.public_body.name
        )
        expect(row.locator("time")).to_have_attribute("datetime", deadline.due_date.isoformat())
    expect(page.locator("#submission-count")).to_have_text("5 из 5 подано")
    expect(page.locator("#submission-checklist")).to_have_count(0)
    expect(page.locator("#appeal-state")).to_have_text(SENT)
    assert CollectiveAppeal.objects.get().state == AppealState.SENT
    assert screenshot("collective_sent.ru.png").stat().st_size > 0
