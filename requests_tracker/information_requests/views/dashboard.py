"""The dashboard: my requests (or my organisation's), overdue first, with their deadlines."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from requests_tracker.access.requests import readable_requests
from requests_tracker.access.users import signed_in_user
from requests_tracker.core.pagination import page_of
from requests_tracker.information_requests.forms import DashboardFilterForm
from requests_tracker.information_requests.listing import dashboard_rows, in_dashboard_order


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My requests (or my organisation's), overdue first, then by their legal deadline, a page
    at a time."""
    user = signed_in_user(request)
    filters = DashboardFilterForm(request.GET or None)
    scope = request.GET.get("scope", "mine")
    queryset = readable_requests(user)
    if scope != "organization":
        queryset = queryset.filter(requester=user)
    if request.GET:
        queryset = filters.requests(queryset)
    page = page_of(in_dashboard_order(queryset), number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "information_requests/dashboard.html",
        {
            "rows": dashboard_rows(page.object_list),
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "scope": scope,
        },
    )
