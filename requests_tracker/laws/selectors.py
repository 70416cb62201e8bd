"""Reads that assemble law data: the rule in force on a day, the working-day calendar."""

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType

import holidays

from requests_tracker.core.i18n import localized
from requests_tracker.deadlines.calendar import Override, WorkingCalendar
from requests_tracker.laws.models import CalendarOverride, Jurisdiction, LegalRule

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
        holidays=_holiday_names(jurisdiction.holiday_country, tuple(wanted_years), language),
        overrides={
            override.date: Override(
                is_working_day=override.is_working_day,
                reason=localized(override, "reason", language),
            )
            for override in overrides
        },
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
