"""The report in every format: Markdown, HTML, PDF, DOCX and JSON."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from letters.render import render_docx, render_pdf
from requests_tracker.core.categories import Figure
from requests_tracker.monitoring.report.figures import COUNTED, MonthlyReport
from requests_tracker.monitoring.report.items import as_plain_paragraphs
from requests_tracker.monitoring.report.sections import Breakdown
from requests_tracker.monitoring.report.wording import wording


def as_markdown(report: MonthlyReport) -> str:
    """CommonMark; the header's and the signature's lines end in a hard line break ("\\")."""
    markdown = render_to_string("monitoring/report.md", {"report": wording(report)})
    return markdown.rstrip("\n") + "\n"


def as_html(
    report: MonthlyReport, *, publication: Any = None, request: HttpRequest | None = None
) -> str:
    """A standalone HTML page; every value is escaped by the template. ``publication`` (the staff
    page's versions, changes and publish form) is left out of every download and snapshot."""
    return render_to_string(
        "monitoring/report.html",
        {"report": wording(report), "publication": publication},
        request=request,
    )


def _listed(breakdowns: Iterable[Breakdown]) -> list[str]:
    return [
        "\n".join(
            [f"{breakdown.heading}:", *(f"{label}: {count}" for label, count in breakdown.rows)]
        )
        for breakdown in breakdowns
    ]


def as_text(report: MonthlyReport) -> str:
    """The report in the layout `letters.render` reads: "# " titles, blocks between blank lines:
    the header, the title and date, the items, blocks C, A and B, the tables by region, and the
    signature."""
    text = wording(report)
    blocks = ["\n".join(text.header)] if text.header else []
    blocks += [f"# {text.title}", text.date_line]
    if text.notice:
        blocks.append(text.notice)
    blocks.append(text.introduction)
    for item in text.narrative:
        blocks += [f"# {item.title}", *as_plain_paragraphs(item.blocks)]
    blocks += [f"# {text.block_c_heading}", *text.block_c, *_listed(text.block_c_breakdowns)]
    blocks += [f"# {text.block_a_heading}", *_listed((text.block_a,))]
    blocks += [f"# {text.block_b_heading}", text.block_b, *_listed(text.breakdowns)]
    blocks += _listed(text.others)
    if text.regions:
        blocks += [f"# {text.regions_heading}", *_listed(text.regions)]
    blocks.append(text.closing)
    if text.signature:
        blocks.append("\n".join(text.signature))
    return "\n\n".join(blocks) + "\n"


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
        "dated": report.dated.isoformat(),
        "header": list(report.header),
        "signature": list(report.signature),
        "attacks": report.attacks,
        "threats": report.threats,
        "detentions": report.detentions,
        "obstruction": report.obstruction,
        "summons": report.summons,
        "criminal_charges": report.criminal_charges,
        "administrative_charges": report.administrative_charges,
        "judicial_acts": report.judicial_acts,
        "judicial_acts_on_appeal": report.judicial_acts_on_appeal,
        "judicial_acts_for_media": report.judicial_acts_for_media,
        "claims_filed": report.claims_filed,
        "moral_damages_claimed_kzt": f"{report.moral_damages_claimed_kzt:.2f}",
        "sums_collected_kzt": f"{report.sums_collected_kzt:.2f}",
        "refusals_and_missed_deadlines": report.refusals_and_missed_deadlines,
        "refusals_by_body_kind": report.refusals_by_body_kind,
        "refusals_by_region": report.refusals_by_region,
        # Each figure's table by region, each count figure under its own key.
        **{
            f"{COUNTED[Figure(figure)]}_by_region": counts
            for figure, counts in sorted(report.tables.by_region.items())
            if Figure(figure) != Figure.REFUSALS
        },
        "criminal_charges_by_article": report.tables.by_article.get(Figure.CRIMINAL_CHARGES, {}),
        "administrative_charges_by_article": report.tables.by_article.get(
            Figure.ADMINISTRATIVE_CHARGES, {}
        ),
        "categories": {entry.code: entry.count for entry in report.categories},
        "narrative": [
            {"title": item.title, "text": item.text, "violations": list(item.violation_ids)}
            for item in report.narrative
        ],
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
