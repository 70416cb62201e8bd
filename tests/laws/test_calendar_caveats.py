"""A deadline over a year whose transfer decree is not loaded (2026, 2027), or over a holiday the
holidays library only estimates (Kurban Ait 2026), says so: in the calculator, its API, the
``deadline`` command, the calculator page and the request page. Dates counted by hand.
"""

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.calculator import calculate_deadline
from requests_tracker.laws.models import Jurisdiction, LegalRule, TransferDecree
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db

CAVEAT_2027_EN = (
    "The calendar for 2027 is not confirmed: no Government decree transferring days off in 2027 "
    "is loaded, so this deadline may change"
)
CAVEAT_2027_RU = (
    "Календарь на 2027 год не подтверждён: постановление Правительства о переносе выходных "
    "дней на 2027 год не загружено, поэтому срок может измениться"
)
CAVEAT_2026_KK = (
    "2026 жылғы күнтізбе расталмаған: 2026 жылы демалыс күндерін ауыстыру туралы Үкімет "
    "қаулысы жүктелмеген, сондықтан мерзім өзгеруі мүмкін"
)
KURBAN_AIT_2026_KK = (
    "27.05.2026 күнгі мерекенің күні болжамды (ай күнтізбесі бойынша), сондықтан мерзім "
    "өзгеруі мүмкін"
)
PAGE_NOTE_EN = "The calendar behind this date is not confirmed: the due date may change."


def rule(rule_id: str) -> LegalRule:
    return LegalRule.objects.select_related("instrument__jurisdiction").get(rule_id=rule_id)


def test_the_command_says_the_2027_calendar_is_not_confirmed() -> None:
    stdout = StringIO()

    call_command("deadline", "KZ.APPC.76.response", "2027-03-10", "--json", stdout=stdout)

    # Wed 10 Mar 2027: 11 (1), 12 (2), 15 Mar Constitution Day (library, from 2027), 16-19
    # (3-6), 22-24 Nauryz (21 a Sunday, observed on 24), 25 (7), 26 (8), 29-31 (9-11),
    # 1 Apr (12), 2 Apr (13), 5 Apr (14), Tue 6 Apr (15)
    assert json.loads(stdout.getvalue()) == {
        "rule_id": "KZ.APPC.76.response",
        "title": "Decide an appeal (administrative procedure)",
        "period": "15 working days from receipt",
        "start_date": "2027-03-10",
        "nominal_date": "2027-04-06",
        "due_date": "2027-04-06",
        "ends_at": "2027-04-06T23:59:59.999999+05:00",
        "trace": [
            "Start: receipt, 10.03.2027",
            "Counting starts the next day, 11.03.2027",
            "15 working days from receipt on 10.03.2027: the last day is 06.04.2027 "
            "(12 non-working days not counted)",
            "Due date: 06.04.2027, until 23:59 (Astana time)",
            CAVEAT_2027_EN,
        ],
        "calendar_confirmed": False,
        "calendar_reasons": [CAVEAT_2027_EN],
    }


def test_a_count_inside_years_with_a_loaded_decree_is_confirmed() -> None:
    # Mon 3 Mar 2025, registered the same day, + 15 calendar days = Tue 18 Mar 2025
    calculation = calculate_deadline(
        rule=rule("KZ.ATI.11.response"),
        received=date(2025, 3, 3),
        registered_on=None,
        language="en",
    )

    assert calculation.due_date == date(2025, 3, 18)
    assert calculation.calendar_confirmed is True
    assert calculation.calendar_reasons == ()
    assert calculation.trace[-1] == "Due date: 18.03.2025, until 23:59 (Astana time)"


def test_loading_the_2027_decree_confirms_the_2027_calendar() -> None:
    # given the 2027 decree loaded (the reference is made up for the test)
    TransferDecree.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="KZ"), year=2027, decree="TEST-2027"
    )

    calculation = calculate_deadline(
        rule=rule("KZ.APPC.76.response"),
        received=date(2027, 3, 10),
        registered_on=None,
        language="en",
    )

    assert calculation.calendar_confirmed is True
    assert calculation.calendar_reasons == ()


