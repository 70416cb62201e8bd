"""The monthly monitoring report: the figures of one month, and the report in every format.

The shape follows the Adil Soz monthly report ("Violations of freedom of speech in Kazakhstan.
February 2018", `shared/reference/monitoring-report-2018-02.txt`): the staff-written items, then
the criminal charges, the judicial acts in honour-and-dignity cases, the letters before action and
claims, and the moral damages claimed and collected since the start of the year. Block B (refusals
and missed deadlines, which the tracker records from requests) follows, by kind of body and region.

Every figure is an SQL aggregate: `monthly_report` makes the same four queries whatever the number
of violations (bench/monitoring_benchmark.py measures it).
"""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from letters.render import render_docx, render_pdf
from requests_tracker.bodies.models import BodyKind
from requests_tracker.core.i18n import language_codes, localized
from requests_tracker.monitoring.models import (
    FROM_REQUESTS,
    Category,
    MonthlyNarrative,
    Outcome,
    ReviewState,
    Stage,
    Violation,
)

# The month as it stands after "in" ("в феврале", "ақпанда"): Russian and Kazakh inflect it, so
# each month is its own message rather than Django's nominative month name.
MONTHS_AFTER_IN = {
    1: pgettext_lazy("month after 'in'", "January"),
    2: pgettext_lazy("month after 'in'", "February"),
    3: pgettext_lazy("month after 'in'", "March"),
    4: pgettext_lazy("month after 'in'", "April"),
    5: pgettext_lazy("month after 'in'", "May"),
    6: pgettext_lazy("month after 'in'", "June"),
    7: pgettext_lazy("month after 'in'", "July"),
    8: pgettext_lazy("month after 'in'", "August"),
    9: pgettext_lazy("month after 'in'", "September"),
    10: pgettext_lazy("month after 'in'", "October"),
    11: pgettext_lazy("month after 'in'", "November"),
    12: pgettext_lazy("month after 'in'", "December"),
}


@dataclass(frozen=True)
class NarrativeItem:
    title: str
    text: str


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    language: str
    published_only: bool
    narrative: tuple[NarrativeItem, ...]
    # Block C, in the month.
    criminal_charges: int
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


