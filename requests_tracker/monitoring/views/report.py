"""The monthly report page, for NGO staff: /monitoring/report/2018-02/?language=ru&format=pdf."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import get_language

from requests_tracker.accounts.models import Role, User
from requests_tracker.core.i18n import language_codes
from requests_tracker.monitoring.report import FORMATS, file_name, monthly_report, render

REPORT_ROLES = (Role.NGO_STAFF, Role.ADMIN)


def can_see_reports(user: User) -> bool:
    """Site staff, or NGO staff and administrators of an organisation."""
    return user.is_staff or user.memberships.filter(role__in=REPORT_ROLES).exists()


@login_required
def monthly_report_page(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The report in ``?format=`` (html by default) and ``?language=`` (the page's by default).

    ``?preview=1`` counts verified violations not yet published as well. Anyone but staff gets
    404, as if the page did not exist.
    """
    assert isinstance(request.user, User)  # login_required
    if not can_see_reports(request.user) or not 1 <= month <= 12:
        raise Http404
    language = request.GET.get("language") or (get_language() or "ru")[:2]
    output_format = request.GET.get("format", "html")
    if language not in language_codes() or output_format not in FORMATS:
        return HttpResponseBadRequest(
            f"language must be one of {', '.join(language_codes())}; "
            f"format one of {', '.join(FORMATS)}",
            content_type="text/plain; charset=utf-8",
        )
    report = monthly_report(
        year=year,
        month=month,
        language=language,
        published_only=request.GET.get("preview") != "1",
    )
    rendered = render(report, output_format)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    if output_format != "html":
        disposition = "attachment" if output_format in ("pdf", "docx") else "inline"
        response["Content-Disposition"] = (
            f'{disposition}; filename="{file_name(report, output_format)}"'
        )
    return response
