"""A working-day calendar as plain data: weekends, public holidays and decreed overrides.

Pure: it knows no models. `laws.selectors.working_calendar()` fills it from the holidays library and
the overrides table.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

# No real calendar has ten years without a working day: past this, the calendar data is broken.
SEARCH_LIMIT_DAYS = 3660


class DayKind(StrEnum):
    WORKING_DAY = "working_day"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    OVERRIDE_DAY_OFF = "override_day_off"
    OVERRIDE_WORKING_DAY = "override_working_day"


@dataclass(frozen=True)
class CalendarDay:
    date: date
    is_working_day: bool
    kind: DayKind
    reason: str


@dataclass(frozen=True)
class Override:
    is_working_day: bool
    reason: str


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as working days in one jurisdiction.

    An override (a Government decree) wins over holidays and weekends: a worked Saturday is a
    working day, a transferred weekday off is not (kz-rules.md §8.2).
    """

    weekend_days: frozenset[int]
    holidays: Mapping[date, str] = field(default_factory=dict)
    overrides: Mapping[date, Override] = field(default_factory=dict)

    def day(self, day: date) -> CalendarDay:
        override = self.overrides.get(day)
        if override is not None:
            kind = (
                DayKind.OVERRIDE_WORKING_DAY
                if override.is_working_day
                else DayKind.OVERRIDE_DAY_OFF
            )
            return CalendarDay(day, override.is_working_day, kind, override.reason)
        holiday = self.holidays.get(day)
        if holiday is not None:
            return CalendarDay(day, False, DayKind.HOLIDAY, holiday)
        if day.weekday() in self.weekend_days:
            return CalendarDay(day, False, DayKind.WEEKEND, "")
        return CalendarDay(day, True, DayKind.WORKING_DAY, "")

    def is_working_day(self, day: date) -> bool:
        return self.day(day).is_working_day

    def days(self, first: date, last: date) -> Iterator[CalendarDay]:
        current = first
        while current <= last:
            yield self.day(current)
            current += timedelta(days=1)

    def next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``; ValueError past SEARCH_LIMIT_DAYS."""
        current = day
        for _ in range(SEARCH_LIMIT_DAYS):
            if self.is_working_day(current):
                return current
            current += timedelta(days=1)
        raise ValueError(f"no working day within {SEARCH_LIMIT_DAYS} days of {day.isoformat()}")
