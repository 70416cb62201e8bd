"""A journalist submits a request through e-Otinish in a real browser, in Russian: copies the text
of the letter from the request page, records the portal's registration number, its date and time
and the receipt, and sees the deadline counted from that registration; the receipt is then in the
evidence bundle with its SHA-256.
"""

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import EvidenceFile
from requests_tracker.information_requests.status import EventKind, Status
from tests.browser.chromium import CHROMIUM, MISSING
from tests.factories import UserFactory, make_request

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))


def in_russian(message: str) -> str:
    with translation.override("ru"):
        return gettext(message)


def test_a_journalist_submits_through_e_otinish_and_sees_the_deadline_from_its_registration(
    page: Page,
    context: BrowserContext,
    live_server: LiveServer,
    screenshot: Callable[[str], Path],
) -> None:
    # Given a draft request under the Access to Information Law to a body on e-Otinish
    PublicBody.objects.filter(slug="police-kz-75").update(accepts_e_otinish=True, email="")
    journalist = UserFactory.create(username="aigerim", preferred_language="ru")
    information_request = make_request(requester=journalist, subject="Задержания журналистов")
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/requests/{information_request.pk}/")
    page.fill("#id_username", "aigerim")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # When they open the e-Otinish channel and copy the text of the letter
    channel = page.locator("#channel-e_otinish")
    expect(channel).to_have_attribute("open", "")
    text = channel.locator("textarea#e-otinish-text")
    expect(text).to_have_attribute("readonly", "")
    expect(text).to_have_value(page.locator("pre.letter").inner_text())
    text.focus()
    page.keyboard.press("Control+A")
    selected = page.evaluate(
        "() => { const t = document.activeElement;"
        " return t.value.substring(t.selectionStart, t.selectionEnd); }"
    )
    assert "Прошу сообщить число обращений за 2026 год." in selected
    expect(channel.locator("a[href='https://eotinish.kz/']")).to_be_visible()
    expect(
        channel.locator(f"a[href='/api/v1/requests/{information_request.pk}/letter/?as=pdf']")
    ).to_be_visible()

    screenshot("request_send.ru.png")

    # And record the registration the portal gave: number, date and time, and the receipt
    form = page.locator("#e-otinish-form")
    form.locator("#id_e_otinish-registration_number").fill("ЖТ-2026-01234")
    form.locator("#id_e_otinish-registered_at").fill("2026-03-06T16:40")
    form.locator("#id_e_otinish-receipt").set_input_files(
        {"name": "receipt.png", "mimeType": "image/png", "buffer": PNG}
    )
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    # Then the deadline counts from the registration: Fri 6 March, day 1 is 7 March, day 15 is
    # Sat 21 March, in the Nauryz holidays (21-25 March), rolled forward to Thu 26 March
    expect(page.locator(".message.success")).to_have_text(
        in_russian("Recorded: registered on e-Otinish. The clock has started.")
    )
    expect(page.locator("main > p .status-badge")).to_have_text(
        in_russian(str(Status.AWAITING_REPLY.label))
    )
    expect(page.locator("article.legal time")).to_have_text("26.03.2026")
    screenshot("request_registered_on_e_otinish.ru.png")
    registered = page.locator("li.event-registered")
    expect(registered).to_contain_text("e-Otinish · № ЖТ-2026-01234")
    expect(page.locator("li.event-submitted")).to_contain_text("receipt.png")
    information_request.refresh_from_db()
    assert [e.kind for e in information_request.events.order_by("id")] == [
        EventKind.CREATED,
        EventKind.SUBMITTED,
        EventKind.REGISTERED,
    ]

    # And the receipt is in the evidence bundle, with its SHA-256 in the manifest
    bundle = page.request.get(
        f"{live_server.url}/api/v1/requests/{information_request.pk}/evidence-bundle/"
    )
    assert bundle.status == 200
    with zipfile.ZipFile(io.BytesIO(bundle.body())) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        [receipt] = [f for f in manifest["files"] if f["path"].endswith("/receipt.png")]
        assert archive.read(receipt["path"]) == PNG
    assert receipt["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert EvidenceFile.objects.get().sha256 == receipt["sha256"]
