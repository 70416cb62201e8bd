"""A request is counted under the rules in force on the day its clock starts: the Mass Media Law
of 1999 (7 working days) lost force on 20 Aug 2024, when the law of 2024 (5 working days) took
over. The filing form offers the legal bases in force on the date of receipt entered."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import DeadlineState, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def received_on(day: date, rule_id: str) -> dict[str, date]:
    information_request = make_request(
        rule_ids=(rule_id,), created_at=datetime(day.year, day.month, day.day, 9, tzinfo=ALMATY)
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(day.year, day.month, day.day, 10, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    return {
        deadline.legal_rule.rule_id: deadline.due_date
        for deadline in information_request.deadlines.live().select_related("legal_rule")
    }


@pytest.mark.parametrize(
    ("day", "chosen", "expected"),
    [
        # Tue 2 May 2023, 7 working days: 3, 4, 5, (7 May Sunday: 8 May off; 9 May Victory Day)
        # 10, 11, 12, 15 -> 15 May (5 working days would have given 11 May)
        (date(2023, 5, 2), "KZ.MEDIA.36.response", {"KZ.MEDIA1999.18.response": date(2023, 5, 15)}),
        # Mon 19 Aug 2024, the last day of the 1999 law: 20, 21, 22, 23, 26, 27, 28 -> 28 Aug
        (
            date(2024, 8, 19),
            "KZ.MEDIA.36.response",
            {"KZ.MEDIA1999.18.response": date(2024, 8, 28)},
        ),
        # Tue 20 Aug 2024, the first day of the 2024 law: 21, 22, 23, 26, 27 -> 27 Aug
        (
            date(2024, 8, 20),
            "KZ.MEDIA1999.18.response",
            {"KZ.MEDIA.36.response": date(2024, 8, 27)},
        ),
        # Wed 21 Aug 2024: 22, 23, 26, 27, 28 -> 28 Aug (the 1999 law would give 2 Sep)
        (
            date(2024, 8, 21),
            "KZ.MEDIA1999.18.response",
            {"KZ.MEDIA.36.response": date(2024, 8, 28)},
        ),
    ],
    ids=["2 May 2023", "19 Aug 2024", "20 Aug 2024", "21 Aug 2024"],
)
def test_a_mass_media_request_is_counted_under_the_law_in_force_on_its_receipt(
    day: date, chosen: str, expected: dict[str, date]
) -> None:
    assert received_on(day, chosen) == expected


def test_an_appeal_received_before_the_appc_was_in_force_gets_no_appc_deadline() -> None:
    # the APPC is in force from 1 July 2021; the notes give no rule of the law it replaced
    assert received_on(date(2021, 6, 30), "KZ.APPC.76.response") == {}


def test_a_back_dated_request_has_one_deadline_under_the_old_law_only() -> None:
    # given: a draft citing the 2024 law, received (back-dated) on 2 May 2023
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",), created_at=datetime(2023, 5, 2, 9, tzinfo=ALMATY)
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2023, 5, 2, 10, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )

    # then: one live deadline, under the 1999 law, and none under the 2024 law
    rows = list(
        information_request.deadlines.values_list("legal_rule__rule_id", "state", "due_date")
    )
    assert rows == [("KZ.MEDIA1999.18.response", DeadlineState.RUNNING, date(2023, 5, 15))]


# --- The filing form ----------------------------------------------------------------------------


@pytest.fixture
def journalist(client: Client) -> User:
    user = User.objects.create(username="dana", email="dana@example.org")
    client.force_login(user)
    return user


def offered(client: Client, query: str = "") -> list[str]:
    response = client.get(f"/requests/new/{query}")
    assert response.status_code == 200
    return [rule.rule_id for rule in response.context["form"].fields["legal_rules"].queryset]


@time_machine.travel(datetime(2026, 10, 1, 12, tzinfo=ALMATY), tick=False)
def test_the_form_offers_the_legal_bases_in_force_on_the_date_of_receipt(
    client: Client, journalist: User
) -> None:
    assert offered(client) == ["KZ.MEDIA.36.response", "KZ.ATI.11.response", "KZ.APPC.76.response"]
    assert offered(client, "?received_on=2023-05-02") == [
        "KZ.MEDIA1999.18.response",
        "KZ.ATI.11.response",
        "KZ.APPC.76.response",
    ]
    assert offered(client, "?received_on=2024-08-20")[0] == "KZ.MEDIA.36.response"


@time_machine.travel(datetime(2026, 10, 1, 12, tzinfo=ALMATY), tick=False)
@pytest.mark.parametrize(
    ("received", "rule_id", "field", "message"),
    [
        (
            "2023-05-02",
            "KZ.MEDIA.36.response",
            "legal_rules",
            "Правило KZ.MEDIA.36.response не действовало на дату получения: выберите одно из "
            "показанных правовых оснований.",
        ),
        (
            "2026-10-02",
            "KZ.MEDIA.36.response",
            "received_on",
            "Дата получения не может быть в будущем.",
        ),
    ],
    ids=["a law not yet in force", "a receipt in the future"],
)
def test_the_form_refuses_a_legal_basis_not_in_force_on_the_date_of_receipt(
    client: Client, journalist: User, received: str, rule_id: str, field: str, message: str
) -> None:
    response = client.post(
        "/requests/new/",
        {
            "public_body": PublicBody.objects.get(slug="police-kz-75").pk,
            "received_on": received,
            "legal_rules": [rule_id],
            "subject": "Число задержаний журналистов",
            "text": "1. Сколько журналистов задержано в 2023 году?",
            "language": "ru",
            "visibility": "private",
        },
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert InformationRequest.objects.count() == 0


@time_machine.travel(datetime(2026, 10, 1, 12, tzinfo=ALMATY), tick=False)
def test_a_request_received_in_2023_is_filed_under_the_1999_law(
    client: Client, journalist: User
) -> None:
    response = client.post(
        "/requests/new/",
        {
            "public_body": PublicBody.objects.get(slug="police-kz-75").pk,
            "received_on": "2023-05-02",
            "legal_rules": ["KZ.MEDIA1999.18.response"],
            "subject": "Число задержаний журналистов",
            "text": "1. Сколько журналистов задержано в 2023 году?",
            "language": "ru",
            "visibility": "private",
        },
    )

    assert response.status_code == 302
    assert list(InformationRequest.objects.get().legal_rules.values_list("rule_id", flat=True)) == [
        "KZ.MEDIA1999.18.response"
    ]
