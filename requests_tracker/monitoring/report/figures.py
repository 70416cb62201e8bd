"""The figures of one month's report, each an SQL aggregate: six queries whatever the size, and
a seventh for the violations the month's case items are linked to, when it has items.

The categories each figure counts are those the category table says feed it (``figure``).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from requests_tracker.core.i18n import language_codes, localized
from requests_tracker.monitoring.categories import categories_feeding
from requests_tracker.monitoring.models import (
    Figure,
    MonthlyNarrative,
    Outcome,
    ReportMasthead,
    ReviewState,
    Stage,
    Violation,
)
from requests_tracker.monitoring.report.items import TextBlock, text_blocks
from requests_tracker.monitoring.report.items import as_markdown as blocks_as_markdown
from requests_tracker.monitoring.report.tables import CategoryCount, Tables, month_tables

# The figures that count violations in the month, each a field of the report; the sums and the
# breakdowns of judicial acts are fields of their own.
COUNTED = {
    Figure.ATTACKS: "attacks",
    Figure.THREATS: "threats",
    Figure.DETENTIONS: "detentions",
    Figure.OBSTRUCTION: "obstruction",
    Figure.SUMMONS: "summons",
    Figure.REFUSALS: "refusals_and_missed_deadlines",
    Figure.CRIMINAL_CHARGES: "criminal_charges",
    Figure.ADMINISTRATIVE_CHARGES: "administrative_charges",
    Figure.CLAIMS: "claims_filed",
    Figure.JUDICIAL_ACTS: "judicial_acts",
}


@dataclass(frozen=True)
class NarrativeItem:
    """A case item in the report's language, with the violations it tells of (those the report
    counts: published ones, or verified ones as well in a staff preview)."""

    title: str
    text: str
    violation_ids: tuple[int, ...] = ()

    @property
    def blocks(self) -> tuple[TextBlock, ...]:
        return text_blocks(self.text)

    @property
    def markdown(self) -> str:
        return blocks_as_markdown(self.blocks)


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    language: str
    published_only: bool
    narrative: tuple[NarrativeItem, ...]
    # The organisation's header and the signature, line by line (empty without a masthead), and
    # the date the report bears: its publication, or the day it is drawn.
    header: tuple[str, ...]
    signature: tuple[str, ...]
    dated: date
    # Block A, in the month.
    attacks: int
    threats: int
    detentions: int
    obstruction: int
    summons: int
    # Block C, in the month.
    criminal_charges: int
    administrative_charges: int
    judicial_acts: int
    judicial_acts_on_appeal: int
    judicial_acts_for_media: int
    claims_filed: int
    # Block C, from 1 January to the end of the month.
    moral_damages_claimed_kzt: Decimal
    sums_collected_kzt: Decimal
    # Block B, in the month: by `BodyKind` value ("" when no body is recorded) and by region code
    # ("" when none), largest first.
    refusals_and_missed_deadlines: int
    refusals_by_body_kind: dict[str, int]
    refusals_by_region: dict[str, int]
    region_names: dict[str, str]
    # Every figure by region, every category of the month, the charges by article.
    tables: Tables

    @property
    def categories(self) -> tuple[CategoryCount, ...]:
        return self.tables.categories

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first day of the month and the first day of the next one; ValueError if no such month."""
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first, following


def reported_violations(*, published_only: bool) -> QuerySet[Violation]:
    """What the report counts: published rows, or for a staff preview verified ones as well."""
    states = (
        (ReviewState.PUBLISHED,)
        if published_only
        else (ReviewState.PUBLISHED, ReviewState.VERIFIED)
    )
    return Violation.objects.filter(review_state__in=states)


