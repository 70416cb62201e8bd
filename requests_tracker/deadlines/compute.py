"""Due dates of statutory periods: pure arithmetic on dates, a period and a working calendar.

No models, no ORM and no clock: the caller passes the start moment and the calendar, so each law's
period can be tested as a table of dates. The counting rules are kz-rules.md §8.3:

- the start event counts on its local date in the jurisdiction's time zone;
- counting starts the day after the start event (Civil Code rule on computing time limits);
- a month period ends on the same date of the final month, or on that month's last day;
- a last day that is not a working day moves to the next working day (Civil Code, Medium).

A count that runs over a year whose transfer decree is not loaded, or over a holiday whose date
is estimated, ends its trace with a caveat step for each (``calendar_caveats``).
"""

import calendar as gregorian
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from requests_tracker.deadlines.calendar import (
    SEARCH_LIMIT_DAYS,
    CalendarCaveat,
    CaveatKind,
    WorkingCalendar,
)
from requests_tracker.deadlines.periods import ResponsePeriod, StartEvent, Unit


@dataclass(frozen=True)
class TraceStep:
    """One step of a due-date computation, as data; ``trace.render_trace`` words it."""

    code: str
    # Rendered values in a stable order; dates as ISO strings ("2026-03-20").
    params: tuple[tuple[str, str], ...]

    def param(self, name: str) -> str:
        return dict(self.params)[name]

    @property
    def is_caveat(self) -> bool:
        return self.code in CAVEAT_CODES


# Trace steps that say the calendar behind a count is not confirmed (kz-rules.md §8.2).
CAVEAT_CODES = frozenset(kind.value for kind in CaveatKind)


@dataclass(frozen=True)
class DueDate:
    start_date: date  # the local date the clock starts from (the registration date when shifted)
    nominal_date: date  # the last day before any roll-forward
    due_date: date  # the legal last day
    ends_at: datetime  # the end of due_date in the time zone: 23:59:59.999999 local, tz-aware
    trace: tuple[TraceStep, ...]

    @property
    def calendar_caveats(self) -> tuple[TraceStep, ...]:
        """The caveat steps of the trace, each once: empty when the calendar is confirmed."""
        return calendar_caveats(self.trace)


def calendar_caveats(trace: Sequence[TraceStep]) -> tuple[TraceStep, ...]:
    """The caveat steps of ``trace`` (stored or computed), each once, in order."""
    return tuple(dict.fromkeys(step for step in trace if step.is_caveat))


def caveat_steps(caveats: Sequence[CalendarCaveat]) -> tuple[TraceStep, ...]:
    """The trace steps that word ``caveats``: the year, and the date of an estimated holiday."""
    return tuple(
        _step(caveat.kind.value, year=caveat.year)
        if caveat.day is None
        else _step(caveat.kind.value, year=caveat.year, date=caveat.day)
        for caveat in caveats
    )


def _render(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):  # a datetime is a date too: isoformat() keeps its time
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _step(code: str, **params: object) -> TraceStep:
    return TraceStep(code=code, params=tuple((name, _render(v)) for name, v in params.items()))


def _reason(calendar: WorkingCalendar, day: date) -> dict[str, str]:
    calendar_day = calendar.day(day)
    return {"kind": calendar_day.kind.value, "reason": calendar_day.reason or "weekend"}


def local_date(moment: datetime, time_zone: ZoneInfo) -> date:
    """The date of ``moment`` in ``time_zone``; a naive datetime names no instant: refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: pass an aware datetime")
    return moment.astimezone(time_zone).date()


def registration_date(*, received_on: date, calendar: WorkingCalendar) -> date:
    """The day a request is registered: the day of receipt, or the next working day after a
    non-working one (APPC Art. 63 ff., kz-rules.md §1.4 and §0 row 5)."""
    return calendar.next_working_day(received_on)


def _add_months(start: date, months: int) -> tuple[date, bool]:
    """The same day of the month ``months`` later, clamped to that month's last day; and whether
    it was clamped (kz-rules.md §8.3 rule 3)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = gregorian.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day)), start.day > last_day


def _add_working_days(first_counted: date, amount: int, calendar: WorkingCalendar) -> date:
    """The ``amount``-th working day counting from ``first_counted`` (inclusive)."""
    counted = 0
    current = first_counted
    for _ in range(SEARCH_LIMIT_DAYS):
        if calendar.is_working_day(current):
            counted += 1
            if counted == amount:
                return current
        current += timedelta(days=1)
    raise ValueError(
        f"fewer than {amount} working days within {SEARCH_LIMIT_DAYS} days of "
        f"{first_counted.isoformat()}"
    )


def _count_working_days(after: date, through: date, calendar: WorkingCalendar) -> int:
    """Working days in the range (after, through]."""
    return sum(1 for day in calendar.days(after + timedelta(days=1), through) if day.is_working_day)


