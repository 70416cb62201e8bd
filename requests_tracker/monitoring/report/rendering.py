"""The report in every format: Markdown, HTML, PDF, DOCX and JSON."""

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from letters.render import render_docx, render_pdf
from requests_tracker.monitoring.report.figures import MonthlyReport
from requests_tracker.monitoring.report.items import as_plain_paragraphs
from requests_tracker.monitoring.report.wording import wording


def as_markdown(report: MonthlyReport) -> str:
    return render_to_string("monitoring/report.md", {"report": wording(report)})


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


def as_text(report: MonthlyReport) -> str:
    """The report in the layout `letters.render` reads: "# " titles, blocks between blank lines."""
    text = wording(report)
    blocks = [f"# {text.title}"]
    if text.notice:
        blocks.append(text.notice)
    blocks.append(text.introduction)
    for item in text.narrative:
        blocks += [f"# {item.title}", *as_plain_paragraphs(item.blocks)]
    blocks += [*text.block_c, f"# {text.block_b_heading}", text.block_b]
    for breakdown in text.breakdowns:
        lines = [f"{label}: {count}" for label, count in breakdown.rows]
        blocks.append("\n".join([f"{breakdown.heading}:", *lines]))
    blocks.append(text.closing)
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
