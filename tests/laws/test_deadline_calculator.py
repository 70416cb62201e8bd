"""The deadline calculator: the service, the ``deadline`` command, the API and the page."""

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from requests_tracker.core.errors import DomainError
from requests_tracker.laws.calculator import calculate_deadline
from requests_tracker.laws.models import LegalRule

ALMATY = ZoneInfo("Asia/Almaty")

# No decree on transferred days off is loaded for 2026 (kz-rules.md §8.2: "check the 2026 decree").
CAVEAT_2026_EN = (
    "The calendar for 2026 is not confirmed: no Government decree transferring days off in 2026 "
    "is loaded, so this deadline may change"
)
CAVEAT_2026_RU = (
    "Календарь на 2026 год не подтверждён: постановление Правительства о переносе выходных "
    "дней на 2026 год не загружено, поэтому срок может измениться"
)

SATURDAY_RECEIPT_TRACE_EN = [
    "Start: receipt, 14.03.2026",
    "Received on 14.03.2026, a non-working day (Saturday): registered on the next working day, "
    "16.03.2026",
    "Counting starts the next day, 17.03.2026",
    "15 calendar days from registration on 16.03.2026: the last day is 31.03.2026",
    "Due date: 31.03.2026, until 23:59 (Astana time)",
    CAVEAT_2026_EN,
]


def rule(rule_id: str) -> LegalRule:
    return LegalRule.objects.select_related("instrument__jurisdiction").get(rule_id=rule_id)


# --- The service ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_saturday_receipt_is_registered_on_monday_and_due_15_days_later() -> None:
    # given a request received on Saturday 14 March 2026, not yet registered
    response_rule = rule("KZ.ATI.11.response")

    # when
    calculation = calculate_deadline(
        rule=response_rule, received=date(2026, 3, 14), registered_on=None, language="en"
    )

    # then registration moves to Monday 16 March and 15 calendar days run from there
    assert calculation.rule_id == "KZ.ATI.11.response"
    assert calculation.title == "Answer a written request"
    assert calculation.period == "15 calendar days from registration"
    assert calculation.start_date == date(2026, 3, 16)
    assert calculation.nominal_date == date(2026, 3, 31)
    assert calculation.due_date == date(2026, 3, 31)
    assert calculation.ends_at == datetime(2026, 3, 31, 23, 59, 59, 999999, tzinfo=ALMATY)
    assert list(calculation.trace) == SATURDAY_RECEIPT_TRACE_EN


@pytest.mark.django_db
def test_a_known_registration_date_starts_the_clock_and_calendar_days_run_through_nauryz() -> None:
    # given a receipt on Friday 20 March 2026, registered on Monday 23 March (a Nauryz holiday)
    response_rule = rule("KZ.ATI.11.response")

    # when
    calculation = calculate_deadline(
        rule=response_rule,
        received=date(2026, 3, 20),
        registered_on=date(2026, 3, 23),
        language="ru",
    )

    # then
    assert calculation.start_date == date(2026, 3, 23)
    assert calculation.due_date == date(2026, 4, 7)
    assert calculation.title == "Ответ на письменный запрос"
    assert calculation.period == "15 календарных дней со дня регистрации"
    assert calculation.trace[0] == "Начало срока: регистрация, 23.03.2026"


@pytest.mark.django_db
def test_a_naive_receipt_time_is_read_as_local_time_in_the_jurisdiction() -> None:
    # given 23:30 on Friday 13 March 2026 without an offset: still Friday in Almaty
    response_rule = rule("KZ.MEDIA.36.response")

    # when
    calculation = calculate_deadline(
        rule=response_rule,
        received=datetime(2026, 3, 13, 23, 30),  # noqa: DTZ001 - naive on purpose
        registered_on=None,
        language="en",
    )

    # then five working days are counted Monday 16 to Friday 20 March
    assert calculation.trace[0] == "Start: receipt, 13.03.2026 at 23:30 (Astana time)"
    assert calculation.start_date == date(2026, 3, 13)
    assert calculation.due_date == date(2026, 3, 20)


@pytest.mark.django_db
def test_a_rule_without_a_period_is_refused() -> None:
    oral_requests = rule("KZ.ATI.11.oral_requests")

    with (
        translation.override("en"),
        pytest.raises(DomainError, match=r"KZ\.ATI\.11\.oral_requests sets no period"),
    ):
        calculate_deadline(
            rule=oral_requests, received=date(2026, 3, 20), registered_on=None, language="en"
        )


