"""Reading an amount of tenge exactly as written, or refusing it when it could mean two things.

Spreadsheets in Russian and Kazakh write ``1 500 000,50`` (spaces, often no-break ones, group the
digits, a comma marks the decimals); English ones write ``1,500,000.50``; many write ``1500000.50``.
Every one of these has one reading. ``150,000`` and ``1.500`` have two: the separator followed by
exactly three digits is either a thousands separator (150000, 1500) or a decimal mark (150.000,
1.500), and nothing in the value says which; it is refused, naming both readings.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Spaces that group digits: the ordinary one, the no-break space Excel writes (U+00A0), the
# narrow no-break space (U+202F) and the thin space (U+2009).
GROUPING_SPACES = re.compile("[ \u00a0\u202f\u2009]")
_DIGITS = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d{1,3}(?:\.\d{3})+$|^\d{1,3}(?: \d{3})+$")


class AmountError(ValueError):
    """The text is not an amount, or it is one only under a guess; the message says which."""


def _grouped(whole: str, text: str) -> str:
    """The digits of the whole part, its grouping checked (groups of three after the first)."""
    if _DIGITS.match(whole):
        return whole
    if _GROUPED.match(whole):
        return re.sub(r"\D", "", whole)
    raise AmountError(_("not a number: “%(value)s”") % {"value": text})


def parse_amount(text: str) -> Decimal:
    """The amount ``text`` writes, or AmountError; a leading minus is kept, for the caller."""
    value = GROUPING_SPACES.sub(" ", text.strip())
    value = re.sub(" +", " ", value)
    sign = ""
    if value.startswith("-"):
        sign, value = "-", value[1:].strip()
    if not value or not re.fullmatch(r"[\d ,.]+", value) or not value[0].isdigit():
        raise AmountError(_("not a number: “%(value)s”") % {"value": text})
    marks = [mark for mark in (",", ".") if mark in value]
    if len(marks) == 2:
        # Both: the last one is the decimal mark, the other groups the digits (1.500.000,50).
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        whole, _mark, fraction = value.rpartition(decimal_mark)
        digits = _grouped(whole, text)
    elif marks and value.count(marks[0]) > 1:
        # The same mark more than once can only group the digits (1,500,000).
        digits, fraction = _grouped(value, text), ""
    elif marks:
        whole, _mark, fraction = value.partition(marks[0])
        if " " not in whole and len(fraction) == 3 and fraction.isdigit():
            raise AmountError(ambiguity(text, whole=whole, fraction=fraction, mark=marks[0]))
        digits = _grouped(whole, text)
    else:
        digits, fraction = _grouped(value, text), ""
    if fraction and not _DIGITS.match(fraction):
        raise AmountError(_("not a number: “%(value)s”") % {"value": text})
    if len(fraction) > 2:
        raise AmountError(_("more than two decimals: %(value)s") % {"value": text.strip()})
    try:
        return Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")
    except InvalidOperation as error:  # pragma: no cover - the patterns above admit digits only
        raise AmountError(_("not a number: “%(value)s”") % {"value": text}) from error


def ambiguity(text: str, *, whole: str, fraction: str, mark: str) -> str:
    """The refusal of a value with two readings, naming both."""
    return _(
        "ambiguous amount “%(value)s”: it reads as %(thousands)s if “%(mark)s” separates "
        "thousands, or as %(decimal)s if “%(mark)s” is the decimal mark. Write thousands "
        "without a separator or with spaces (%(thousands)s), and decimals with two digits "
        "(1 500 000,50)."
    ) % {
        "value": text.strip(),
        "mark": mark,
        "thousands": f"{whole}{fraction}",
        "decimal": f"{whole}.{fraction}",
    }
