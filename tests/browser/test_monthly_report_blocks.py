"""NGO staff read a month's report in a real browser, in Russian: the organisation's header, the
date line, blocks C, A and B, a table by region for each figure, and the signature at the end.

The month is March 2019 of ``tests/monitoring/test_report_blocks.py`` (attacks 3: Almaty 2,
Pavlodar Region 1; criminal charges 3: Astana 2, Almaty 1; ...).
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from requests_tracker.monitoring.models import ReportMasthead
from tests.browser.chromium import CHROMIUM, MISSING
from tests.factories import make_ngo_staff
from tests.monitoring.test_report_blocks import march_2019  # noqa: F401  (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def test_staff_read_every_block_and_the_tables_by_region_in_russian(
    page: Page,
    live_server: LiveServer,
    screenshot: Callable[[str], Path],
    march_2019: None,  # noqa: F811
) -> None:
    # Given the NGO's header and signature, and a member of its staff
    ReportMasthead.objects.create(
        header_ru="Международный фонд защиты свободы слова",
        signature_ru="Руководитель службы мониторинга\ne-mail: monitoring@example.org",
    )
    staff = make_ngo_staff(username="monitoring-head")
    staff.set_password(PASSWORD)
    staff.save(update_fields=["password"])

    # When they sign in and open March 2019 in Russian
    page.goto(f"{live_server.url}/accounts/login/?next=/monitoring/report/2019-03/?language=ru")
    page.fill("#id_username", "monitoring-head")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # Then the header heads the report, and the blocks follow in the seed's order
    expect(page.locator(".masthead p")).to_have_text(["Международный фонд защиты свободы слова"])
    expect(page.locator("h1")).to_have_text("Нарушения свободы слова в Казахстане. Март 2019")
    expect(page.locator("section > h2")).to_have_text(
        [
            "Иски и обвинения против журналистов, СМИ и граждан",
            "Нарушения прав журналистов, СМИ и ньюсмейкеров",
            "Отказы в предоставлении информации и нарушения сроков",
            "По регионам",
        ]
    )
    # And each figure has its table by region, largest first
    attacks = page.locator("table.by-region", has_text="Нападения по регионам")
    expect(attacks.locator("tr")).to_have_text(["город Алматы2", "Павлодарская область1"])
    charges = page.locator("table.by-region", has_text="Уголовные обвинения по регионам")
    expect(charges.locator("tr")).to_have_text(["город Астана2", "город Алматы1"])
    # And the signature closes it
    expect(page.locator("footer.signature p")).to_have_text(
        ["Руководитель службы мониторинга", "e-mail: monitoring@example.org"]
    )
    screenshot("monthly_report_blocks.ru.png")
