"""The report's tables: each figure by region, every category of the month, and the charges by
article; one grouped query over the month's violations, and one over the category table.

Which figure a violation counts in is its category's (``ViolationCategory.figure``), read once
per report: a category staff add, or move to another figure, is counted where it now says.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from requests_tracker.core.categories import Figure
from requests_tracker.core.i18n import localized
from requests_tracker.monitoring.models import Violation, ViolationCategory


@dataclass(frozen=True)
class CategoryCount:
    """A category with violations in the month: its block ("" for one of every block), the
    figure it feeds, its name in the report's language, and how many."""

    code: str
    block: str
    figure: str
    name: str
    count: int


@dataclass(frozen=True)
class Tables:
    # Figure value -> region code ("" when none is recorded) -> count, largest first; only the
    # figures counted in the month.
    by_region: dict[str, dict[str, int]]
    region_names: dict[str, str]
    categories: tuple[CategoryCount, ...]  # by block, then largest first, then code
    # Figure value (criminal or administrative charges) -> article ("" when not stated) -> count.
    by_article: dict[str, dict[str, int]]


CHARGES = (Figure.CRIMINAL_CHARGES, Figure.ADMINISTRATIVE_CHARGES)


def _largest_first(counts: dict[str, int]) -> dict[str, int]:
    """Largest first, then by key, with the empty key ("not stated") last."""
    return dict(sorted(counts.items(), key=lambda pair: (pair[0] == "", -pair[1], pair[0])))


def month_tables(in_month: QuerySet[Violation], *, language: str) -> Tables:
    """The tables of ``in_month`` (the violations the report counts in the month)."""
    categories = {category.code: category for category in ViolationCategory.objects.all()}
    name_field = f"region__name_{language}"
    rows = (
        in_month.order_by()
        .values(
            "category", "article", *dict.fromkeys(("region__code", "region__name_ru", name_field))
        )
        .annotate(count=Count("id"))
    )
    by_article: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_region: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_category: dict[str, int] = defaultdict(int)
    region_names: dict[str, str] = {}
    for row in rows:
        code, region = row["category"], row["region__code"] or ""
        by_category[code] += row["count"]
        category = categories.get(code)
        if category is not None and category.figure != Figure.NONE:
            by_region[category.figure][region] += row["count"]
            if category.figure in CHARGES:
                by_article[category.figure][row["article"].strip()] += row["count"]
        if region:
            region_names[region] = row[name_field] or row["region__name_ru"]
    counted = [
        CategoryCount(
            code=code,
            block=categories[code].block if code in categories else "",
            figure=categories[code].figure if code in categories else Figure.NONE,
            name=localized(categories[code], "name", language) if code in categories else code,
            count=count,
        )
        for code, count in by_category.items()
    ]
    return Tables(
        by_region={figure: _largest_first(counts) for figure, counts in by_region.items()},
        region_names=region_names,
        categories=tuple(
            sorted(counted, key=lambda entry: (entry.block or "~", -entry.count, entry.code))
        ),
        by_article={figure: _largest_first(counts) for figure, counts in by_article.items()},
    )
