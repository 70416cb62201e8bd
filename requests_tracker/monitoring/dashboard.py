"""Reads for the staff dashboard and the public body page: counts for charts, body scorecards.

Every figure is counted by the database (``annotate`` / ``Count``, a window for the median); Python
only lays the few resulting numbers out as bars.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import ExtractMonth, RowNumber, TruncDate
from django.utils.dates import MONTHS_3
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from requests_tracker.bodies.models import BodyKind, PublicBody, Region
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineKind,
    DeadlineState,
    InformationRequest,
    TimelineEvent,
    Visibility,
)
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.monitoring.categories import category_names
from requests_tracker.monitoring.models import Category, Violation

# What the body replied, whatever it said: the first of these ends the wait for an answer.
REPLY_KINDS = (EventKind.ANSWERED, EventKind.PARTIALLY_ANSWERED, EventKind.REFUSED)
REFUSAL_CATEGORIES = (
    Category.REFUSAL,
    Category.REFUSAL_CPC_201,
    Category.REFUSAL_OFFICIAL_USE,
)
RANKING_SIZE = 20


# --- Body scorecards over published requests ---------------------------------------------------


@dataclass(frozen=True)
class Scorecard:
    body: PublicBody
    requests: int
    answered_on_time: int
    refused: int
    silent: int
    median_days: float | None

    @property
    def is_public(self) -> bool:
        """Figures on a few requests say little about a body: they are shown from a minimum on."""
        return self.requests >= settings.PUBLIC_BODY_MIN_REQUESTS


def published_requests() -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(visibility=Visibility.PUBLIC).exclude(
        status__in=(Status.DRAFT, Status.WITHDRAWN)
    )


def body_scorecards(requests: QuerySet[InformationRequest]) -> list[Scorecard]:
    """One scorecard per body among ``requests`` (published ones), most requests first."""
    counts = (
        requests.order_by()
        .values("public_body")
        .annotate(
            total=Count("id", distinct=True),
            refused=Count("id", filter=Q(status=Status.REFUSED), distinct=True),
            silent=Count("id", filter=Q(status=Status.OVERDUE), distinct=True),
            answered_on_time=Count(
                "deadlines",
                filter=Q(
                    deadlines__kind=DeadlineKind.RESPONSE,
                    deadlines__is_legal_deadline=True,
                    deadlines__state=DeadlineState.MET,
                ),
                distinct=True,
            ),
        )
    )
    rows = {row["public_body"]: row for row in counts}
    bodies = PublicBody.objects.in_bulk(list(rows))
    medians = _median_days(requests)
    scorecards = [
        Scorecard(
            body=bodies[body_id],
            requests=row["total"],
            answered_on_time=row["answered_on_time"],
            refused=row["refused"],
            silent=row["silent"],
            median_days=medians.get(body_id),
        )
        for body_id, row in rows.items()
    ]
    scorecards.sort(key=lambda card: (-card.requests, card.body.name))
    return scorecards


def body_scorecard(body: PublicBody) -> Scorecard:
    """The scorecard of one body on its published requests (zeros if it has none)."""
    return scorecards_of([body])[body.pk]


def scorecards_of(bodies: list[PublicBody]) -> dict[int, Scorecard]:
    """Each body's scorecard (zeros if none), counted in SQL for these bodies only: 3 queries."""
    cards = {
        card.body.pk: card
        for card in body_scorecards(published_requests().filter(public_body__in=bodies))
    }
    return {body.pk: cards.get(body.pk) or Scorecard(body, 0, 0, 0, 0, None) for body in bodies}


