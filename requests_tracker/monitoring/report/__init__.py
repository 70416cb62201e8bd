"""The monthly monitoring report: the figures of one month, and the report in every format.

The shape follows the Adil Soz monthly report ("Violations of freedom of speech in Kazakhstan.
February 2018", `shared/reference/monitoring-report-2018-02.txt`): the organisation's header, the
title and the date line, the staff-written items, then block C (criminal and administrative
charges by article, the judicial acts in honour-and-dignity cases, the letters before action and
claims, and the moral damages claimed and collected since the start of the year), block A
(attacks, threats, detentions, obstruction, summons), block B (refusals and missed deadlines,
which the tracker records from requests, by kind of body and region), a table by region for each
figure, and the signature of the head of monitoring (``ReportMasthead``).

Every figure is an SQL aggregate: `monthly_report` makes the same six queries whatever the number
of violations, and a seventh for the violations linked to the month's case items when it has any
(bench/monitoring_benchmark.py measures it).
"""

from requests_tracker.monitoring.report.figures import (
    MonthlyReport,
    NarrativeItem,
    month_bounds,
    monthly_report,
    reported_violations,
)
from requests_tracker.monitoring.report.rendering import (
    BINARY_FORMATS,
    FORMATS,
    Rendered,
    as_data,
    as_docx,
    as_html,
    as_json,
    as_markdown,
    as_pdf,
    as_text,
    file_name,
    render,
)
from requests_tracker.monitoring.report.wording import (
    MONTHS_AFTER_IN,
    Breakdown,
    ReportText,
    format_tenge,
    wording,
)

__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "MONTHS_AFTER_IN",
    "Breakdown",
    "MonthlyReport",
    "NarrativeItem",
    "Rendered",
    "ReportText",
    "as_data",
    "as_docx",
    "as_html",
    "as_json",
    "as_markdown",
    "as_pdf",
    "as_text",
    "file_name",
    "format_tenge",
    "month_bounds",
    "monthly_report",
    "render",
    "reported_violations",
    "wording",
]
