"""The report's wording in the reader's language: headings, sentences, and the breakdowns."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from requests_tracker.bodies.models import BodyKind
from requests_tracker.core.categories import Block
from requests_tracker.monitoring.report.figures import MonthlyReport, NarrativeItem
from requests_tracker.monitoring.report.sections import (
    Breakdown,
    block_a,
    by_region,
    charges_by_article,
    other_categories,
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


# The month as it stands in a date ("1 марта 2018 г.", "2018 жылғы 1 наурыз").
MONTHS_IN_DATE = {
    1: pgettext_lazy("month in a date: 1 March", "January"),
    2: pgettext_lazy("month in a date: 1 March", "February"),
    3: pgettext_lazy("month in a date: 1 March", "March"),
    4: pgettext_lazy("month in a date: 1 March", "April"),
    5: pgettext_lazy("month in a date: 1 March", "May"),
    6: pgettext_lazy("month in a date: 1 March", "June"),
    7: pgettext_lazy("month in a date: 1 March", "July"),
    8: pgettext_lazy("month in a date: 1 March", "August"),
    9: pgettext_lazy("month in a date: 1 March", "September"),
    10: pgettext_lazy("month in a date: 1 March", "October"),
    11: pgettext_lazy("month in a date: 1 March", "November"),
    12: pgettext_lazy("month in a date: 1 March", "December"),
}


def format_date(day: date, language: str) -> str:
    """The report's date line in ``language``: "March 1, 2018", "1 марта 2018 г.", "2018 жылғы
    1 наурыз" (Django has no Kazakh date format of its own)."""
    with translation.override(language):
        return pgettext("a date: month, day, year", "%(month)s %(day)s, %(year)s") % {
            "month": MONTHS_IN_DATE[day.month],
            "day": day.day,
            "year": day.year,
        }


def format_tenge(amount: Decimal, language: str) -> str:
    """'22 200 000 тенге', '22 200 000 теңге', '22,200,000 tenge'; tiyn only when there are any."""
    grouped = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    if language != "en":  # Russian and Kazakh group digits with spaces, and use a decimal comma
        grouped = grouped.replace(",", " ").replace(".", ",")
    with translation.override(language):
        return _("%(amount)s tenge") % {"amount": grouped}


@dataclass(frozen=True)
class ReportText:
    """The report's sentences in its language, laid out alike by every renderer."""

    language: str
    header: tuple[str, ...]  # the organisation's, line by line
    title: str
    date_line: str
    notice: str  # the preview warning, or ""
    introduction: str
    narrative: tuple[NarrativeItem, ...]
    block_c_heading: str
    block_c: tuple[str, ...]
    block_c_breakdowns: tuple[Breakdown, ...]  # charges by article, other claims and charges
    block_a_heading: str
    block_a: Breakdown
    block_b_heading: str
    block_b: str
    breakdowns: tuple[Breakdown, ...]  # by kind of body, by region, other categories
    others: tuple[Breakdown, ...]  # categories of no block, when the month has any
    regions_heading: str
    regions: tuple[Breakdown, ...]  # a table by region for each figure of the month
    closing: str
    signature: tuple[str, ...]  # the head of monitoring's, line by line


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
        ]
        if report.administrative_charges:
            block_c.append(
                ngettext(
                    "%(count)s administrative charge was brought against the media and "
                    "citizens in connection with the exercise of the right to freedom of "
                    "expression in %(month)s.",
                    "%(count)s administrative charges were brought against the media and "
                    "citizens in connection with the exercise of the right to freedom of "
                    "expression in %(month)s.",
                    report.administrative_charges,
                )
                % {**values, "count": report.administrative_charges}
            )
        block_c += [
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
        other_claims = other_categories(report, Block.C)
        other_information = other_categories(report, Block.B)
        no_block = other_categories(report, "")
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
                Breakdown(
                    _("Other violations of the right to information"), tuple(other_information)
                ),
            )
            if breakdown.rows
        )
        return ReportText(
            language=report.language,
            header=report.header,
            title=_("Violations of freedom of speech in Kazakhstan. %(month)s")
            % {"month": month_name},
            date_line=format_date(report.dated, report.language),
            notice=""
            if report.published_only
            else _("Preview: verified entries that are not yet published are counted too."),
            introduction=_(
                "A study of the situation with the right to freedom of expression, receipt and "
                "dissemination of information in Kazakhstan in %(month)s %(year)s."
            )
            % values,
            narrative=report.narrative,
            block_c_heading=str(Block.C.label),
            block_c=tuple(block_c),
            block_c_breakdowns=(
                *charges_by_article(report),
                *(
                    (Breakdown(_("Other claims and charges"), tuple(other_claims)),)
                    if other_claims
                    else ()
                ),
            ),
            block_a_heading=str(Block.A.label),
            block_a=Breakdown(
                _("In %(month)s %(year)s, the monitoring recorded") % values,
                block_a(report),
            ),
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
            others=(Breakdown(_("Other violations"), tuple(no_block)),) if no_block else (),
            regions_heading=_("By region"),
            regions=by_region(report),
            closing=_(
                "The monitoring was done according to reports of correspondents and information "
                "from open sources."
            ),
            signature=report.signature,
        )
