"""The report's lists in its language: block A figure by figure, the charges by article, the
categories that feed no figure, and a table by region for each figure. The active language is the
report's (``wording`` calls these inside its override)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from requests_tracker.core.categories import Block, Figure
from requests_tracker.monitoring.report.figures import COUNTED, MonthlyReport


@dataclass(frozen=True)
class Breakdown:
    heading: str
    rows: tuple[tuple[str, int], ...]  # (label, count)


# Each figure's name in the report's tables (shorter than the category form's label).
FIGURE_NAMES: dict[Figure, Promise] = {
    Figure.ATTACKS: gettext_lazy("Attacks"),
    Figure.THREATS: gettext_lazy("Threats"),
    Figure.DETENTIONS: gettext_lazy("Detentions and arrests"),
    Figure.OBSTRUCTION: gettext_lazy("Obstruction of the lawful activity of journalists and media"),
    Figure.SUMMONS: gettext_lazy("Summonses to law-enforcement and supervisory bodies"),
    Figure.REFUSALS: gettext_lazy("Refusals and missed deadlines"),
    Figure.CRIMINAL_CHARGES: gettext_lazy("Criminal charges"),
    Figure.ADMINISTRATIVE_CHARGES: gettext_lazy("Administrative charges"),
    Figure.CLAIMS: gettext_lazy("Letters before action and claims"),
    Figure.JUDICIAL_ACTS: gettext_lazy("Judicial acts"),
}

BLOCK_A = (Figure.ATTACKS, Figure.THREATS, Figure.DETENTIONS, Figure.OBSTRUCTION, Figure.SUMMONS)

# The order of the tables by region: the report's own order of its figures. Refusals have theirs
# in block B, with the kinds of body.
BY_REGION = (
    Figure.CRIMINAL_CHARGES,
    Figure.ADMINISTRATIVE_CHARGES,
    Figure.CLAIMS,
    Figure.JUDICIAL_ACTS,
    *BLOCK_A,
)


def block_a(report: MonthlyReport) -> tuple[tuple[str, int], ...]:
    """Every figure of block A, zeros included, then the block's categories that feed none."""
    rows = [(str(FIGURE_NAMES[figure]), getattr(report, COUNTED[figure])) for figure in BLOCK_A]
    return (*rows, *other_categories(report, Block.A))


def other_categories(report: MonthlyReport, block: str) -> list[tuple[str, int]]:
    """The categories of ``block`` ("" for those of every block) with violations in the month
    that feed no figure: the report names them, so that nothing recorded goes uncounted."""
    return [
        (entry.name, entry.count)
        for entry in report.categories
        if entry.block == block and entry.figure == Figure.NONE
    ]


def charges_by_article(report: MonthlyReport) -> tuple[Breakdown, ...]:
    headings = {
        Figure.CRIMINAL_CHARGES: _("Criminal charges by article"),
        Figure.ADMINISTRATIVE_CHARGES: _("Administrative charges by article"),
    }
    not_stated = _("Article not stated")
    return tuple(
        Breakdown(
            heading,
            tuple(
                (article or not_stated, count)
                for article, count in report.tables.by_article[figure].items()
            ),
        )
        for figure, heading in headings.items()
        if report.tables.by_article.get(figure)
    )


def region_label(report: MonthlyReport, code: str) -> str:
    return report.region_names.get(code) or _("Not stated")


def by_region(report: MonthlyReport) -> tuple[Breakdown, ...]:
    """A table by region for each figure counted in the month (refusals are in block B)."""
    return tuple(
        Breakdown(
            pgettext("a figure's table by region", "%(figure)s by region")
            % {"figure": FIGURE_NAMES[figure]},
            tuple(
                (region_label(report, code), count)
                for code, count in report.tables.by_region[figure].items()
            ),
        )
        for figure in BY_REGION
        if report.tables.by_region.get(figure)
    )
