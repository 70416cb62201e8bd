"""Reads that assemble law data: the working-day calendar of a jurisdiction."""

from collections.abc import Iterable
from datetime import date

import holidays

from requests_tracker.core.i18n import localized
from requests_tracker.deadlines.calendar import Override, WorkingCalendar
from requests_tracker.laws.models import CalendarOverride, Jurisdiction

# The holidays library names holidays in these locales; other languages fall back to English.
_HOLIDAY_LOCALES = {"kk": "kk", "ru": "ru", "en": "en_US"}


def _holiday_names(jurisdiction: Jurisdiction, years: list[int], language: str) -> dict[date, str]:
    country = jurisdiction.holiday_country
    locale = _HOLIDAY_LOCALES.get(language, "en_US")
    if locale not in holidays.country_holidays(country).supported_languages:
        locale = "en_US"
    return dict(holidays.country_holidays(country, years=years, language=locale))


def working_calendar(
    *, jurisdiction: Jurisdiction, years: Iterable[int], language: str = "en"
) -> WorkingCalendar:
    """The calendar of ``jurisdiction`` for ``years``: library holidays plus decreed overrides."""
    wanted_years = sorted(set(years))
    overrides = CalendarOverride.objects.filter(
        jurisdiction=jurisdiction, date__year__in=wanted_years
    )
    return WorkingCalendar(
        weekend_days=frozenset(jurisdiction.weekend_days),
        holidays=_holiday_names(jurisdiction, wanted_years, language),
        overrides={
            override.date: Override(
                is_working_day=override.is_working_day,
                reason=localized(override, "reason", language),
            )
            for override in overrides
        },
    )
