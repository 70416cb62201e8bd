"""compute_due_date, days_left and render_trace on a hand-built calendar (no database)."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.deadlines.calendar import Override, WorkingCalendar
from requests_tracker.deadlines.compute import (
    DueDate,
    compute_due_date,
    days_left,
    local_date,
    registration_date,
)
from requests_tracker.deadlines.periods import ResponsePeriod, StartEvent, Unit
from requests_tracker.deadlines.trace import describe_period, render_trace

ALMATY = ZoneInfo("Asia/Almaty")

# March-April 2026 as a small hand-made calendar: Saturdays and Sundays off, Nauryz 21-25 March
# off, and one worked Saturday (28 March) invented for the tests.
CALENDAR = WorkingCalendar(
    weekend_days=frozenset({5, 6}),
    holidays={
        date(2026, 3, 21): "Nauryz",
        date(2026, 3, 22): "Nauryz",
        date(2026, 3, 23): "Nauryz",
        date(2026, 3, 24): "Nauryz (observed)",
        date(2026, 3, 25): "Nauryz (observed)",
    },
    overrides={
        date(2026, 3, 28): Override(is_working_day=True, reason="Worked Saturday"),
        date(2026, 4, 10): Override(is_working_day=False, reason="Day off moved from 28 March"),
    },
)
WEEKENDS_ONLY = WorkingCalendar(weekend_days=frozenset({5, 6}))


def _due(
    start: date | datetime,
    period: ResponsePeriod,
    *,
    calendar: WorkingCalendar = CALENDAR,
    start_event: StartEvent = StartEvent.RECEIPT,
    registration_on_working_day: bool = False,
) -> DueDate:
    return compute_due_date(
        start=start,
        period=period,
        calendar=calendar,
        time_zone=ALMATY,
        start_event=start_event,
        registration_on_working_day=registration_on_working_day,
    )


def test_a_receipt_is_counted_on_its_local_date_not_its_utc_date():
    # given 00:30 in Almaty on 3 March, which is still 2 March in UTC
    moment = datetime(2026, 3, 2, 19, 30, tzinfo=UTC)

    # when / then
    assert local_date(moment, ALMATY) == date(2026, 3, 3)


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="naive datetime"):
        _due(datetime(2026, 3, 3, 10, 0), ResponsePeriod(amount=5, unit=Unit.WORKING_DAYS))  # noqa: DTZ001


def test_a_start_moment_counts_from_its_local_date():
    # given a receipt at 00:30 local time on Tuesday 3 March (2 March in UTC)
    moment = datetime(2026, 3, 3, 0, 30, tzinfo=timezone(timedelta(hours=5)))

    # when
    due = _due(moment, ResponsePeriod(amount=1, unit=Unit.CALENDAR_DAYS))

    # then counting starts on 4 March
    assert (due.start_date, due.due_date) == (date(2026, 3, 3), date(2026, 3, 4))
    assert due.trace[0].params == (
        ("event", "receipt"),
        ("date", "2026-03-03"),
        ("time", "00:30"),
        ("time_zone", "Asia/Almaty"),
    )


def test_calendar_days_count_from_the_next_day():
    # given a registration on Monday 2 March
    due = _due(
        date(2026, 3, 2),
        ResponsePeriod(amount=15, unit=Unit.CALENDAR_DAYS),
        start_event=StartEvent.REGISTRATION,
    )

    # then 2 March + 15 days = Tuesday 17 March, a working day
    assert (due.nominal_date, due.due_date) == (date(2026, 3, 17), date(2026, 3, 17))


def test_a_calendar_day_deadline_on_a_holiday_rolls_to_the_next_working_day():
    # given 6 March + 15 days = Saturday 21 March (Nauryz; 21-25 March are off)
    due = _due(date(2026, 3, 6), ResponsePeriod(amount=15, unit=Unit.CALENDAR_DAYS))

    # then the deadline is Thursday 26 March
    assert (due.nominal_date, due.due_date) == (date(2026, 3, 21), date(2026, 3, 26))
    assert due.ends_at == datetime(2026, 3, 26, 23, 59, 59, 999999, tzinfo=ALMATY)


def test_without_roll_forward_a_deadline_may_end_on_a_day_off():
    # given the same period, for a rule that does not move a last day off
    period = ResponsePeriod(amount=15, unit=Unit.CALENDAR_DAYS, roll_forward_if_non_working=False)

    due = _due(date(2026, 3, 6), period)

    # then the deadline stays on Saturday 21 March, with no roll-forward step
    assert (due.nominal_date, due.due_date) == (date(2026, 3, 21), date(2026, 3, 21))
    assert "rolled_forward" not in [step.code for step in due.trace]


def test_working_days_skip_weekends_and_holidays_and_count_a_worked_saturday():
    # given a receipt on Thursday 19 March and 5 working days
    due = _due(date(2026, 3, 19), ResponsePeriod(amount=5, unit=Unit.WORKING_DAYS))

    # then: 20 Mar (1), 21-25 Nauryz skipped, 26 (2), 27 (3), Saturday 28 worked (4), 29 Sunday
    # skipped, Monday 30 (5)
    assert due.due_date == date(2026, 3, 30)
    assert due.trace[2].params[-1] == ("skipped", "6")


def test_a_working_day_period_skips_a_transferred_day_off():
    # given a receipt on Wednesday 8 April; Friday 10 April is a decreed day off
    due = _due(date(2026, 4, 8), ResponsePeriod(amount=3, unit=Unit.WORKING_DAYS))

    # then: 9 Apr (1), 10 off, 11-12 weekend, 13 (2), 14 (3)
    assert due.due_date == date(2026, 4, 14)


def test_zero_days_counted_from_the_same_day_is_the_day_itself():
    period = ResponsePeriod(amount=0, unit=Unit.WORKING_DAYS, count_from_next_day=False)

    on_a_working_day = _due(date(2026, 3, 19), period)
    on_a_holiday = _due(date(2026, 3, 21), period)

    assert on_a_working_day.due_date == date(2026, 3, 19)
    # a receipt on Saturday 21 March (Nauryz) moves to Thursday 26 March
    assert (on_a_holiday.nominal_date, on_a_holiday.due_date) == (
        date(2026, 3, 21),
        date(2026, 3, 26),
    )


def test_counting_from_the_same_day_counts_the_start_date_as_day_one():
    period = ResponsePeriod(amount=3, unit=Unit.CALENDAR_DAYS, count_from_next_day=False)

    due = _due(date(2026, 3, 2), period)

    # 2, 3 and 4 March
    assert due.due_date == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("start", "months", "nominal", "due_date", "clamped"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15), date(2026, 2, 16), False),  # Sunday -> Monday
        (date(2026, 1, 31), 1, date(2026, 2, 28), date(2026, 3, 2), True),  # Saturday -> Monday
        (date(2028, 1, 31), 1, date(2028, 2, 29), date(2028, 2, 29), True),  # leap year, Tuesday
        (date(2025, 10, 31), 3, date(2026, 1, 31), date(2026, 2, 2), False),  # Saturday -> Monday
        (date(2025, 11, 30), 3, date(2026, 2, 28), date(2026, 3, 2), True),
        (date(2026, 11, 15), 2, date(2027, 1, 15), date(2027, 1, 15), False),  # across a year
    ],
)
def test_a_month_period_ends_on_the_same_date_or_the_last_day_of_the_month(
    start, months, nominal, due_date, clamped
):
    due = _due(start, ResponsePeriod(amount=months, unit=Unit.MONTHS), calendar=WEEKENDS_ONLY)

    assert (due.nominal_date, due.due_date) == (nominal, due_date)
    assert ("clamped_to_month_end" in [step.code for step in due.trace]) is clamped


def test_a_receipt_on_a_day_off_is_registered_on_the_next_working_day():
    assert registration_date(received_on=date(2026, 3, 21), calendar=CALENDAR) == date(2026, 3, 26)
    assert registration_date(received_on=date(2026, 3, 19), calendar=CALENDAR) == date(2026, 3, 19)


def test_a_registration_based_period_runs_from_the_registration_day():
    # given a receipt on Saturday 14 March for a rule that runs from registration
    due = _due(
        date(2026, 3, 14),
        ResponsePeriod(amount=15, unit=Unit.CALENDAR_DAYS),
        start_event=StartEvent.REGISTRATION,
        registration_on_working_day=True,
    )

    # then registration is Monday 16 March and 15 days later is Tuesday 31 March
    assert (due.start_date, due.due_date) == (date(2026, 3, 16), date(2026, 3, 31))


def test_the_trace_lists_each_step_in_order():
    due = _due(
        datetime(2026, 3, 21, 10, 0, tzinfo=ALMATY),
        ResponsePeriod(amount=15, unit=Unit.CALENDAR_DAYS),
        start_event=StartEvent.REGISTRATION,
        registration_on_working_day=True,
    )

    assert [step.code for step in due.trace] == [
        "start",
        "registered_next_working_day",
        "count_from",
        "calendar_days",
        "rolled_forward",
        "due",
    ]
    # registered 26 March; 26 March + 15 = Friday 10 April, a decreed day off -> Monday 13 April
    assert due.trace[1].params == (
        ("received", "2026-03-21"),
        ("registered", "2026-03-26"),
        ("kind", "holiday"),
        ("reason", "Nauryz"),
    )
    assert due.trace[4].params == (
        ("date", "2026-04-10"),
        ("to", "2026-04-13"),
        ("kind", "override_day_off"),
        ("reason", "Day off moved from 28 March"),
    )


def test_a_calendar_without_working_days_is_refused():
    no_working_days = WorkingCalendar(weekend_days=frozenset(range(7)))

    with pytest.raises(ValueError, match="working day"):
        _due(
            date(2026, 3, 2),
            ResponsePeriod(amount=1, unit=Unit.WORKING_DAYS),
            calendar=no_working_days,
        )


# days_left: 5 working days from Thursday 19 March end on Monday 30 March (worked Saturday 28).
@pytest.mark.parametrize(
    ("today", "unit", "expected"),
    [
        (date(2026, 3, 26), Unit.WORKING_DAYS, 3),  # 27, 28 (worked Saturday), 30
        (date(2026, 3, 20), Unit.WORKING_DAYS, 4),  # 26, 27, 28, 30: Nauryz not counted
        (date(2026, 3, 30), Unit.WORKING_DAYS, 0),
        (date(2026, 4, 2), Unit.WORKING_DAYS, -3),  # 31 March, 1 and 2 April passed
        (date(2026, 4, 6), Unit.WORKING_DAYS, -5),  # ... and 3 April, 6 April; not 4-5 April
        (date(2026, 3, 26), Unit.CALENDAR_DAYS, 4),
        (date(2026, 3, 30), Unit.CALENDAR_DAYS, 0),
        (date(2026, 4, 6), Unit.CALENDAR_DAYS, -7),
    ],
)
def test_days_left_count_the_unit_of_the_period(today, unit, expected):
    due = _due(date(2026, 3, 19), ResponsePeriod(amount=5, unit=Unit.WORKING_DAYS))

    assert days_left(due=due, today=today, unit=unit, calendar=CALENDAR) == expected


def _example_trace() -> DueDate:
    # Registered Friday 20 March; + 15 = Saturday 4 April -> Monday 6 April.
    return _due(
        date(2026, 3, 20),
        ResponsePeriod(amount=15, unit=Unit.CALENDAR_DAYS),
        start_event=StartEvent.REGISTRATION,
    )


def test_the_trace_reads_in_english():
    assert render_trace(_example_trace().trace, "en") == [
        "Start: registration, 20.03.2026",
        "Counting starts the next day, 21.03.2026",
        "15 calendar days from registration on 20.03.2026: the last day is 04.04.2026",
        "The last day, 04.04.2026, is not a working day (Saturday): moved to the next working "
        "day, 06.04.2026",
        "Due date: 06.04.2026, until 23:59 (Astana time)",
    ]


def test_the_trace_reads_in_russian():
    assert render_trace(_example_trace().trace, "ru") == [
        "Начало срока: регистрация, 20.03.2026",
        "Срок исчисляется со следующего дня, 21.03.2026",
        "15 календарных дней со дня регистрации (20.03.2026): последний день — 04.04.2026",
        "Последний день, 04.04.2026, — нерабочий (суббота): срок переносится на следующий "
        "рабочий день, 06.04.2026",
        "Последний день срока: 06.04.2026, до 23:59 (время Астаны)",
    ]


def test_the_trace_reads_in_kazakh():
    assert render_trace(_example_trace().trace, "kk") == [
        "Мерзімнің басталуы: тіркеу, 20.03.2026",
        "Мерзім келесі күннен, 21.03.2026 бастап есептеледі",
        "тіркелген күннен (20.03.2026) бастап 15 күнтізбелік күн: соңғы күн — 04.04.2026",
        "Соңғы күн, 04.04.2026, жұмыс күні емес (сенбі): мерзім келесі жұмыс күніне, "
        "06.04.2026 ауыстырылады",
        "Мерзімнің соңғы күні: 06.04.2026, сағат 23:59-ға дейін (Астана уақыты)",
    ]


def test_an_unknown_language_falls_back_to_russian():
    trace = _example_trace().trace

    assert render_trace(trace, "de") == render_trace(trace, "ru")


@pytest.mark.parametrize(
    ("period", "start_event", "language", "expected"),
    [
        (
            ResponsePeriod(amount=15, unit=Unit.CALENDAR_DAYS),
            StartEvent.REGISTRATION,
            "en",
            "15 calendar days from registration",
        ),
        (
            ResponsePeriod(amount=15, unit=Unit.CALENDAR_DAYS),
            StartEvent.REGISTRATION,
            "ru",
            "15 календарных дней со дня регистрации",
        ),
        (
            ResponsePeriod(amount=15, unit=Unit.CALENDAR_DAYS),
            StartEvent.REGISTRATION,
            "kk",
            "тіркелген күннен бастап 15 күнтізбелік күн",
        ),
        (
            ResponsePeriod(amount=5, unit=Unit.WORKING_DAYS),
            StartEvent.RECEIPT,
            "ru",
            "5 рабочих дней со дня поступления",
        ),
        (
            ResponsePeriod(amount=2, unit=Unit.WORKING_DAYS),
            StartEvent.EXTENSION_DECISION,
            "ru",
            "2 рабочих дня со дня принятия решения о продлении срока",
        ),
        (
            ResponsePeriod(amount=5, unit=Unit.WORKING_DAYS),
            StartEvent.RECEIPT,
            "kk",
            "түскен күннен бастап 5 жұмыс күні",
        ),
        (
            ResponsePeriod(amount=1, unit=Unit.MONTHS),
            StartEvent.COMPLAINT_DECISION,
            "en",
            "1 month from receipt of the complaint decision",
        ),
        (
            ResponsePeriod(amount=3, unit=Unit.MONTHS),
            StartEvent.LEARNED_OF_ACT,
            "ru",
            "3 месяца со дня, когда лицу стало известно об акте",
        ),
        (
            ResponsePeriod(amount=21, unit=Unit.CALENDAR_DAYS),
            StartEvent.RECEIPT,
            "ru",
            "21 календарный день со дня поступления",
        ),
    ],
)
def test_a_period_is_described_in_each_language(period, start_event, language, expected):
    assert describe_period(period, start_event, language) == expected
