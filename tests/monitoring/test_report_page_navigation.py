"""The monthly report page leads to the months either side, to its sections, and to its PDF and
DOCX downloads."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from tests.factories import make_ngo_staff

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    client.force_login(make_ngo_staff())
    return client


@time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=ALMATY), tick=False)
def test_a_past_month_links_both_neighbours_and_both_downloads(staff_client: Client) -> None:
    page = staff_client.get("/monitoring/report/2025-12/?language=ru").content.decode()

    assert '<a href="/monitoring/report/2025-11/?language=ru" rel="prev">' in page
    assert '<a href="/monitoring/report/2026-01/?language=ru" rel="next">' in page
    downloads = re.findall(r'<a class="button" href="([^"]+)" download>([^<]+)</a>', page)
    assert downloads == [
        ("/monitoring/report/2025-12/?language=ru&amp;format=pdf", "Скачать PDF"),
        ("/monitoring/report/2025-12/?language=ru&amp;format=docx", "Скачать DOCX"),
    ]


@time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=ALMATY), tick=False)
def test_the_current_month_has_no_next_month_and_january_leads_back_to_december(
    staff_client: Client,
) -> None:
    current = staff_client.get("/monitoring/report/2026-03/?language=kk").content.decode()
    january = staff_client.get("/monitoring/report/2026-01/?language=kk").content.decode()

    assert 'rel="next"' not in current
    assert '<a href="/monitoring/report/2026-02/?language=kk" rel="prev">' in current
    assert '<a href="/monitoring/report/2025-12/?language=kk" rel="prev">' in january
    assert "PDF жүктеп алу" in current


@time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=ALMATY), tick=False)
def test_the_section_links_lead_to_the_sections_of_the_page(staff_client: Client) -> None:
    page = staff_client.get("/monitoring/report/2026-02/?language=ru").content.decode()

    sections = page.split('class="report-sections"', 1)[1].split("</nav>", 1)[0]
    targets = re.findall(r'href="#([\w-]+)"', sections)
    assert [target for target in targets if target.startswith("block-")] == [
        "block-c",
        "block-a",
        "block-b",
    ]
    for target in targets:
        assert f'<section id="{target}">' in page


@time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=ALMATY), tick=False)
def test_the_preview_keeps_its_choice_in_the_links(staff_client: Client) -> None:
    page = staff_client.get("/monitoring/report/2026-02/?language=ru&preview=1").content.decode()

    assert '<a href="/monitoring/report/2026-01/?language=ru&amp;preview=1" rel="prev">' in page
    assert "/monitoring/report/2026-02/?language=ru&amp;preview=1&amp;format=pdf" in page
