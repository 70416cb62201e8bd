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


class CaveatKind(StrEnum):
    YEAR_WITHOUT_DECREE = "calendar_year_unconfirmed"
    ESTIMATED_HOLIDAY = "holiday_estimated"


@dataclass(frozen=True)
class CalendarCaveat:
    """Why a count over some days may change: a year whose transfer decree is not loaded, or a
    holiday whose date the holidays library only estimates (a lunar date, Kurban Ait)."""

    kind: CaveatKind
    year: int
    day: date | None = None  # the estimated holiday, for ESTIMATED_HOLIDAY


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as working days in one jurisdiction.

    An override (a Government decree) wins over holidays and weekends: a worked Saturday is a
    working day, a transferred weekday off is not (kz-rules.md §8.2).

    ``confirmed_years`` are the years whose Government transfer decree is loaded; a count that
    runs over any other year carries a caveat. None means the calendar does not track decrees (a
    calendar built by hand, as in the unit tests): it carries no caveat for years.
    ``estimated_holidays`` are the holidays whose date is only estimated.
    """

    weekend_days: frozenset[int]
    holidays: Mapping[date, str] = field(default_factory=dict)
    overrides: Mapping[date, Override] = field(default_factory=dict)
    confirmed_years: frozenset[int] | None = None
    estimated_holidays: frozenset[date] = frozenset()

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

    def caveats(self, first: date, last: date) -> tuple[CalendarCaveat, ...]:
        """Why a count over the days ``first`` to ``last`` (inclusive) may change, in date order:
        each year without a loaded decree once, then each estimated holiday within the days."""
        found: list[CalendarCaveat] = []
        if self.confirmed_years is not None:
            found.extend(
                CalendarCaveat(CaveatKind.YEAR_WITHOUT_DECREE, year)
                for year in range(first.year, last.year + 1)
                if year not in self.confirmed_years
            )
        found.extend(
            CalendarCaveat(CaveatKind.ESTIMATED_HOLIDAY, day.year, day)
            for day in sorted(self.estimated_holidays)
            if first <= day <= last
        )
        return tuple(found)

    def next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``; ValueError past SEARCH_LIMIT_DAYS."""
        current = day
        for _ in range(SEARCH_LIMIT_DAYS):
            if self.is_working_day(current):
                return current
            current += timedelta(days=1)
        raise ValueError(f"no working day within {SEARCH_LIMIT_DAYS} days of {day.isoformat()}")
