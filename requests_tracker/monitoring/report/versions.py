"""Published versions of a month's report: publishing freezes a snapshot; old versions render
from it, never from the dataset as it is now.

The snapshot holds, for each language, the figures (`as_data`, the JSON download), the text the
PDF and DOCX are drawn from (`as_text`), the Markdown and the HTML, and the violations the report
counted. Its bytes are canonical JSON (sorted keys, UTF-8); the SHA-256 is over those bytes.
"""

import hashlib
import json
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from letters.render import render_docx, render_pdf
from requests_tracker.accounts.models import User
from requests_tracker.core.i18n import language_codes
from requests_tracker.monitoring.models import ReportVersion
from requests_tracker.monitoring.report.figures import (
    month_bounds,
    monthly_report,
    reported_violations,
)
from requests_tracker.monitoring.report.rendering import (
    Rendered,
    as_data,
    as_html,
    as_markdown,
    as_text,
)
from requests_tracker.monitoring.report.wording import wording

CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def counted_violations(year: int, month: int) -> list[dict[str, Any]]:
    """The published violations a month's report counts: those of the month, and those since
    1 January whose amounts feed the year-to-date sums."""
    first, following = month_bounds(year, month)
    rows = (
        reported_violations(published_only=True)
        .filter(occurred_on__gte=date(year, 1, 1), occurred_on__lt=following)
        .filter(
            Q(occurred_on__gte=first)
            | Q(amount_claimed_kzt__isnull=False)
            | Q(amount_collected_kzt__isnull=False)
        )
        .order_by("id")
        .values("id", "category", "occurred_on")
    )
    return [
        {
            "id": row["id"],
            "category": row["category"],
            "occurred_on": row["occurred_on"].isoformat(),
        }
        for row in rows
    ]


def current_snapshot(
    year: int, month: int, *, rendered: bool = True, dated: date | None = None
) -> dict[str, Any]:
    """What publishing the month now (dated ``dated``, by default today) would freeze; without
    ``rendered``, the figures and the violations only (enough to compare with a version)."""
    languages: dict[str, dict[str, Any]] = {}
    for language in language_codes():
        report = monthly_report(
            year=year, month=month, language=language, published_only=True, dated=dated
        )
        languages[language] = {"figures": as_data(report), "region_names": report.region_names}
        if rendered:
            languages[language] |= {
                "title": wording(report).title,
                "text": as_text(report),
                "markdown": as_markdown(report),
                "html": as_html(report),
            }
    return {
        "year": year,
        "month": month,
        "languages": languages,
        "violations": counted_violations(year, month),
    }


def snapshot_bytes(snapshot: dict[str, Any]) -> bytes:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, indent=1).encode()


def stored_snapshot(version: ReportVersion) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(bytes(version.snapshot))
    return loaded


def versions_of(year: int, month: int) -> list[ReportVersion]:
    first, _following = month_bounds(year, month)
    return list(ReportVersion.objects.filter(month=first).order_by("version"))


def _lock_month(first: date) -> None:
    """Publications of one month queue here until the one before commits (PostgreSQL; SQLite
    lets one writer in at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext('monitoring-report-version'), %s)",
                [first.year * 100 + first.month],
            )


def publish(*, year: int, month: int, user: User, note: str, now: datetime) -> ReportVersion:
    """Freeze the month's report as its next version; a version after the first needs a
    correction note (ValidationError otherwise, nothing saved)."""
    first, _following = month_bounds(year, month)
    note = note.strip()
    with transaction.atomic():
        _lock_month(first)
        latest = ReportVersion.objects.filter(month=first).order_by("-version").first()
        if latest is not None and not note:
            raise ValidationError(
                _(
                    "Version %(version)s of this report is already published: say in a "
                    "correction note what changed and why."
                ),
                code="correction_note_required",
                params={"version": latest.version},
            )
        content = snapshot_bytes(current_snapshot(year, month, dated=timezone.localdate(now)))
        return ReportVersion.objects.create(
            month=first,
            version=1 if latest is None else latest.version + 1,
            published_at=now,
            published_by=user,
            correction_note=note,
            snapshot=content,
            snapshot_sha256=hashlib.sha256(content).hexdigest(),
        )


def render_version(version: ReportVersion, *, language: str, output_format: str) -> Rendered:
    """A published version in one of the report's formats, from its snapshot alone; KeyError
    for a language or format it does not have."""
    frozen = stored_snapshot(version)["languages"][language]
    content_type = CONTENT_TYPES[output_format]
    producers = {
        "md": lambda: frozen["markdown"].encode(),
        "html": lambda: frozen["html"].encode(),
        "json": lambda: (
            json.dumps(frozen["figures"], ensure_ascii=False, indent=2) + "\n"
        ).encode(),
        "pdf": lambda: render_pdf(frozen["text"], title=frozen["title"]),
        "docx": lambda: render_docx(frozen["text"], title=frozen["title"]),
    }
    return Rendered(producers[output_format](), content_type, output_format)


def version_file_name(version: ReportVersion, *, language: str, output_format: str) -> str:
    return f"monitoring-{version.month:%Y-%m}-v{version.version}-{language}.{output_format}"
