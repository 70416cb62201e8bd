"""A count over a year whose transfer decree is not loaded, or over a holiday whose date is only
estimated, ends its trace with a caveat, worded in Russian, Kazakh and English.

Pure: the calendars are built by hand, so each case shows which year is confirmed and which
holiday is estimated. Dates worked out by hand in each comment.
"""

from datetime import date
from zoneinfo import ZoneInfo

from requests_tracker.deadlines.calendar import CalendarCaveat, CaveatKind, WorkingCalendar
from requests_tracker.deadlines.compute import DueDate, compute_due_date
from requests_tracker.deadlines.periods import ResponsePeriod, StartEvent, Unit
from requests_tracker.deadlines.trace import render_caveats, render_trace

ALMATY = ZoneInfo("Asia/Almaty")
WEEKEND = frozenset({5, 6})
FIFTEEN_CALENDAR_DAYS = ResponsePeriod(amount=15, unit=Unit.CALENDAR_DAYS)
FIVE_WORKING_DAYS = ResponsePeriod(amount=5, unit=Unit.WORKING_DAYS)


def due(start: date, period: ResponsePeriod, calendar: WorkingCalendar) -> DueDate:
    return compute_due_date(
        start=start,
        period=period,
        calendar=calendar,
        time_zone=ALMATY,
        start_event=StartEvent.RECEIPT,
    )


def test_a_count_inside_confirmed_years_carries_no_caveat() -> None:
    calendar = WorkingCalendar(weekend_days=WEEKEND, confirmed_years=frozenset({2025}))

    # Mon 3 Mar 2025 + 15 calendar days = Tue 18 Mar 2025
    result = due(date(2025, 3, 3), FIFTEEN_CALENDAR_DAYS, calendar)

    assert result.due_date == date(2025, 3, 18)
    assert result.calendar_caveats == ()
    assert [step.code for step in result.trace] == [
        "start",
        "count_from",
        "calendar_days",
        "due",
    ]


def test_a_count_that_runs_into_a_year_without_a_decree_ends_with_a_caveat_naming_it() -> None:
    calendar = WorkingCalendar(weekend_days=WEEKEND, confirmed_years=frozenset({2026}))

    # Fri 25 Dec 2026 + 15 = Sat 9 Jan 2027 -> Mon 11 Jan 2027
    result = due(date(2026, 12, 25), FIFTEEN_CALENDAR_DAYS, calendar)

    assert result.due_date == date(2027, 1, 11)
    assert [(s.code, dict(s.params)) for s in result.calendar_caveats] == [
        ("calendar_year_unconfirmed", {"year": "2027"}),
    ]
    assert result.trace[-2].code == "due"
    assert render_trace(result.trace, "en")[-1] == (
        "The calendar for 2027 is not confirmed: no Government decree transferring days off in "
        "2027 is loaded, so this deadline may change"
    )


def test_a_count_that_ends_on_the_last_day_of_a_confirmed_year_carries_no_caveat() -> None:
    calendar = WorkingCalendar(weekend_days=WEEKEND, confirmed_years=frozenset({2026}))

    # Wed 16 Dec 2026 + 15 = Thu 31 Dec 2026: 2027 is never looked at
    result = due(date(2026, 12, 16), FIFTEEN_CALENDAR_DAYS, calendar)

    assert result.due_date == date(2026, 12, 31)
    assert result.calendar_caveats == ()


def test_a_last_day_rolled_forward_into_an_unconfirmed_year_carries_its_caveat() -> None:
    calendar = WorkingCalendar(
        weekend_days=WEEKEND,
        holidays={date(2026, 12, 31): "Day off", date(2027, 1, 1): "New Year"},
        confirmed_years=frozenset({2026}),
    )

    # Wed 16 Dec 2026 + 15 = Thu 31 Dec 2026, a day off here: over New Year (Fri 1 Jan) and the
    # weekend to Mon 4 Jan 2027
    result = due(date(2026, 12, 16), FIFTEEN_CALENDAR_DAYS, calendar)

    assert result.nominal_date == date(2026, 12, 31)
    assert result.due_date == date(2027, 1, 4)
    assert [dict(s.params) for s in result.calendar_caveats] == [{"year": "2027"}]


def test_every_unconfirmed_year_of_a_long_count_is_named_once() -> None:
    calendar = WorkingCalendar(weekend_days=WEEKEND, confirmed_years=frozenset())
    period = ResponsePeriod(amount=400, unit=Unit.CALENDAR_DAYS)

    # Mon 1 Dec 2025 + 400 days = Wed 5 Jan 2027
    result = due(date(2025, 12, 1), period, calendar)

    assert result.due_date == date(2027, 1, 5)
    assert [dict(s.params)["year"] for s in result.calendar_caveats] == ["2025", "2026", "2027"]


