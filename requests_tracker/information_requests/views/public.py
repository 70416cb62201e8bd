"""Published requests, without the requester's personal data (``public_version.py``)."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from requests_tracker.access.published import published_attachment_for
from requests_tracker.access.requests import public_request_for
from requests_tracker.access.requests import public_requests as published_requests
from requests_tracker.core.pagination import page_of
from requests_tracker.information_requests.models import DeadlineState, InformationRequest
from requests_tracker.information_requests.public_version import public_subject, public_version


def public_requests(request: HttpRequest) -> HttpResponse:
    """Published requests, newest first, a page at a time, their subjects redacted."""
    published = (
        published_requests()
        .select_related("public_body", "requester", "organization")
        .only(
            "id",
            "subject",
            "text",
            "status",
            "show_requester_name",
            "public_body__slug",
            *(f"public_body__name_{language}" for language in ("ru", "kk", "en")),
            "requester__first_name",
            "requester__last_name",
            "requester__email",
            "organization__postal_address",
        )
        .order_by("-created_at", "-pk")
    )
    page = page_of(published, number=request.GET.get("page"))
    rows = [
        (information_request, public_subject(information_request))
        for information_request in page.object_list
    ]
    return render(
        request,
        "information_requests/public_list.html",
        {"rows": rows, "requests": page.object_list, "page": page, "query": ""},
    )


def deadline_of(information_request: InformationRequest) -> object:
    return (
        information_request.deadlines.filter(is_legal_deadline=True)
        .exclude(state=DeadlineState.SUPERSEDED)
        .first()
    )


def public_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A published request with its correspondence, without the requester's personal data."""
    information_request = public_request_for(pk)
    return render(
        request,
        "information_requests/public_detail.html",
        {
            "information_request": information_request,
            "version": public_version(information_request),
            "deadline": deadline_of(information_request),
        },
    )


def public_attachment(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A file the public page publishes, as a download under its redacted name; 404 otherwise."""
    attachment = published_attachment_for(pk, file_pk)
    return FileResponse(
        attachment.evidence.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.evidence.content_type,
    )
