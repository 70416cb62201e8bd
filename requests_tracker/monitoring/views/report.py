"""The monthly report page, for NGO staff: /monitoring/report/2018-02/?language=ru&format=pdf;
its publication as a new version, and every published version's downloads."""

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from requests_tracker.access.monitoring import may_publish_reports, may_read_reports
from requests_tracker.accounts.models import User
from requests_tracker.core.i18n import language_codes
from requests_tracker.core.idempotency import idempotent
from requests_tracker.monitoring.models import ReportVersion
from requests_tracker.monitoring.report import (
    FORMATS,
    MonthlyReport,
    Rendered,
    as_html,
    file_name,
    monthly_report,
    render,
)
from requests_tracker.monitoring.report.changes import changes_since
from requests_tracker.monitoring.report.versions import (
    publish,
    render_version,
    version_file_name,
    versions_of,
)


def _choices(request: HttpRequest) -> tuple[str, str] | HttpResponse:
    language = request.GET.get("language") or (get_language() or "ru")[:2]
    output_format = request.GET.get("format", "html")
    if language not in language_codes() or output_format not in FORMATS:
        return HttpResponseBadRequest(
            f"language must be one of {', '.join(language_codes())}; "
            f"format one of {', '.join(FORMATS)}",
            content_type="text/plain; charset=utf-8",
        )
    return language, output_format


def _response(rendered: Rendered, output_format: str, name: str) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    if output_format != "html":
        disposition = "attachment" if output_format in ("pdf", "docx") else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@login_required
def monthly_report_page(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The report in ``?format=`` (html by default) and ``?language=`` (the page's by default).

    ``?preview=1`` counts verified violations not yet published as well. Anyone but staff gets
    404, as if the page did not exist. The HTML page also lists the published versions, what
    changed since the last one, and the form to publish.
    """
    assert isinstance(request.user, User)  # login_required
    if not may_read_reports(request.user) or not 1 <= month <= 12:
        raise Http404
    choices = _choices(request)
    if isinstance(choices, HttpResponse):
        return choices
    language, output_format = choices
    preview = request.GET.get("preview") == "1"
    report = monthly_report(year=year, month=month, language=language, published_only=not preview)
    if output_format != "html":
        rendered = render(report, output_format)
        return _response(rendered, output_format, file_name(report, output_format))
    versions = versions_of(year, month)
    with translation.override(language):  # the page is in the report's language throughout
        return _page(request, report, year, month, versions, preview)


def _page(
    request: HttpRequest,
    report: MonthlyReport,
    year: int,
    month: int,
    versions: list[ReportVersion],
    preview: bool,
) -> HttpResponse:
    publication = {
        "year": year,
        "month": month,
        "navigation": _navigation(year, month, language=report.language, preview=preview),
        "versions": versions,
        "formats": FORMATS,
        "changes": changes_since(versions[-1], language=report.language) if versions else None,
        "may_publish": may_publish_reports(request.user) and not preview,
    }
    html = as_html(report, publication=publication, request=request)
    return HttpResponse(html.encode(), content_type="text/html; charset=utf-8")


def _navigation(year: int, month: int, *, language: str, preview: bool) -> dict[str, Any]:
    """The months before and after (the next one only once it has begun) and the downloads, in
    the page's language and with its preview choice."""
    before = date(year, month, 1) - timedelta(days=1)
    after = date(year + month // 12, month % 12 + 1, 1)
    query = f"?language={language}" + ("&preview=1" if preview else "")

    def month_url(day: date) -> str:
        return reverse("monthly-report", kwargs={"year": day.year, "month": day.month}) + query

    here = reverse("monthly-report", kwargs={"year": year, "month": month})
    return {
        "previous": month_url(before),
        "next": month_url(after) if after <= timezone.localdate() else "",
        "downloads": [
            (label, f"{here}{query}&format={output_format}")
            for output_format, label in (("pdf", "PDF"), ("docx", "DOCX"))
        ],
    }


@login_required
@require_POST
@idempotent
def monthly_report_publish(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """Publish the month's report (published violations only) as its next version."""
    assert isinstance(request.user, User)  # login_required
    if not may_publish_reports(request.user) or not 1 <= month <= 12:
        raise Http404
    try:
        version = publish(
            year=year,
            month=month,
            user=request.user,
            note=request.POST.get("correction_note", ""),
            now=timezone.now(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(version)s of the report is published.") % {"version": version.version},
        )
    return redirect("monthly-report", year=year, month=month)


@login_required
def monthly_report_version(
    request: HttpRequest, year: int, month: int, version: int
) -> HttpResponse:
    """A published version, rendered from its snapshot, in ``?format=`` and ``?language=``."""
    assert isinstance(request.user, User)  # login_required
    if not may_read_reports(request.user) or not 1 <= month <= 12:
        raise Http404
    published = next((row for row in versions_of(year, month) if row.version == version), None)
    if published is None:
        raise Http404
    choices = _choices(request)
    if isinstance(choices, HttpResponse):
        return choices
    language, output_format = choices
    rendered = render_version(published, language=language, output_format=output_format)
    response = _response(
        rendered,
        output_format,
        version_file_name(published, language=language, output_format=output_format),
    )
    response["X-Snapshot-SHA256"] = published.snapshot_sha256
    return response
