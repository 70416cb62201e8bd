"""The public search's query, reduced to what following a saved search needs (interim).

``published_matches(params, request_ids)``: the ids among ``request_ids`` that the public search
with these GET parameters (``q``, ``body``, ``body_kind``, ``region``, ``law``, ``status``,
``year``) finds. This version matches every word of ``q`` in the subject or the questions
(case-insensitive) and applies the filters exactly; the full-text search replaces it.
"""

from collections.abc import Collection, Mapping

from django.db.models import Q

from requests_tracker.information_requests.models import InformationRequest, Visibility

PARAMETERS = ("q", "body", "body_kind", "region", "law", "status", "year")


def published_matches(params: Mapping[str, str], request_ids: Collection[int]) -> set[int]:
    """The published requests among ``request_ids`` that the search ``params`` finds."""
    found = InformationRequest.objects.filter(
        pk__in=list(request_ids), visibility=Visibility.PUBLIC
    )
    for word in str(params.get("q") or "").split():
        found = found.filter(Q(subject__icontains=word) | Q(text__icontains=word))
    if body := params.get("body"):
        found = found.filter(public_body__slug=body)
    if body_kind := params.get("body_kind"):
        found = found.filter(public_body__kind=body_kind)
    if region := params.get("region"):
        found = found.filter(public_body__region__code=region)
    if law := params.get("law"):
        found = found.filter(
            Q(legal_rules__instrument__code=law) | Q(legal_rules__rule_id=law)
        ).distinct()
    if status := params.get("status"):
        found = found.filter(status=status)
    if year := params.get("year"):
        if not str(year).isdigit():
            return set()
        found = found.filter(created_at__year=int(year))
    return set(found.values_list("pk", flat=True))
