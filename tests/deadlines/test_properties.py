"""Properties of compute_due_date on generated calendars (hypothesis; no database)."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.compute import DueDate, compute_due_date
from requests_tracker.deadlines.periods import ResponsePeriod, StartEvent, Unit

ALMATY = ZoneInfo("Asia/Almaty")
HALF_A_YEAR = 183

start_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
periods = st.builds(
    ResponsePeriod,
    amount=st.integers(min_value=0, max_value=60),
    unit=st.sampled_from(Unit),
    count_from_next_day=st.booleans(),
    roll_forward_if_non_working=st.booleans(),
)
# Extra holidays as offsets from the start date, within the following six months.
holiday_offsets = st.frozensets(st.integers(min_value=0, max_value=HALF_A_YEAR), max_size=40)


def _calendar(start: date, offsets: frozenset[int]) -> WorkingCalendar:
    return WorkingCalendar(
        weekend_days=frozenset({5, 6}),
        holidays={start + timedelta(days=offset): "Holiday" for offset in offsets},
    )


def _due(
    start: date, period: ResponsePeriod, calendar: WorkingCalendar, registration: bool
) -> DueDate:
    return compute_due_date(
        start=start,
        period=period,
        calendar=calendar,
        time_zone=ALMATY,
        start_event=StartEvent.REGISTRATION if registration else StartEvent.RECEIPT,
        registration_on_working_day=registration,
    )


@settings(deadline=None, max_examples=200)
@given(start=start_dates, period=periods, offsets=holiday_offsets, registration=st.booleans())
def test_a_rolled_forward_or_working_day_deadline_is_a_working_day(
    start, period, offsets, registration
):
    calendar = _calendar(start, offsets)

    due = _due(start, period, calendar, registration)

    # Zero working days without roll-forward is the start day itself, working or not.
    counts_working_days = period.unit is Unit.WORKING_DAYS and period.amount >= 1
    if period.roll_forward_if_non_working or counts_working_days:
        assert calendar.is_working_day(due.due_date)


@settings(deadline=None, max_examples=200)
@given(
    start=start_dates,
    period=periods,
    offsets=holiday_offsets,
    extra=st.integers(min_value=0, max_value=HALF_A_YEAR),
    registration=st.booleans(),
)
def test_adding_a_holiday_never_makes_a_deadline_earlier(
    start, period, offsets, extra, registration
):
    before = _due(start, period, _calendar(start, offsets), registration)

    after = _due(start, period, _calendar(start, offsets | {extra}), registration)

    assert after.due_date >= before.due_date


@settings(deadline=None, max_examples=200)
@given(start=start_dates, period=periods, offsets=holiday_offsets, registration=st.booleans())
def test_a_deadline_never_precedes_its_start(start, period, offsets, registration):
    due = _due(start, period, _calendar(start, offsets), registration)

    assert due.start_date >= start
    if period.count_from_next_day and period.amount >= 1:
        assert due.due_date > due.start_date
    else:
        assert due.due_date >= due.start_date