def monthly_report(
    *, year: int, month: int, language: str, published_only: bool = True
) -> MonthlyReport:
    """The report of one month, computed in four queries whatever the size of the dataset."""
    if language not in language_codes():
        raise ValueError(f"unknown language {language!r}")
    first, following = month_bounds(year, month)
    in_month = Q(occurred_on__gte=first)
    violations = reported_violations(published_only=published_only).filter(
        occurred_on__gte=date(year, 1, 1), occurred_on__lt=following
    )
    judicial_act = Q(category=Category.JUDICIAL_ACT)
    claim = Q(category=Category.HONOUR_AND_DIGNITY_CLAIM)
    refusal = Q(category__in=FROM_REQUESTS)
    figures = violations.aggregate(
        criminal_charges=Count("id", filter=in_month & Q(category=Category.CRIMINAL_CHARGE)),
        judicial_acts=Count("id", filter=in_month & judicial_act),
        judicial_acts_on_appeal=Count("id", filter=in_month & judicial_act & Q(stage=Stage.APPEAL)),
        judicial_acts_for_media=Count(
            "id", filter=in_month & judicial_act & Q(outcome=Outcome.FOR_MEDIA)
        ),
        claims_filed=Count("id", filter=in_month & claim),
        refusals=Count("id", filter=in_month & refusal),
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
    name_field = f"region__name_{language}"
    by_region = (
        refusals.values(*dict.fromkeys(("region__code", "region__name_ru", name_field)))
        .annotate(count=Count("id"))
        .order_by("-count", "region__code")
    )
    region_rows = list(by_region)
    return MonthlyReport(
        year=year,
        month=month,
        language=language,
        published_only=published_only,
        narrative=tuple(
            NarrativeItem(
                title=localized(item, "title", language), text=localized(item, "text", language)
            )
            for item in MonthlyNarrative.objects.filter(month=first).order_by("position", "id")
        ),
        criminal_charges=figures["criminal_charges"],
        judicial_acts=figures["judicial_acts"],
        judicial_acts_on_appeal=figures["judicial_acts_on_appeal"],
        judicial_acts_for_media=figures["judicial_acts_for_media"],
        claims_filed=figures["claims_filed"],
        moral_damages_claimed_kzt=figures["claimed"] or Decimal(0),
        sums_collected_kzt=figures["collected"] or Decimal(0),
        refusals_and_missed_deadlines=figures["refusals"],
        refusals_by_body_kind={
            row["public_body__kind"] or "": row["count"] for row in by_body_kind
        },
        refusals_by_region={row["region__code"] or "": row["count"] for row in region_rows},
        region_names={
            row["region__code"]: row[name_field] or row["region__name_ru"]
            for row in region_rows
            if row["region__code"]
        },
    )


# --- Wording ---------------------------------------------------------------------------------


def format_tenge(amount: Decimal, language: str) -> str:
    """'22 200 000 тенге', '22 200 000 теңге', '22,200,000 tenge'; tiyn only when there are any."""
    grouped = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    if language != "en":  # Russian and Kazakh group digits with spaces, and use a decimal comma
        grouped = grouped.replace(",", " ").replace(".", ",")
    with translation.override(language):
        return _("%(amount)s tenge") % {"amount": grouped}


@dataclass(frozen=True)
class Breakdown:
    heading: str
    rows: tuple[tuple[str, int], ...]  # (label, count)


@dataclass(frozen=True)
class ReportText:
    """The report's sentences in its language, laid out alike by every renderer."""

    language: str
    title: str
    notice: str  # the preview warning, or ""
    introduction: str
    narrative: tuple[NarrativeItem, ...]
    block_c: tuple[str, ...]
    block_b_heading: str
    block_b: str
    breakdowns: tuple[Breakdown, ...]
    closing: str


def wording(report: MonthlyReport) -> ReportText:
    """Every sentence of the report, translated into the report's language."""
    with translation.override(report.language):
        month_in = str(MONTHS_AFTER_IN[report.month])
        values = {"month": month_in, "year": report.year}
        if report.month == 1:
            period = month_in
        else:
            period = pgettext("a range of months", "%(first)s–%(last)s") % {
                "first": str(MONTHS_AFTER_IN[1]),
                "last": month_in,
            }
        month_name = f"{capfirst(str(MONTHS[report.month]))} {report.year}"
        acts = report.judicial_acts
        block_c = [
            ngettext(
                "In %(month)s %(year)s, %(count)s charge of a criminal offence was brought "
                "against the media and citizens in connection with the exercise of the right to "
                "freedom of expression, receipt and dissemination of information.",
                "In %(month)s %(year)s, %(count)s charges of criminal offences were brought "
                "against the media and citizens in connection with the exercise of the right to "
                "freedom of expression, receipt and dissemination of information.",
                report.criminal_charges,
            )
            % {**values, "count": report.criminal_charges},
            ngettext(
                "%(count)s judicial act was issued in cases of protection of honour, dignity and "
                "business reputation (including %(appeal)s on appeal) in %(month)s.",
                "%(count)s judicial acts were issued in cases of protection of honour, dignity "
                "and business reputation (including %(appeal)s on appeal) in %(month)s.",
                acts,
            )
            % {**values, "count": acts, "appeal": report.judicial_acts_on_appeal},
        ]
        if acts:
            block_c.append(
                ngettext(
                    "%(count)s of them was in favour of the media, journalists and citizens.",
                    "%(count)s of them were in favour of the media, journalists and citizens.",
                    report.judicial_acts_for_media,
                )
                % {"count": report.judicial_acts_for_media}
            )
        block_c += [
            ngettext(
                "%(count)s letter before action or claim for protection of honour, dignity and "
                "business reputation was filed in connection with the exercise of the right to "
                "freedom of expression in %(month)s.",
                "%(count)s letters before action and claims for protection of honour, dignity "
                "and business reputation were filed in connection with the exercise of the right "
                "to freedom of expression in %(month)s.",
                report.claims_filed,
            )
            % {**values, "count": report.claims_filed},
            _(
                "Claims for compensation for moral damage in %(period)s amounted to "
                "%(claimed)s. The courts collected %(collected)s."
            )
            % {
                "period": period,
                "claimed": format_tenge(report.moral_damages_claimed_kzt, report.language),
                "collected": format_tenge(report.sums_collected_kzt, report.language),
            },
        ]
        not_stated = _("Not stated")
        kinds = dict(BodyKind.choices)
        breakdowns = tuple(
            breakdown
            for breakdown in (
                Breakdown(
                    _("By kind of body"),
                    tuple(
                        (str(kinds.get(kind, not_stated)), count)
                        for kind, count in report.refusals_by_body_kind.items()
                    ),
                ),
                Breakdown(
                    _("By region"),
                    tuple(
                        (report.region_names.get(code, not_stated), count)
                        for code, count in report.refusals_by_region.items()
                    ),
                ),
            )
            if breakdown.rows
        )
        return ReportText(
            language=report.language,
            title=_("Violations of freedom of speech in Kazakhstan. %(month)s")
            % {"month": month_name},
            notice=""
            if report.published_only
            else _("Preview: verified entries that are not yet published are counted too."),
            introduction=_(
                "A study of the situation with the right to freedom of expression, receipt and "
                "dissemination of information in Kazakhstan in %(month)s %(year)s."
            )
            % values,
            narrative=report.narrative,
            block_c=tuple(block_c),
            block_b_heading=_("Refusals to provide information and missed deadlines"),
            block_b=ngettext(
                "In %(month)s %(year)s, %(count)s refusal to provide information or violation of "
                "the deadline for an answer to a request was recorded.",
                "In %(month)s %(year)s, %(count)s refusals to provide information and violations "
                "of the deadlines for answers to requests were recorded.",
                report.refusals_and_missed_deadlines,
            )
            % {**values, "count": report.refusals_and_missed_deadlines},
            breakdowns=breakdowns,
            closing=_(
                "The monitoring was done according to reports of correspondents and information "
                "from open sources."
            ),
        )


# --- Renderers -------------------------------------------------------------------------------


def as_markdown(report: MonthlyReport) -> str:
    return render_to_string("monitoring/report.md", {"report": wording(report)})


def as_html(report: MonthlyReport) -> str:
    """A standalone HTML page; every value is escaped by the template."""
    return render_to_string("monitoring/report.html", {"report": wording(report)})


def as_text(report: MonthlyReport) -> str:
    """The report in the layout `letters.render` reads: "# " titles, blocks between blank lines."""
    text = wording(report)
    blocks = [f"# {text.title}"]
    if text.notice:
        blocks.append(text.notice)
    blocks.append(text.introduction)
    for item in text.narrative:
        blocks += [f"# {item.title}", *_paragraphs(item.text)]
    blocks += [*text.block_c, f"# {text.block_b_heading}", text.block_b]
    for breakdown in text.breakdowns:
        lines = [f"{label}: {count}" for label, count in breakdown.rows]
        blocks.append("\n".join([f"{breakdown.heading}:", *lines]))
    blocks.append(text.closing)
    return "\n\n".join(blocks) + "\n"


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def as_pdf(report: MonthlyReport) -> bytes:
    return render_pdf(as_text(report), title=wording(report).title)


def as_docx(report: MonthlyReport) -> bytes:
    return render_docx(as_text(report), title=wording(report).title)


def as_data(report: MonthlyReport) -> dict[str, Any]:
    """The figures as JSON-ready data; amounts are decimal strings, as in the REST API."""
    return {
        "year": report.year,
        "month": report.month,
        "language": report.language,
        "published_only": report.published_only,
        "criminal_charges": report.criminal_charges,
        "judicial_acts": report.judicial_acts,
        "judicial_acts_on_appeal": report.judicial_acts_on_appeal,
        "judicial_acts_for_media": report.judicial_acts_for_media,
        "claims_filed": report.claims_filed,
        "moral_damages_claimed_kzt": f"{report.moral_damages_claimed_kzt:.2f}",
        "sums_collected_kzt": f"{report.sums_collected_kzt:.2f}",
        "refusals_and_missed_deadlines": report.refusals_and_missed_deadlines,
        "refusals_by_body_kind": report.refusals_by_body_kind,
        "refusals_by_region": report.refusals_by_region,
        "narrative": [{"title": item.title, "text": item.text} for item in report.narrative],
    }


def as_json(report: MonthlyReport) -> str:
    return json.dumps(as_data(report), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    extension: str


def render(report: MonthlyReport, output_format: str) -> Rendered:
    """The report in one of FORMATS; KeyError for any other."""
    renderers = {
        "md": (lambda: as_markdown(report).encode(), "text/markdown; charset=utf-8"),
        "html": (lambda: as_html(report).encode(), "text/html; charset=utf-8"),
        "json": (lambda: as_json(report).encode(), "application/json"),
        "pdf": (lambda: as_pdf(report), "application/pdf"),
        "docx": (
            lambda: as_docx(report),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    }
    produce, content_type = renderers[output_format]
    return Rendered(produce(), content_type, output_format)


FORMATS = ("md", "html", "pdf", "docx", "json")
BINARY_FORMATS = ("pdf", "docx")


def file_name(report: MonthlyReport, output_format: str) -> str:
    return f"monitoring-{report.year:04d}-{report.month:02d}-{report.language}.{output_format}"
