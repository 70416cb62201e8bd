"""Reads that assemble law data: the rule in force on a day, the working-day calendar.

The calendar is the holidays library's (holidays, days off moved off a weekend, the substituted
days off of the Government's transfers and, from the same transfer table, the weekend days worked
in their place), then the overrides table, which wins. The years whose transfer decree is loaded
are confirmed; the library's estimated (lunar) holiday dates are marked (kz-rules.md §8.2).
"""

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType

import holidays

from requests_tracker.core.i18n import localized
from requests_tracker.deadlines.calendar import Override, WorkingCalendar
from requests_tracker.laws.models import CalendarOverride, Jurisdiction, LegalRule, TransferDecree

# The holidays library names holidays in these locales; other languages fall back to English.
_HOLIDAY_LOCALES = {"kk": "kk", "ru": "ru", "en": "en_US"}
# Russian names of Kazakhstan's holidays, which the library has only in Kazakh and English.
_RUSSIAN_NAMES = {
    "New Year's Day": "Новый год",
    "Orthodox Christmas": "Православное Рождество",
    "International Women's Day": "Международный женский день",
    "Nowruz Holiday": "Наурыз мейрамы",
    "Kazakhstan's People Solidarity Holiday": "Праздник единства народа Казахстана",
    "Defender of the Fatherland Day": "День защитника Отечества",
    "Victory Day": "День Победы",
    "Capital Day": "День столицы",
    "Eid al-Adha": "Курбан айт",
    "Constitution Day": "День Конституции",
    "Republic Day": "День Республики",
    "First President Day": "День Первого Президента",
    "Independence Day": "День Независимости",
}
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)$")


def _in_russian(name: str) -> str:
    if substituted := _SUBSTITUTED.match(name):
        month, day, year = substituted.groups()
        return f"Выходной день (перенесён с {day}.{month}.{year})"
    for suffix, russian_suffix in (
        (" (observed)", " (перенос)"),
        (" (estimated)", " (ориентировочно)"),
    ):
        if name.endswith(suffix):
            return _in_russian(name.removesuffix(suffix)) + russian_suffix
    return _RUSSIAN_NAMES.get(name, name)


@lru_cache(maxsize=64)
def _holiday_names(country: str, years: tuple[int, ...], language: str) -> Mapping[date, str]:
    """The library's holidays (pure computation, kept: pages ask for the same years often)."""
    return MappingProxyType(_compute_holiday_names(country, list(years), language))


def _compute_holiday_names(country: str, years: list[int], language: str) -> dict[date, str]:
    locale = _HOLIDAY_LOCALES.get(language, "en_US")
    if locale in holidays.country_holidays(country).supported_languages:
        return dict(holidays.country_holidays(country, years=years, language=locale))
    english = holidays.country_holidays(country, years=years, language="en_US")
    if language == "ru":
        return {day: _in_russian(name) for day, name in english.items()}
    return dict(english)


# A weekend day worked in exchange for a day off elsewhere (the library's transfer table).
_WORKED_DAY_REASONS = {
    "ru": "Рабочий день ({weekday}): выходной перенесён на {day_off}",
    "kk": "Жұмыс күні ({weekday}): демалыс күні {day_off} күніне ауыстырылды",
    "en": "Working day ({weekday}): the day off moved to {day_off}",
}
_WEEKEND_NAMES = {
    "ru": {5: "суббота", 6: "воскресенье"},
    "kk": {5: "сенбі", 6: "жексенбі"},
    "en": {5: "Saturday", 6: "Sunday"},
}


def _library_calendar(country: str, years: tuple[int, ...]) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=years, language="en_US")


@lru_cache(maxsize=64)
def _worked_weekend_days(country: str, years: tuple[int, ...]) -> Mapping[date, date]:
    """Each weekend day of ``years`` worked under a Government transfer, with the day off it
    paid for: the library's transfer table (day off <- worked day), read as its own
    ``is_working_day`` reads it."""
    library = _library_calendar(country, years)
    day_off_for: dict[date, date] = {}
    for year, transfers in getattr(library, "special_public_holidays", {}).items():
        for transfer in transfers if isinstance(transfers[0], tuple) else (transfers,):
            if len(transfer) < 4:  # a one-off holiday, not a transfer
                continue
            to_month, to_day, from_month, from_day, *from_year = transfer
            worked = date(from_year[0] if from_year else year, from_month, from_day)
            day_off_for[worked] = date(year, to_month, to_day)
    return MappingProxyType(
        {
            worked: day_off_for[worked]
            for worked in sorted(library.weekend_workdays)
            if worked.year in years and worked in day_off_for
        }
    )


@lru_cache(maxsize=64)
def _estimated_holidays(country: str, years: tuple[int, ...]) -> frozenset[date]:
    """The holidays whose date the library only estimates (it names them "... (estimated)")."""
    return frozenset(
        day for day, name in _library_calendar(country, years).items() if "estimated" in name
    )


def _worked_day_reason(worked: date, day_off: date, language: str) -> str:
    language = language if language in _WORKED_DAY_REASONS else "en"
    return _WORKED_DAY_REASONS[language].format(
        weekday=_WEEKEND_NAMES[language].get(worked.weekday(), ""), day_off=f"{day_off:%d.%m.%Y}"
    )


def working_calendar(
    *, jurisdiction: Jurisdiction, years: Iterable[int], language: str = "en"
) -> WorkingCalendar:
    """The calendar of ``jurisdiction`` for ``years``: library holidays, the weekend days worked
    under the library's transfers, then the decreed overrides; with the years confirmed by a
    loaded decree and the estimated holidays."""
    wanted_years = tuple(sorted(set(years)))
    country = jurisdiction.holiday_country
    worked_days = {
        worked: Override(is_working_day=True, reason=_worked_day_reason(worked, day_off, language))
        for worked, day_off in _worked_weekend_days(country, wanted_years).items()
        if worked.weekday() in jurisdiction.weekend_days
    }
    overrides = CalendarOverride.objects.filter(
        jurisdiction=jurisdiction, date__year__in=wanted_years
    )
    decreed = {
        override.date: Override(
            is_working_day=override.is_working_day,
            reason=localized(override, "reason", language),
        )
        for override in overrides
    }
    confirmed_years = TransferDecree.objects.filter(
        jurisdiction=jurisdiction, year__in=wanted_years
    ).values_list("year", flat=True)
    return WorkingCalendar(
        weekend_days=frozenset(jurisdiction.weekend_days),
        holidays=_holiday_names(country, wanted_years, language),
        # A decreed override, which staff may edit, wins over the library's transfer.
        overrides={**worked_days, **decreed},
        confirmed_years=frozenset(confirmed_years),
        estimated_holidays=_estimated_holidays(country, wanted_years),
    )


def rule_in_force(rule: LegalRule, day: date) -> LegalRule | None:
    """The rule that counts a period started on ``day``: ``rule``, or along its line of laws.

    A rule chosen under today's law counts an older request under the law of that day (the
    Mass Media Law of 2024 ``replaces`` the 1999 one), and the other way round; None when no
    rule of the line was in force then (before the APPC of 2021, say).
    """
    seen: set[int] = set()
    current: LegalRule | None = rule
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        if current.in_force_on(day):
            return current
        if current.valid_from is not None and day < current.valid_from:
            current = current.replaces
        else:
            current = current.replaced_by.order_by("valid_from", "rule_id").first()
    return None