def test_an_estimated_holiday_within_the_count_carries_a_caveat_with_its_date() -> None:
    kurban_ait = date(2026, 5, 27)  # estimated by the library
    calendar = WorkingCalendar(
        weekend_days=WEEKEND,
        holidays={kurban_ait: "Eid al-Adha (estimated)"},
        confirmed_years=frozenset({2026}),
        estimated_holidays=frozenset({kurban_ait}),
    )

    # Mon 25 May 2026: 26 (1), 27 off, 28 (2), 29 (3), Mon 1 Jun (4), Tue 2 Jun (5)
    result = due(date(2026, 5, 25), FIVE_WORKING_DAYS, calendar)

    assert result.due_date == date(2026, 6, 2)
    assert [(s.code, dict(s.params)) for s in result.calendar_caveats] == [
        ("holiday_estimated", {"year": "2026", "date": "2026-05-27"}),
    ]
    assert render_caveats(result.trace, "ru") == [
        "Праздник 27.05.2026 — дата ориентировочная (по лунному календарю), поэтому срок "
        "может измениться"
    ]
    assert render_caveats(result.trace, "kk") == [
        "27.05.2026 күнгі мерекенің күні болжамды (ай күнтізбесі бойынша), сондықтан мерзім "
        "өзгеруі мүмкін"
    ]
    assert render_caveats(result.trace, "en") == [
        "The date of the holiday on 27.05.2026 is estimated (lunar calendar), so this deadline "
        "may change"
    ]


def test_an_estimated_holiday_after_the_due_date_carries_no_caveat() -> None:
    calendar = WorkingCalendar(
        weekend_days=WEEKEND,
        confirmed_years=frozenset({2026}),
        estimated_holidays=frozenset({date(2026, 5, 27)}),
    )

    # Mon 18 May 2026: 19, 20, 21, 22, Mon 25 May: due before the holiday
    result = due(date(2026, 5, 18), FIVE_WORKING_DAYS, calendar)

    assert result.due_date == date(2026, 5, 25)
    assert result.calendar_caveats == ()


def test_a_calendar_built_without_decree_years_names_no_year() -> None:
    calendar = WorkingCalendar(weekend_days=WEEKEND)

    assert calendar.caveats(date(2026, 1, 1), date(2027, 12, 31)) == ()


def test_the_calendar_lists_its_caveats_in_order() -> None:
    calendar = WorkingCalendar(
        weekend_days=WEEKEND,
        confirmed_years=frozenset({2025}),
        estimated_holidays=frozenset({date(2026, 5, 27), date(2027, 5, 16)}),
    )

    assert calendar.caveats(date(2025, 12, 1), date(2026, 6, 30)) == (
        CalendarCaveat(CaveatKind.YEAR_WITHOUT_DECREE, 2026),
        CalendarCaveat(CaveatKind.ESTIMATED_HOLIDAY, 2026, date(2026, 5, 27)),
    )


def test_the_year_caveat_is_worded_in_russian_kazakh_and_english() -> None:
    calendar = WorkingCalendar(weekend_days=WEEKEND, confirmed_years=frozenset())
    result = due(date(2027, 3, 10), FIFTEEN_CALENDAR_DAYS, calendar)

    assert render_caveats(result.trace, "ru") == [
        "Календарь на 2027 год не подтверждён: постановление Правительства о переносе выходных "
        "дней на 2027 год не загружено, поэтому срок может измениться"
    ]
    assert render_caveats(result.trace, "kk") == [
        "2027 жылғы күнтізбе расталмаған: 2027 жылы демалыс күндерін ауыстыру туралы Үкімет "
        "қаулысы жүктелмеген, сондықтан мерзім өзгеруі мүмкін"
    ]
    assert render_caveats(result.trace, "en") == [
        "The calendar for 2027 is not confirmed: no Government decree transferring days off in "
        "2027 is loaded, so this deadline may change"
    ]


def test_a_caveat_repeated_by_two_parts_of_a_count_is_worded_once() -> None:
    calendar = WorkingCalendar(weekend_days=WEEKEND, confirmed_years=frozenset())
    first = due(date(2027, 3, 1), FIVE_WORKING_DAYS, calendar)
    rest = due(date(2027, 3, 20), FIVE_WORKING_DAYS, calendar)

    lines = render_trace((*first.trace, *rest.trace), "en")

    assert sum("The calendar for 2027" in line for line in lines) == 1
    assert len(render_caveats((*first.trace, *rest.trace), "en")) == 1
