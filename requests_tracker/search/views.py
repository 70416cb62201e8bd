"""The public search page: published requests matching words and filters, with snippets."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from requests_tracker.core.pagination import page_of
from requests_tracker.information_requests.public_version import public_subject
from requests_tracker.search.highlighting import headlines
from requests_tracker.search.params import SearchParams
from requests_tracker.search.queries import public_search
from requests_tracker.search.ranking import ranked


def public_search_page(request: HttpRequest) -> HttpResponse:
    """Published requests matching ``q`` and the filters, best first, a page at a time. An
    invalid filter is named on the page, with no results."""
    params = SearchParams(request.GET or None)
    results: list[dict[str, object]] = []
    page = None
    if params.is_bound and params.is_valid():
        text = params.cleaned_data["q"]
        documents = ranked(public_search(params.cleaned_data), text=text, column="public")
        page = page_of(documents, number=request.GET.get("page"))
        ids = [document.information_request_id for document in page.object_list]
        snippets = headlines(ids, text=text, column="public")
        results = [
            {
                "information_request": document.information_request,
                "subject": public_subject(document.information_request),
                "body": document.body,
                "snippet": snippets.get(document.information_request_id, ""),
            }
            for document in page.object_list
        ]
    query = request.GET.copy()
    query.pop("page", None)
    status = 400 if params.is_bound and not params.is_valid() else 200
    return render(
        request,
        "search/results.html",
        {"params": params, "results": results, "page": page, "query": query.urlencode()},
        status=status,
    )