# --- The command ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_prints_the_due_date_the_end_and_the_trace() -> None:
    stdout = StringIO()

    call_command("deadline", "KZ.ATI.11.response", "2026-03-14", stdout=stdout)

    lines = stdout.getvalue().splitlines()
    assert lines[:3] == [
        "KZ.ATI.11.response: Answer a written request (15 calendar days from registration)",
        "Due date: 2026-03-31",
        "Ends at:  2026-03-31T23:59:59.999999+05:00",
    ]
    assert lines[3:] == [
        *(f"  - {line}" for line in SATURDAY_RECEIPT_TRACE_EN),
        "Calendar not confirmed: the due date may change (see above).",
    ]


@pytest.mark.django_db
def test_the_command_prints_one_json_object_in_the_language_asked_for() -> None:
    stdout = StringIO()

    call_command(
        "deadline",
        "KZ.ATI.11.response",
        "2026-03-20T18:30:00+05:00",
        "--registered",
        "2026-03-23",
        "--json",
        "--language",
        "ru",
        stdout=stdout,
    )

    assert json.loads(stdout.getvalue()) == {
        "rule_id": "KZ.ATI.11.response",
        "title": "Ответ на письменный запрос",
        "period": "15 календарных дней со дня регистрации",
        "start_date": "2026-03-23",
        "nominal_date": "2026-04-07",
        "due_date": "2026-04-07",
        "ends_at": "2026-04-07T23:59:59.999999+05:00",
        "trace": [
            "Начало срока: регистрация, 23.03.2026",
            "Срок исчисляется со следующего дня, 24.03.2026",
            "15 календарных дней со дня регистрации (23.03.2026): последний день — 07.04.2026",
            "Последний день срока: 07.04.2026, до 23:59 (время Астаны)",
            CAVEAT_2026_RU,
        ],
        "calendar_confirmed": False,
        "calendar_reasons": [CAVEAT_2026_RU],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["KZ.NOPE.1", "2026-03-20"], "Unknown legal rule 'KZ.NOPE.1'."),
        (
            ["KZ.ATI.11.response", "20.03.2026"],
            "RECEIVED '20.03.2026' is not a date (YYYY-MM-DD) or an ISO 8601 date and time.",
        ),
        (
            ["KZ.ATI.11.response", "2026-03-20", "--registered", "2026-02-30"],
            "--registered '2026-02-30' is not a date (YYYY-MM-DD).",
        ),
        (
            ["KZ.ATI.11.oral_requests", "2026-03-20"],
            "KZ.ATI.11.oral_requests sets no period, so it has no due date to calculate.",
        ),
    ],
)
def test_the_command_refuses_bad_input_with_a_clear_message(
    arguments: list[str], message: str
) -> None:
    stdout = StringIO()

    with translation.override("en"), pytest.raises(CommandError) as refusal:
        call_command("deadline", *arguments, stdout=stdout)

    assert str(refusal.value) == message
    assert stdout.getvalue() == ""


# --- The API -------------------------------------------------------------------------------------

CALCULATE_URL = "/api/v1/deadlines/calculate/"