def test_the_api_names_the_year_and_the_estimated_kurban_ait_in_kazakh(
    api_client: APIClient,
) -> None:
    # Mon 25 May 2026: 26 (1), 27 May Kurban Ait (estimated), 28 (2), 29 (3), 1 Jun (4),
    # Tue 2 Jun (5)
    response = api_client.get(
        "/api/v1/deadlines/calculate/",
        {"rule": "KZ.MEDIA.36.response", "received": "2026-05-25"},
        HTTP_ACCEPT_LANGUAGE="kk",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["due_date"] == "2026-06-02"
    assert body["calendar_confirmed"] is False
    assert body["calendar_reasons"] == [CAVEAT_2026_KK, KURBAN_AIT_2026_KK]
    assert body["trace"][-2:] == [CAVEAT_2026_KK, KURBAN_AIT_2026_KK]


def test_the_calculator_page_shows_the_caveat_in_the_visitors_language(client: Client) -> None:
    response = client.get(
        "/deadlines/calculator/",
        {"rule": "KZ.APPC.76.response", "received": "2027-03-10", "registered": ""},
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Календарь, по которому рассчитана эта дата, не подтверждён: последний день срока может "
        "измениться." in page
    )
    assert f"<li>{CAVEAT_2027_RU}</li>" in page


def test_the_calculator_page_shows_no_caveat_for_a_confirmed_year(client: Client) -> None:
    response = client.get(
        "/deadlines/calculator/",
        {"rule": "KZ.ATI.11.response", "received": "2025-03-03", "registered": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    page = response.content.decode()
    assert '<time datetime="2025-03-18">18.03.2025</time>' in page
    assert "calendar-caveat" not in page


def received_request(on: datetime) -> InformationRequest:
    information_request = make_request(rule_ids=("KZ.MEDIA.36.response",), created_at=on)
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=on,
        recorded_by=information_request.requester,
    )
    return information_request


@time_machine.travel(datetime(2027, 3, 12, 12, tzinfo=ALMATY), tick=False)
def test_the_request_page_shows_the_caveat_of_a_2027_deadline(client: Client) -> None:
    # given a media request received Wed 10 Mar 2027: 11 (1), 12 (2), 15 Mar Constitution Day,
    # 16 (3), 17 (4), Thu 18 Mar (5)
    information_request = received_request(datetime(2027, 3, 10, 10, tzinfo=ALMATY))
    client.force_login(information_request.requester)

    response = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert '<time datetime="2027-03-18">18.03.2027</time>' in page
    assert PAGE_NOTE_EN in page
    assert page.count(f"<li>{CAVEAT_2027_EN}</li>") == 2  # the note, and the trace


@time_machine.travel(datetime(2025, 3, 5, 12, tzinfo=ALMATY), tick=False)
def test_the_request_page_shows_no_caveat_for_a_confirmed_year(client: Client) -> None:
    # given a media request received Mon 3 Mar 2025: 4, 5, 6, 7 (1-4), 8 Mar a Saturday,
    # 10 Mar observed Women's Day, Tue 11 Mar (5)
    information_request = received_request(datetime(2025, 3, 3, 10, tzinfo=ALMATY))
    client.force_login(information_request.requester)

    response = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert '<time datetime="2025-03-11">11.03.2025</time>' in page
    assert PAGE_NOTE_EN not in page


@time_machine.travel(datetime(2027, 3, 12, 12, tzinfo=ALMATY), tick=False)
def test_loading_a_decree_in_the_admin_clears_the_caveat_of_open_deadlines(client: Client) -> None:
    # given an open 2027 deadline (due Thu 18 Mar 2027, as above) whose trace carries the caveat
    information_request = received_request(datetime(2027, 3, 10, 10, tzinfo=ALMATY))
    deadline = information_request.deadlines.get(state="running")
    assert ["calendar_year_unconfirmed", {"year": "2027"}] in deadline.trace
    staff = User.objects.create_superuser("calendar-keeper", "keeper@example.org", "x")
    client.force_login(staff)

    # when staff load the 2027 decree in the admin
    response = client.post(
        "/admin/laws/transferdecree/add/",
        {
            "jurisdiction": Jurisdiction.objects.get(code="KZ").pk,
            "year": 2027,
            "decree": "Government decree on transferring days off in 2027",
            "source": "",
        },
    )

    # then the open deadline is recomputed: same due date, no caveat left
    assert response.status_code == 302
    deadline = information_request.deadlines.get(state="running")
    assert deadline.due_date == date(2027, 3, 18)
    assert ["calendar_year_unconfirmed", {"year": "2027"}] not in deadline.trace

    # and removing it brings the caveat back
    decree = TransferDecree.objects.get(year=2027)
    client.post(f"/admin/laws/transferdecree/{decree.pk}/delete/", {"post": "yes"})
    deadline = information_request.deadlines.get(state="running")
    assert ["calendar_year_unconfirmed", {"year": "2027"}] in deadline.trace