def compute_due_date(
    *,
    start: datetime | date,
    period: ResponsePeriod,
    calendar: WorkingCalendar,
    time_zone: ZoneInfo,
    start_event: StartEvent,
    registration_on_working_day: bool = False,
) -> DueDate:
    """The last day of ``period`` started by ``start_event`` at ``start``, with the steps taken.

    ``registration_on_working_day`` is for rules that run from registration when only the receipt
    is known: a receipt on a non-working day is registered on the next working day (§1.4).

    With ``count_from_next_day`` (the general rule) the start date is day 0 and day 1 is the next
    day. Without it the start date is itself the first counted day, so a period of N ends one day
    (one working day) earlier, and a period of 0 ends on the start date ("the same day").
    """
    if period.amount < 0:
        raise ValueError(f"negative period amount {period.amount}")
    trace: list[TraceStep] = []
    # With registration_on_working_day the moment given is the receipt; registration follows.
    given_event = StartEvent.RECEIPT if registration_on_working_day else start_event
    if isinstance(start, datetime):
        start_date = local_date(start, time_zone)
        local_moment = start.astimezone(time_zone)
        trace.append(
            _step(
                "start",
                event=given_event,
                date=start_date,
                time=f"{local_moment:%H:%M}",
                time_zone=time_zone.key,
            )
        )
    else:
        start_date = start
        trace.append(_step("start", event=given_event, date=start_date))
    given_date = start_date

    if registration_on_working_day and not calendar.is_working_day(start_date):
        registered_on = registration_date(received_on=start_date, calendar=calendar)
        trace.append(
            _step(
                "registered_next_working_day",
                received=start_date,
                registered=registered_on,
                **_reason(calendar, start_date),
            )
        )
        start_date = registered_on

    if period.count_from_next_day:
        first_counted = start_date + timedelta(days=1)
        trace.append(_step("count_from", day="next", date=first_counted))
    else:
        first_counted = start_date
        trace.append(_step("count_from", day="same", date=first_counted))

    nominal_date = _nominal_date(
        start_date=start_date, first_counted=first_counted, period=period, calendar=calendar
    )
    counting = {"amount": period.amount, "event": start_event, "start": start_date}
    if period.unit is Unit.CALENDAR_DAYS:
        trace.append(_step("calendar_days", **counting, end=nominal_date))
    elif period.unit is Unit.WORKING_DAYS:
        skipped = (nominal_date - first_counted).days + 1 - period.amount if period.amount else 0
        trace.append(_step("working_days", **counting, end=nominal_date, skipped=skipped))
    else:
        trace.append(_step("months", **counting, end=nominal_date))
        if period.amount:
            month_end, clamped = _add_months(start_date, period.amount)
            if clamped:
                trace.append(_step("clamped_to_month_end", day=start_date.day, date=month_end))

    due_date = nominal_date
    if period.roll_forward_if_non_working and not calendar.is_working_day(nominal_date):
        due_date = calendar.next_working_day(nominal_date)
        trace.append(
            _step(
                "rolled_forward",
                date=nominal_date,
                to=due_date,
                **_reason(calendar, nominal_date),
            )
        )

    ends_at = datetime.combine(due_date, time.max, tzinfo=time_zone)
    trace.append(_step("due", date=due_date, time_zone=time_zone.key))
    # Every day the count looked at, from the start event to the last day, rests on the calendar.
    trace.extend(caveat_steps(calendar.caveats(given_date, due_date)))
    return DueDate(
        start_date=start_date,
        nominal_date=nominal_date,
        due_date=due_date,
        ends_at=ends_at,
        trace=tuple(trace),
    )


def _nominal_date(
    *, start_date: date, first_counted: date, period: ResponsePeriod, calendar: WorkingCalendar
) -> date:
    if period.amount == 0:
        return start_date
    if period.unit is Unit.CALENDAR_DAYS:
        return first_counted + timedelta(days=period.amount - 1)
    if period.unit is Unit.WORKING_DAYS:
        return _add_working_days(first_counted, period.amount, calendar)
    end, _ = _add_months(start_date, period.amount)
    # Counting from the start date itself, the period ends the day before the corresponding date.
    return end if period.count_from_next_day else end - timedelta(days=1)


def days_left(*, due: DueDate, today: date, unit: Unit, calendar: WorkingCalendar) -> int:
    """Days from ``today`` (exclusive) to the due date (inclusive): working days for a
    working-day period, calendar days otherwise. 0 on the due date; once it has passed, minus the
    days (in the same unit) from the due date (exclusive) to ``today`` (inclusive)."""
    if unit is not Unit.WORKING_DAYS:
        return (due.due_date - today).days
    if today <= due.due_date:
        return _count_working_days(today, due.due_date, calendar)
    return -_count_working_days(due.due_date, today, calendar)


def compute_from_receipt(
    *,
    received: datetime | date,
    registered_on: date | None,
    period: ResponsePeriod,
    calendar: WorkingCalendar,
    time_zone: ZoneInfo,
    start_event: StartEvent,
) -> DueDate:
    """The due date of a request's period, from its receipt and, when known, its registration.

    A period that runs from registration starts from ``registered_on``; before the body registers
    the request, registration is taken to be the day of receipt, or the next working day
    (kz-rules.md §1.4). Any other period runs from the receipt.
    """
    from_registration = start_event == StartEvent.REGISTRATION
    return compute_due_date(
        start=registered_on if from_registration and registered_on is not None else received,
        period=period,
        calendar=calendar,
        time_zone=time_zone,
        start_event=start_event,
        registration_on_working_day=from_registration and registered_on is None,
    )