@pytest.mark.django_db
def test_the_api_calculates_a_deadline_in_english(api_client: APIClient) -> None:
    response = api_client.get(
        CALCULATE_URL,
        {"rule": "KZ.ATI.11.response", "received": "2026-03-20", "registered": "2026-03-23"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200, response.content
    assert response.json() == {
        "rule_id": "KZ.ATI.11.response",
        "title": "Answer a written request",
        "period": "15 calendar days from registration",
        "start_date": "2026-03-23",
        "nominal_date": "2026-04-07",
        "due_date": "2026-04-07",
        "ends_at": "2026-04-07T23:59:59.999999+05:00",
        "trace": [
            "Start: registration, 23.03.2026",
            "Counting starts the next day, 24.03.2026",
            "15 calendar days from registration on 23.03.2026: the last day is 07.04.2026",
            "Due date: 07.04.2026, until 23:59 (Astana time)",
            CAVEAT_2026_EN,
        ],
        "calendar_confirmed": False,
        "calendar_reasons": [CAVEAT_2026_EN],
    }


@pytest.mark.django_db
def test_the_api_words_the_trace_in_russian_when_asked(api_client: APIClient) -> None:
    response = api_client.get(
        CALCULATE_URL,
        {"rule": "KZ.ATI.11.response", "received": "2026-03-14"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["due_date"] == "2026-03-31"
    assert body["title"] == "Ответ на письменный запрос"
    assert body["trace"] == [
        "Начало срока: поступление, 14.03.2026",
        "Поступило 14.03.2026, в нерабочий день (суббота): зарегистрировано в следующий рабочий "
        "день, 16.03.2026",
        "Срок исчисляется со следующего дня, 17.03.2026",
        "15 календарных дней со дня регистрации (16.03.2026): последний день — 31.03.2026",
        "Последний день срока: 31.03.2026, до 23:59 (время Астаны)",
        CAVEAT_2026_RU,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"rule": "KZ.NOPE.1", "received": "2026-03-20"}, "rule"),
        ({"received": "2026-03-20"}, "rule"),
        ({"rule": "KZ.ATI.11.oral_requests", "received": "2026-03-20"}, "rule"),
        ({"rule": "KZ.ATI.11.response", "received": "20.03.2026"}, "received"),
        ({"rule": "KZ.ATI.11.response"}, "received"),
        (
            {"rule": "KZ.ATI.11.response", "received": "2026-03-20", "registered": "soon"},
            "registered",
        ),
    ],
)
def test_the_api_refuses_bad_input_with_a_400_naming_the_field(
    api_client: APIClient, query: dict[str, str], field: str
) -> None:
    response = api_client.get(CALCULATE_URL, query, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.django_db
def test_the_api_says_why_a_rule_without_a_period_is_refused(api_client: APIClient) -> None:
    response = api_client.get(
        CALCULATE_URL,
        {"rule": "KZ.ATI.11.oral_requests", "received": "2026-03-20"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {
        "rule": ["KZ.ATI.11.oral_requests sets no period, so it has no due date to calculate."]
    }


# --- The page ------------------------------------------------------------------------------------

PAGE_URL = "/deadlines/calculator/"


@pytest.mark.django_db
def test_the_calculator_page_shows_an_empty_form(client: Client) -> None:
    response = client.get(PAGE_URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<label for="id_received">' in page
    assert '<option value="KZ.ATI.11.response" selected>' in page
    assert "KZ.ATI.11.oral_requests" not in page  # no period, nothing to calculate
    assert "Due date" not in page


@pytest.mark.django_db
def test_the_calculator_offers_the_response_rules_grouped_by_law_in_the_pages_language(
    client: Client,
) -> None:
    form = client.get(PAGE_URL, HTTP_ACCEPT_LANGUAGE="ru").context["form"]

    groups = [
        (law, [(str(value), label) for value, label in options])
        for law, options in form.fields["rule"].choices
    ]

    assert groups == [
        (
            "Закон Республики Казахстан «О доступе к информации»",
            [("KZ.ATI.11.response", "Ответ на письменный запрос (ст. 11)")],
        ),
        (
            "Административный процедурно-процессуальный кодекс Республики Казахстан",
            [
                (
                    "KZ.APPC.76.response",
                    "Рассмотрение обращения (административная процедура) (ст. 76)",
                )
            ],
        ),
        (
            "Закон Республики Казахстан «О масс-медиа»",
            [("KZ.MEDIA.36.response", "Ответ на запрос СМИ (ст. 36)")],
        ),
        (
            "Закон Республики Казахстан «О средствах массовой информации»",
            [
                (
                    "KZ.MEDIA1999.18.response",
                    "Ответ на запрос СМИ (закон 1999 г., утратил силу) (ст. 18)",
                )
            ],
        ),
        (
            "Федеральный закон «О порядке рассмотрения обращений граждан Российской Федерации»",
            [("RU.59FZ.12.response", "Ответ на обращение гражданина (ст. 12)")],
        ),
        (
            "Федеральный закон «Об обеспечении доступа к информации о деятельности "
            "государственных органов и органов местного самоуправления»",
            [("RU.8FZ.18.response", "Ответ на запрос (ст. 18)")],
        ),
        (
            "Закон Российской Федерации «О средствах массовой информации»",
            [("RU.MEDIA.40.response", "Ответ на запрос редакции (ст. 40)")],
        ),
    ]
    assert form["rule"].value() == "KZ.ATI.11.response"


@pytest.mark.django_db
def test_the_calculator_page_shows_the_due_date_and_the_trace(client: Client) -> None:
    response = client.get(
        PAGE_URL,
        {"rule": "KZ.ATI.11.response", "received": "2026-03-14", "registered": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert '<time datetime="2026-03-31">31.03.2026</time>' in page
    assert "<li>Counting starts the next day, 17.03.2026</li>" in page


@pytest.mark.django_db
def test_the_calculator_page_shows_a_bad_date_as_an_error_next_to_the_field(
    client: Client,
) -> None:
    response = client.get(
        PAGE_URL,
        {"rule": "KZ.ATI.11.response", "received": "2026-02-30"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"received": ["Enter a valid date."]}
    page = response.content.decode()
    assert "Enter a valid date." in page
    assert "<time" not in page
