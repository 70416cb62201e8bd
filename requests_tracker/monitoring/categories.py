"""Reading the category table (``ViolationCategory``): the choices forms and filters offer, read
when each form is built, so a category staff add is offered at once, without a restart."""

from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from requests_tracker.core.categories import BLOCK_OF_FIGURE, Figure
from requests_tracker.core.i18n import localized
from requests_tracker.monitoring.models import Violation, ViolationCategory


def category_names(language: str | None = None) -> dict[str, str]:
    """Each category's name in ``language`` (by default the active one), by code; one query."""
    return {
        category.code: localized(category, "name", language)
        for category in ViolationCategory.objects.all()
    }


def category_choices() -> list[tuple[str, str]]:
    """(code, "block · name") of every category, by block then code, in the active language."""
    return [
        (category.code, f"{category.block or '–'} · {localized(category, 'name')}")
        for category in ViolationCategory.objects.all()
    ]


def categories_feeding(figure: Figure) -> QuerySet[ViolationCategory, str]:
    """The codes of the categories that feed ``figure``, as a subquery for ``category__in``."""
    return ViolationCategory.objects.filter(figure=figure).values_list("code", flat=True)


def with_category_names(violations: QuerySet[Violation]) -> QuerySet[Violation]:
    """``violations`` with ``category_name``: the name in the active language (the Russian one
    when that is empty), in the same query."""
    language = (get_language() or "ru")[:2]
    field = f"name_{language}" if language in ("ru", "kk", "en") else "name_ru"
    row = ViolationCategory.objects.filter(code=OuterRef("category"))
    return violations.annotate(
        category_name=Coalesce(
            NullIf(Subquery(row.values(field)[:1]), Value("")),
            Subquery(row.values("name_ru")[:1]),
            F("category"),
        )
    )


def figure_mismatch(*, block: str, figure: str) -> str | None:
    """Why a category of ``block`` cannot feed ``figure`` (each figure is counted in its block's
    section of the report), or None when it can; the database holds the same rule."""
    expected = BLOCK_OF_FIGURE.get(Figure(figure)) if figure in Figure.values else None
    if expected is None or expected == block:
        return None
    return _(
        "The figure “%(figure)s” counts block %(expected)s; this category is in %(block)s."
    ) % {
        "figure": Figure(figure).label,
        "expected": expected,
        "block": block or _("no block"),
    }
