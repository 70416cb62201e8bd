"""Checking one row of an import: what is wrong with it, or the violation it records."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.core.text import is_text
from requests_tracker.monitoring.importing.addresses import is_web_address
from requests_tracker.monitoring.importing.amounts import AmountError, parse_amount
from requests_tracker.monitoring.importing.reading import AMOUNTS, REQUIRED
from requests_tracker.monitoring.importing.results import Row, RowProblem
from requests_tracker.monitoring.models import (
    Block,
    Outcome,
    PerpetratorType,
    Stage,
    VictimType,
)
from requests_tracker.monitoring.recording import (
    NewViolation,
    block_mismatch,
    blocks_of_categories,
    unknown_category,
)

# Read once: an enum's ``values`` builds its list anew on every call.
CHOICES: dict[str, frozenset[str]] = {
    "block": frozenset(Block.values),
    "victim_type": frozenset(VictimType.values),
    "perpetrator_type": frozenset(PerpetratorType.values),
    "stage": frozenset(Stage.values),
    "outcome": frozenset(Outcome.values),
}
DATES = ("occurred_on", "reported_on")
# Free text, with the longest each field takes.
TEXTS = {
    "victim_name": 300,
    "victim_outlet": 300,
    "article": 100,
    "source_url": 500,
    "correspondent": 200,
    "description": 100_000,
    "public_description": 100_000,
    "legal_ground_cited": 300,
    "plaintiff_name": 300,
    "case_reference": 100,
    "row_id": 64,
}
# DecimalField(max_digits=16, decimal_places=2)
LARGEST_AMOUNT = Decimal(10) ** 14


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _texts(row: Row) -> dict[str, str]:
    """The text of each cell of ``row``, by column (CSV cells are text already)."""
    return {
        column: value.strip() if value.__class__ is str else _text(value)
        for column, value in row.items()
    }


def normalized_name(name: str) -> str:
    return " ".join(name.casefold().replace("ё", "е").split())


class RowChecker:
    """Turns a row into an unsaved draft, or says what is wrong with it; caches the directory
    and the category table (read when the check starts: a category staff just added is known)."""

    def __init__(self, *, today: date) -> None:
        self.today = today
        self.category_blocks = blocks_of_categories()
        self.regions = dict(Region.objects.values_list("code", "id"))
        self.bodies = {
            slug: (body_id, region_id)
            for slug, body_id, region_id in PublicBody.objects.values_list(
                "slug", "id", "region_id"
            )
        }

    def check(self, number: int, row: Row) -> NewViolation | list[RowProblem]:
        problems: list[RowProblem] = []

        def problem(column: str, message: str) -> None:
            problems.append(RowProblem(row=number, column=column, message=message))

        # Each cell's text is read once; a column the file does not have reads as blank.
        text = _texts(row)
        if row.get(""):
            problem("", _("more cells than columns"))
        values: dict[str, Any] = {}
        for column in REQUIRED:
            if not text.get(column):
                problem(column, _("missing required field"))
        for column, allowed in CHOICES.items():
            value = text.get(column, "")
            value = value.upper() if column == "block" else value.lower()
            if value and value not in allowed:
                problem(
                    column,
                    _("unknown %(column)s “%(value)s”") % {"column": column, "value": value},
                )
            values[column] = value
        values["category"] = category = text.get("category", "").lower()
        if category and category not in self.category_blocks:
            problem("category", unknown_category(category))
        if (
            values["block"] in CHOICES["block"]
            and category in self.category_blocks
            and (
                mismatch := block_mismatch(
                    block=values["block"], category=category, blocks=self.category_blocks
                )
            )
        ):
            problem("category", mismatch)
        for column in DATES:
            values[column] = self._date(row.get(column), text.get(column, ""), column, problem)
        if (
            values["occurred_on"]
            and values["reported_on"]
            and (values["reported_on"] < values["occurred_on"])
        ):
            problem("reported_on", _("reported before the event"))
        for column in AMOUNTS:
            # A blank cell is no amount: only a filled one is read.
            values[column] = _amount(row[column], problem, column) if text.get(column) else None
        # One search of the whole row for what is not text; each column only when it finds.
        plain = is_text("".join(text.values()))
        for column, longest in TEXTS.items():
            values[column] = value = text.get(column, "")
            if len(value) > longest:
                problem(column, _("longer than %(count)d characters") % {"count": longest})
            if not plain and not is_text(value):
                problem(column, _("holds a NUL character or another character that is not text"))
        if values["source_url"] and not is_web_address(values["source_url"]):
            problem(
                "source_url",
                _("not a web address: “%(value)s”") % {"value": values["source_url"]},
            )
        values["row_id"] = values["row_id"] or None
        body_id, region_id = self._place(text, problem)
        if problems:
            return problems
        return NewViolation(**values, public_body_id=body_id, region_id=region_id)

    def _date(
        self, value: Any, text: str, column: str, problem: Callable[[str, str], None]
    ) -> date | None:
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        elif text == "":
            return None
        else:
            read = _day(text)
            if read is None:
                problem(
                    column,
                    _("bad date “%(value)s”: use DD.MM.YYYY or YYYY-MM-DD") % {"value": text},
                )
                return None
            day = read
        if day > self.today:
            problem(column, _("date in the future: %(value)s") % {"value": day.isoformat()})
            return None
        return day

    def _place(
        self, text: dict[str, str], problem: Callable[[str, str], None]
    ) -> tuple[int | None, int | None]:
        body_id = region_id = body_region_id = None
        if slug := text.get("body", ""):
            if slug in self.bodies:
                body_id, body_region_id = self.bodies[slug]
            else:
                problem("body", _("unknown body “%(value)s”") % {"value": slug})
        if code := text.get("region", "").upper():
            if code in self.regions:
                region_id = self.regions[code]
            else:
                problem("region", _("unknown region “%(value)s”") % {"value": code})
        if body_region_id is not None and region_id is not None and region_id != body_region_id:
            problem(
                "region",
                _("the body “%(body)s” is in another region") % {"body": slug},
            )
        return body_id, region_id if region_id is not None else body_region_id


@lru_cache(maxsize=8192)  # a file's rows share their days: each is parsed once
def _day(text: str) -> date | None:
    """The day ``text`` writes as DD.MM.YYYY (05.02.2018) or YYYY-MM-DD, or None."""
    for layout in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, layout).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
    return None


def _amount(value: Any, problem: Callable[[str, str], None], column: str) -> Decimal | None:
    if isinstance(value, bool):
        problem(column, _("not a number: “%(value)s”") % {"value": value})
        return None
    if isinstance(value, int | float | Decimal):
        # A number typed in a spreadsheet cell: it has one reading already.
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            problem(column, _("not a number: “%(value)s”") % {"value": value})
            return None
    else:
        text = _text(value)
        if text == "":
            return None
        try:
            amount = parse_amount(text)
        except AmountError as error:
            problem(column, str(error))
            return None
    if not amount.is_finite():
        problem(column, _("not a number: “%(value)s”") % {"value": _text(value)})
    elif amount < 0:
        problem(column, _("negative amount: %(value)s") % {"value": _text(value)})
    elif amount >= LARGEST_AMOUNT:
        problem(column, _("amount too large: %(value)s") % {"value": _text(value)})
    elif amount != amount.quantize(Decimal("0.01")):
        problem(column, _("more than two decimals: %(value)s") % {"value": _text(value)})
    else:
        return amount.quantize(Decimal("0.01"))
    return None