def _median_days(requests: QuerySet[InformationRequest]) -> dict[int, float]:
    """Per body, the median of days from the legal deadline's start to the first reply.

    The window numbers each body's answered deadlines by their days; the one or two in the middle
    are fetched and, if two, averaged.
    """
    first_reply = (
        TimelineEvent.objects.filter(
            information_request=OuterRef("information_request"), kind__in=REPLY_KINDS
        )
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    body = F("information_request__public_body")
    answered = (
        Deadline.objects.filter(
            information_request__in=requests,
            kind=DeadlineKind.RESPONSE,
            is_legal_deadline=True,
        )
        .exclude(state=DeadlineState.SUPERSEDED)
        .annotate(replied_on=TruncDate(Subquery(first_reply)))
        .filter(replied_on__isnull=False)
        .annotate(
            days=ExpressionWrapper(F("replied_on") - F("start_date"), output_field=DurationField())
        )
        .annotate(
            position=Window(RowNumber(), partition_by=body, order_by=(F("days"), F("id"))),
            answered=Window(Count("id"), partition_by=body),
        )
        # the middle one (odd count) or the middle two (even count)
        .filter(position__gte=(F("answered") + 1) / 2, position__lte=F("answered") / 2 + 1)
        .values_list("information_request__public_body", "days")
    )
    middles: dict[int, list[int]] = {}
    for body_id, days in answered:
        middles.setdefault(body_id, []).append(days.days)
    return {
        body_id: values[0] if len(values) == 1 else sum(values) / len(values)
        for body_id, values in middles.items()
    }


# --- Charts over the monitoring dataset ---------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    year: int
    month: int | None = None
    block: str = ""
    category: str = ""
    region: Region | None = None
    body_kind: str = ""
    review_state: str = ""


def _violations_outside_time(filters: DashboardFilters) -> QuerySet[Violation]:
    queryset = Violation.objects.order_by()
    if filters.block:
        queryset = queryset.filter(block=filters.block)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.region is not None:
        queryset = queryset.filter(region=filters.region)
    if filters.body_kind:
        queryset = queryset.filter(public_body__kind=filters.body_kind)
    if filters.review_state:
        queryset = queryset.filter(review_state=filters.review_state)
    return queryset


def filtered_violations(filters: DashboardFilters) -> QuerySet[Violation]:
    queryset = _violations_outside_time(filters).filter(occurred_on__year=filters.year)
    if filters.month is not None:
        queryset = queryset.filter(occurred_on__month=filters.month)
    return queryset


def violations_by_month(filters: DashboardFilters) -> list[tuple[int, int]]:
    """(month, count) for each of the twelve months of the chosen year, whatever month is chosen."""
    counts = dict(
        _violations_outside_time(filters)
        .filter(occurred_on__year=filters.year)
        .annotate(month=ExtractMonth("occurred_on"))
        .values("month")
        .annotate(count=Count("id"))
        .values_list("month", "count")
    )
    return [(month, counts.get(month, 0)) for month in range(1, 13)]


def violations_by_category(filters: DashboardFilters) -> list[tuple[str, int]]:
    """(category, count), most first; only categories that occur."""
    return list(
        filtered_violations(filters)
        .values("category")
        .annotate(count=Count("id"))
        .order_by("-count", "category")
        .values_list("category", "count")
    )


def violations_by_region(filters: DashboardFilters) -> list[tuple[int | None, int]]:
    """(region id or None, count), most first."""
    return list(
        filtered_violations(filters)
        .values("region")
        .annotate(count=Count("id"))
        .order_by("-count", "region")
        .values_list("region", "count")
    )


def violations_by_body_kind(filters: DashboardFilters) -> list[tuple[str | None, int]]:
    """(kind of body or None when no body is recorded, count), most first."""
    return list(
        filtered_violations(filters)
        .values("public_body__kind")
        .annotate(count=Count("id"))
        .order_by("-count", "public_body__kind")
        .values_list("public_body__kind", "count")
    )


@dataclass(frozen=True)
class RankedBody:
    body: PublicBody
    silences: int
    refusals: int

    @property
    def total(self) -> int:
        return self.silences + self.refusals


def bodies_by_silence_and_refusal(
    filters: DashboardFilters, limit: int = RANKING_SIZE
) -> list[RankedBody]:
    """The bodies with the most silences and refusals among the violations, most first."""
    rows = list(
        filtered_violations(filters)
        .filter(public_body__isnull=False)
        .values("public_body")
        .annotate(
            silences=Count("id", filter=Q(category=Category.SILENCE)),
            refusals=Count("id", filter=Q(category__in=REFUSAL_CATEGORIES)),
        )
        .annotate(total=F("silences") + F("refusals"))
        .filter(total__gt=0)
        .order_by("-total", "-silences", "public_body")
        .values_list("public_body", "silences", "refusals")[:limit]
    )
    bodies = PublicBody.objects.in_bulk([row[0] for row in rows])
    return [RankedBody(bodies[body_id], silences, refusals) for body_id, silences, refusals in rows]


# --- Bars for the server-drawn SVG charts --------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: int
    y: int
    width: int
    height: int
    is_selected: bool = False


@dataclass(frozen=True)
class Chart:
    key: str
    title: str | Promise
    width: int
    height: int
    horizontal: bool
    bars: list[Bar] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


CHART_WIDTH = 640
ROW_HEIGHT = 34  # a label line above each horizontal bar
BAR_THICKNESS = 14
VALUE_SPACE = 48
COLUMN_AREA = 160  # the height of the tallest monthly column


def horizontal_chart(key: str, title: str | Promise, items: list[tuple[str, int]]) -> Chart:
    most = max((value for _label, value in items), default=0) or 1
    area = CHART_WIDTH - VALUE_SPACE
    bars = [
        Bar(
            label=label,
            value=value,
            x=0,
            y=index * ROW_HEIGHT + 16,
            width=max(round(area * value / most), 1 if value else 0),
            height=BAR_THICKNESS,
        )
        for index, (label, value) in enumerate(items)
    ]
    return Chart(key, title, CHART_WIDTH, max(len(items), 1) * ROW_HEIGHT, True, bars)


def monthly_chart(
    title: str | Promise, counts: list[tuple[int, int]], selected: int | None
) -> Chart:
    most = max((value for _month, value in counts), default=0) or 1
    slot = CHART_WIDTH // 12
    bars = []
    for index, (month, value) in enumerate(counts):
        height = max(round(COLUMN_AREA * value / most), 1 if value else 0)
        bars.append(
            Bar(
                label=str(MONTHS_3[month]),
                value=value,
                x=index * slot + 8,
                y=20 + COLUMN_AREA - height,
                width=slot - 16,
                height=height,
                is_selected=month == selected,
            )
        )
    return Chart("month", title, CHART_WIDTH, COLUMN_AREA + 44, False, bars)


def dashboard_charts(filters: DashboardFilters) -> list[Chart]:
    """The four charts of the dashboard, labelled in the active language."""
    categories = category_names()
    kinds = dict(BodyKind.choices)
    by_region = violations_by_region(filters)
    regions = Region.objects.in_bulk([region for region, _count in by_region if region])
    not_recorded = str(_("Not recorded"))

    def region_label(region_id: int | None) -> str:
        return regions[region_id].name if region_id in regions else not_recorded

    return [
        monthly_chart(
            _("Violations by month, %(year)d") % {"year": filters.year},
            violations_by_month(filters),
            filters.month,
        ),
        horizontal_chart(
            "category",
            _("By category"),
            [
                (str(categories.get(category, category)), count)
                for category, count in violations_by_category(filters)
            ],
        ),
        horizontal_chart(
            "region",
            _("By region"),
            [(region_label(region), count) for region, count in by_region],
        ),
        horizontal_chart(
            "body_kind",
            _("By kind of body"),
            [
                (str(kinds.get(kind, kind)) if kind else not_recorded, count)
                for kind, count in violations_by_body_kind(filters)
            ],
        ),
    ]


def chart_data(charts: list[Chart]) -> dict[str, Any]:
    """Label and value of each bar, per chart: what the page draws, as plain data."""
    return {chart.key: [(bar.label, bar.value) for bar in chart.bars] for chart in charts}
