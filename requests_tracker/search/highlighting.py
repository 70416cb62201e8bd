"""Snippets of the results with the words found marked: ``ts_headline`` on PostgreSQL, the
fallback's own marking elsewhere. Either way the text is HTML-escaped and only ``<mark>`` added.

``ts_headline`` marks with two private-use characters, never in a document (they are taken out
of the text first), which become ``<mark>`` and ``</mark>`` once the rest is escaped. It is given
the query's own tsquery (``queries.tsquery``), so a Kazakh inflection found is marked too.
"""

from collections.abc import Collection

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from requests_tracker.search import fallback
from requests_tracker.search.models import SearchDocument
from requests_tracker.search.queries import Column, tsquery, uses_fallback

START, STOP = "\ue000", "\ue001"
OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, ShortWord=2"


def _marked(headline: str) -> SafeString:
    return mark_safe(escape(headline).replace(START, "<mark>").replace(STOP, "</mark>"))


def headlines(
    request_ids: Collection[int],
    *,
    text: str,
    column: Column,
    force_fallback: bool | None = None,
) -> dict[int, SafeString]:
    """The snippet of each document among ``request_ids``, marked for the query ``text``."""
    if not request_ids:
        return {}
    documents = SearchDocument.objects.filter(information_request_id__in=list(request_ids))
    if uses_fallback(force_fallback) or not text.strip():
        return {
            request_id: mark_safe(fallback.highlight(body, text))
            for request_id, body in documents.values_list(
                "information_request_id", f"{column}_text"
            )
        }
    query, params = tsquery(text)
    sql = f"""
        SELECT information_request_id,
               ts_headline('russian', translate({column}_text, %s, ''), {query}, %s)
          FROM search_searchdocument
         WHERE information_request_id = ANY(%s)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [START + STOP, *params, OPTIONS, list(request_ids)])
        return {request_id: _marked(headline) for request_id, headline in cursor.fetchall()}
