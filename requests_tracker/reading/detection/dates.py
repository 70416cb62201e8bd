"""A date as a letter writes it, read as ISO: "05.03.2026", "5 марта 2026 г.", "«05» марта 2026
года", "05 наурыз 2026 ж.", "2026 жылғы 5 наурыздағы". An impossible date (31.02.2026) is no date.
"""

import re
from datetime import date

_NUMERIC = re.compile(r"(\d{1,2})\s?[./,]\s?(\d{1,2})\s?[./,]\s?(\d{4})")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DAY = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
# Years a reply to a request filed through the tracker can carry.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def _iso(year: int, month: int, day: int) -> str | None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:  # 31.02.2026, 00.03.2026, 05.13.2026
        return None


def _month(word: str, months: dict[int, tuple[str, ...]]) -> int | None:
    for number, stems in months.items():
        if any(word.startswith(stem) for stem in stems):
            return number
    return None


def read_date(folded: str, months: dict[int, tuple[str, ...]]) -> str | None:
    """The ISO date a folded date text names, or None if it names no real day."""
    numeric = _NUMERIC.search(folded)
    if numeric:
        day, month_of_year, year = (int(part) for part in numeric.groups())
        return _iso(year, month_of_year, day)
    year_match = _YEAR.search(folded)
    if year_match is None:
        return None
    rest = folded[: year_match.start()] + " " + folded[year_match.end() :]
    day_match = _DAY.search(rest)
    month = next((number for word in _WORD.findall(rest) if (number := _month(word, months))), None)
    if day_match is None or month is None:
        return None
    return _iso(int(year_match.group(1)), month, int(day_match.group(1)))
