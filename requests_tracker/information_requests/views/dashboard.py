"""The dashboard: my requests (or my organisation's), overdue first, with their deadlines."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from requests_tracker.access.requests import readable_request_parts, readable_requests
from requests_tracker.access.users import signed_in_user
from requests_tracker.core.pagination import page_of
from requests_tracker.information_requests.forms import DashboardFilterForm
from requests_tracker.information_requests.listing import (
    MergedRequests,
    dashboard_rows,
    in_dashboard_order,
)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My requests (or my organisation's), overdue first, then by their legal deadline, a page
    at a time."""
    user = signed_in_user(request)
    filters = DashboardFilterForm(request.GET or None)
    scope = request.GET.get("scope", "mine")
    number = request.GET.get("page")
    if scope == "organization":
        # Mine, or shared with one of my organisations: each part read by its own index.
        parts = readable_request_parts(user)
        if request.GET:
            parts = [filters.requests(part) for part in parts]
        page = page_of(MergedRequests(parts), number=number)
    else:
        queryset = readable_requests(user).filter(requester=user)
        if request.GET:
            queryset = filters.requests(queryset)
        page = page_of(in_dashboard_order(queryset), number=number)
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
