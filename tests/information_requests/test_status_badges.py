"""A request's status is a badge (its name in a pill, coloured by a class per status) on the
request page and the dashboard, and the request page draws its timeline as a list of events."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def submitted_request() -> InformationRequest:
    information_request = make_request(
        rule_ids=("KZ.ATI.11.response",), created_at=datetime(2026, 3, 2, 9, tzinfo=ALMATY)
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    return information_request


@time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=ALMATY), tick=False)
@pytest.mark.parametrize(("language", "label"), [("ru", "Отправлен"), ("kk", "Жіберілді")])
def test_the_request_page_and_the_dashboard_show_the_status_as_a_named_badge(
    client: Client, language: str, label: str
) -> None:
    information_request = submitted_request()
    client.force_login(information_request.requester)

    page = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    dashboard = client.get("/requests/", HTTP_ACCEPT_LANGUAGE=language)

    badge = f'<span class="status-badge status-submitted">{label}</span>'
    assert badge in page.content.decode()
    assert badge in dashboard.content.decode()


@time_machine.travel(datetime(2026, 3, 5, 12, tzinfo=ALMATY), tick=False)
def test_the_timeline_lists_each_event_in_order_with_its_kind(client: Client) -> None:
    information_request = submitted_request()
    client.force_login(information_request.requester)

    page = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="ru")

    timeline = page.content.decode().split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'<li class="event event-(\w+)"><time datetime="([^"]+)"', timeline) == [
        ("created", "2026-03-02T09:00:00+05:00"),
        ("submitted", "2026-03-02T10:00:00+05:00"),
    ]
