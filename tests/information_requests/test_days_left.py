"""Days left always carry their unit, in ru/kk/en with each language's plural forms, and an
overdue row says how many days overdue, in the unit of its rule."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from requests_tracker.deadlines.periods import Unit
from requests_tracker.information_requests.days_left import counts_days, days_left_text
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineKind,
    DeadlineState,
    InformationRequest,
)
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
WORKING, CALENDAR = Unit.WORKING_DAYS, Unit.CALENDAR_DAYS


@pytest.mark.parametrize(
    ("language", "days", "unit", "expected"),
    [
        ("en", 1, WORKING, "1 working day left"),
        ("en", 4, WORKING, "4 working days left"),
        ("en", 1, CALENDAR, "1 day left"),
        ("en", 6, CALENDAR, "6 days left"),
        ("en", 0, WORKING, "due today"),
        ("en", -1, WORKING, "1 working day overdue"),
        ("en", -3, WORKING, "3 working days overdue"),
        ("en", -3, CALENDAR, "3 days overdue"),
        # Russian: one form for 1, 21; another for 2-4, 22-24; a third for 5-20, 11-14, 0.
        ("ru", 1, WORKING, "остался 1 рабочий день"),
        ("ru", 3, WORKING, "осталось 3 рабочих дня"),
        ("ru", 5, WORKING, "осталось 5 рабочих дней"),
        ("ru", 11, WORKING, "осталось 11 рабочих дней"),
        ("ru", 21, WORKING, "остался 21 рабочий день"),
        ("ru", 22, CALENDAR, "осталось 22 дня"),
        ("ru", 6, CALENDAR, "осталось 6 дней"),
        ("ru", 0, CALENDAR, "срок истекает сегодня"),
        ("ru", -1, WORKING, "просрочен на 1 рабочий день"),
        ("ru", -3, WORKING, "просрочен на 3 рабочих дня"),
        ("ru", -12, WORKING, "просрочен на 12 рабочих дней"),
        ("ru", -2, CALENDAR, "просрочен на 2 дня"),
        # Kazakh: a noun after a numeral keeps its singular form, in both plural forms.
        ("kk", 1, WORKING, "1 жұмыс күні қалды"),
        ("kk", 4, WORKING, "4 жұмыс күні қалды"),
        ("kk", 6, CALENDAR, "6 күн қалды"),
        ("kk", 0, WORKING, "мерзімі бүгін бітеді"),
        ("kk", -1, WORKING, "мерзімі 1 жұмыс күніне өтіп кетті"),
        ("kk", -3, WORKING, "мерзімі 3 жұмыс күніне өтіп кетті"),
        ("kk", -3, CALENDAR, "мерзімі 3 күнге өтіп кетті"),
    ],
)
def test_the_days_left_are_said_with_their_unit_and_plural_form(
    language: str, days: int, unit: Unit, expected: str
) -> None:
    with translation.override(language):
        assert days_left_text(days, unit) == expected


def test_the_first_weekend_day_after_a_friday_deadline_is_overdue_not_due_today() -> None:
    # Friday's working-day deadline, seen on Saturday: no working day has passed since, yet the
    # deadline has.
    with translation.override("en"):
        assert days_left_text(0, WORKING, past_due=True) == "0 working days overdue"


@pytest.mark.parametrize(
    ("kind", "state", "status", "counted"),
    [
        (DeadlineKind.RESPONSE, DeadlineState.RUNNING, Status.AWAITING_REPLY, True),
        (DeadlineKind.RESPONSE, DeadlineState.PASSED, Status.OVERDUE, True),
        # answered late: the deadline stays passed, but nothing is overdue any more
        (DeadlineKind.RESPONSE, DeadlineState.PASSED, Status.ANSWERED, False),
        # the requester's own window to complain, once closed, is nobody's overdue
        (DeadlineKind.APPEAL_WINDOW, DeadlineState.PASSED, Status.OVERDUE, False),
        (DeadlineKind.RESPONSE, DeadlineState.MET, Status.ANSWERED, False),
        (DeadlineKind.RESPONSE, DeadlineState.PAUSED, Status.CLARIFICATION_REQUESTED, False),
    ],
)
def test_days_are_counted_to_a_running_deadline_and_past_an_unanswered_one(
    kind: DeadlineKind, state: DeadlineState, status: Status, counted: bool
) -> None:
    deadline = Deadline(kind=kind, state=state)

    assert counts_days(deadline, InformationRequest(status=status)) is counted


def submitted_on_monday_2_march(rule_id: str, subject: str) -> InformationRequest:
    information_request = make_request(
        rule_ids=(rule_id,), created_at=datetime(2026, 3, 2, 9, tzinfo=ALMATY), subject=subject
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    return information_request


def days_left_cells(page: str) -> list[str]:
    return [
        cell.split(">", 1)[1].split("</td>", 1)[0]
        for cell in page.split('<td data-label="Days left"')[1:]
    ]


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 4, 12, tzinfo=ALMATY), tick=False)
def test_the_dashboard_says_working_days_for_one_rule_and_calendar_days_for_another(
    client: Client,
) -> None:
    # given: on Wednesday 4 March 2026, two requests received on Monday 2 March:
    # Mass Media Art. 36, 5 working days: 3, 4, 5, 6 and 10 March (9 March is the day off for
    # 8 March, a Sunday): due Tuesday 10 March, with 5, 6 and 10 March left: 3 working days;
    media = submitted_on_monday_2_march("KZ.MEDIA.36.response", "СМИ")
    # ATI Art. 11, 15 calendar days from registration on 2 March: due Tuesday 17 March, 13 days.
    submitted_on_monday_2_march("KZ.ATI.11.response", "Доступ")
    InformationRequest.objects.update(requester=media.requester)
    client.force_login(media.requester)

    # when
    page = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then: due in 6 calendar days, the Mass Media request says 3 working days, not "3"
    assert days_left_cells(page) == ["3 working days left", "13 days left"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "language", "expected"),
    [
        # due Tuesday 10 March; Wednesday 11, Thursday 12 and Friday 13 March have passed since
        (datetime(2026, 3, 13, 12, tzinfo=ALMATY), "en", "3 working days overdue"),
        (datetime(2026, 3, 13, 12, tzinfo=ALMATY), "ru", "просрочен на 3 рабочих дня"),
        (datetime(2026, 3, 13, 12, tzinfo=ALMATY), "kk", "мерзімі 3 жұмыс күніне өтіп кетті"),
        # Saturday 14 March is not a working day: still 3
        (datetime(2026, 3, 14, 12, tzinfo=ALMATY), "en", "3 working days overdue"),
        # Wednesday 11 March
        (datetime(2026, 3, 11, 12, tzinfo=ALMATY), "en", "1 working day overdue"),
    ],
)
def test_an_overdue_row_says_how_many_working_days_overdue(
    client: Client, today: datetime, language: str, expected: str
) -> None:
    # given: a Mass Media request due Tuesday 10 March, never answered
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=ALMATY), tick=False):
        media = submitted_on_monday_2_march("KZ.MEDIA.36.response", "СМИ")
    sweep_deadlines(now=datetime(2026, 3, 11, 1, tzinfo=ALMATY))
    client.force_login(media.requester)

    # when
    with time_machine.travel(today, tick=False):
        dashboard = client.get("/requests/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        detail = client.get(f"/requests/{media.pk}/", HTTP_ACCEPT_LANGUAGE=language)

    # then: the dashboard's cell and the request page's deadline row both say so
    assert f'<span class="overdue">{expected}</span>' in dashboard
    assert f'<span class="days-left overdue">{expected}</span>' in detail.content.decode()


@pytest.mark.django_db
def test_a_request_answered_after_its_deadline_shows_no_days_overdue(client: Client) -> None:
    # given: the Mass Media request due 10 March, answered late on Thursday 12 March
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=ALMATY), tick=False):
        media = submitted_on_monday_2_march("KZ.MEDIA.36.response", "СМИ")
    sweep_deadlines(now=datetime(2026, 3, 11, 1, tzinfo=ALMATY))
    with time_machine.travel(datetime(2026, 3, 12, 12, tzinfo=ALMATY), tick=False):
        record_event(
            information_request=media,
            kind=EventKind.ANSWERED,
            occurred_at=datetime(2026, 3, 12, 11, tzinfo=ALMATY),
            recorded_by=media.requester,
        )
    client.force_login(media.requester)

    # when
    with time_machine.travel(datetime(2026, 3, 13, 12, tzinfo=ALMATY), tick=False):
        page = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then
    assert days_left_cells(page) == ["—"]