def _narrative(first: date, *, language: str, published_only: bool) -> tuple[NarrativeItem, ...]:
    """The month's case items in their order, each with the violations it is linked to."""
    linked = reported_violations(published_only=published_only).order_by("occurred_on", "id")
    items = (
        MonthlyNarrative.objects.filter(month=first)
        .order_by("position", "id")
        .prefetch_related(Prefetch("violations", queryset=linked.only("id")))
    )
    return tuple(
        NarrativeItem(
            title=localized(item, "title", language),
            text=localized(item, "text", language),
            violation_ids=tuple(violation.pk for violation in item.violations.all()),
        )
        for item in items
    )


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def monthly_report(
    *,
    year: int,
    month: int,
    language: str,
    published_only: bool = True,
    dated: date | None = None,
) -> MonthlyReport:
    """The report of one month, computed in six queries whatever the size of the dataset
    (seven when the month has case items), dated ``dated`` (by default today)."""
    if language not in language_codes():
        raise ValueError(f"unknown language {language!r}")
    first, following = month_bounds(year, month)
    in_month = Q(occurred_on__gte=first)
    violations = reported_violations(published_only=published_only).filter(
        occurred_on__gte=date(year, 1, 1), occurred_on__lt=following
    )
    # Which categories feed which figure is the category table's to say (a subquery each). The
    # month's count of every figure is its table by region summed; the aggregate reads what the
    # tables do not: the breakdowns of judicial acts, and the sums since 1 January.
    judicial_act = Q(category__in=categories_feeding(Figure.JUDICIAL_ACTS))
    claim = Q(category__in=categories_feeding(Figure.CLAIMS))
    refusal = Q(category__in=categories_feeding(Figure.REFUSALS))
    figures = violations.aggregate(
        judicial_acts_on_appeal=Count("id", filter=in_month & judicial_act & Q(stage=Stage.APPEAL)),
        judicial_acts_for_media=Count(
            "id", filter=in_month & judicial_act & Q(outcome=Outcome.FOR_MEDIA)
        ),
        # "Claims for compensation for moral damage in January-February amounted to ...": what
        # the claims filed since 1 January ask for. "The courts collected ...": what the judicial
        # acts issued in the same period awarded and collected.
        claimed=Sum("amount_claimed_kzt", filter=claim),
        collected=Sum("amount_collected_kzt", filter=judicial_act),
    )
    refusals = violations.filter(in_month & refusal).order_by()
    by_body_kind = (
        refusals.values("public_body__kind")
        .annotate(count=Count("id"))
        .order_by("-count", "public_body__kind")
    )
    tables = month_tables(violations.filter(in_month), language=language)
    figures |= {
        name: sum(tables.by_region.get(figure, {}).values()) for figure, name in COUNTED.items()
    }
    masthead = ReportMasthead.objects.order_by("pk").first()
    return MonthlyReport(
        year=year,
        month=month,
        language=language,
        published_only=published_only,
        narrative=_narrative(first, language=language, published_only=published_only),
        header=_lines(localized(masthead, "header", language)) if masthead else (),
        signature=_lines(localized(masthead, "signature", language)) if masthead else (),
        dated=dated or timezone.localdate(),
        attacks=figures["attacks"],
        threats=figures["threats"],
        detentions=figures["detentions"],
        obstruction=figures["obstruction"],
        summons=figures["summons"],
        criminal_charges=figures["criminal_charges"],
        administrative_charges=figures["administrative_charges"],
        judicial_acts=figures["judicial_acts"],
        judicial_acts_on_appeal=figures["judicial_acts_on_appeal"],
        judicial_acts_for_media=figures["judicial_acts_for_media"],
        claims_filed=figures["claims_filed"],
        moral_damages_claimed_kzt=figures["claimed"] or Decimal(0),
        sums_collected_kzt=figures["collected"] or Decimal(0),
        refusals_and_missed_deadlines=figures["refusals_and_missed_deadlines"],
        refusals_by_body_kind={
            row["public_body__kind"] or "": row["count"] for row in by_body_kind
        },
        refusals_by_region=tables.by_region.get(Figure.REFUSALS, {}),
        region_names=tables.region_names,
        tables=tables,
    )
