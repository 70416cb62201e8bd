"""Published requests, without the requester's personal data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from requests_tracker.core.pagination import page_of
from requests_tracker.information_requests.models import (
    DeadlineState,
    InformationRequest,
    Visibility,
)
from requests_tracker.information_requests.status import EventKind


def public_requests(request: HttpRequest) -> HttpResponse:
    """Published requests, newest first, a page at a time, with only the columns shown."""
    published = (
        InformationRequest.objects.filter(visibility=Visibility.PUBLIC)
        .select_related("public_body")
        .only(
            "id",
            "subject",
            "status",
            "public_body__slug",
            *(f"public_body__name_{language}" for language in ("ru", "kk", "en")),
        )
        .order_by("-created_at", "-pk")
    )
    page = page_of(published, number=request.GET.get("page"))
    return render(
        request,
        "information_requests/public_list.html",
        {"requests": page.object_list, "page": page, "query": ""},
    )


def public_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A published request without the requester's personal data."""
    information_request = get_object_or_404(
        InformationRequest.objects.select_related("public_body"),
        pk=pk,
        visibility=Visibility.PUBLIC,
    )
    return render(
        request,
        "information_requests/public_detail.html",
        {
            "information_request": information_request,
            "events": information_request.events.exclude(kind=EventKind.NOTE),
            "deadline": information_request.deadlines.filter(is_legal_deadline=True)
            .exclude(state=DeadlineState.SUPERSEDED)
            .first(),
        },
    )
