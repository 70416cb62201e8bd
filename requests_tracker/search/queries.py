"""The search: the public one over published requests, and a journalist's over their own.

On PostgreSQL a document matches when its ``tsvector`` matches the words as a web search
(``websearch_to_tsquery``, ``russian`` OR ``simple``), or, for plain words among which a Kazakh
one (``words.is_kazakh``), when every word matches, a Kazakh one as itself or as one of the
indexed Kazakh words trigram-close to it (``SearchWord``, pg_trgm's ``<%``): Russian stemming
does not reach Kazakh endings ("әкімдік" finds "әкімдігі"). One tsquery, one GIN index read.
Results are ranked by ``ts_rank_cd`` (``ranking.py``). Elsewhere ``fallback.py`` matches whole
words, and finds the same requests for a whole-word query.

``published_matches`` is the contract with the saved searches: keep its name and signature.
"""

from collections.abc import Collection, Mapping
from typing import Any, Literal

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from requests_tracker.information_requests.models import Visibility
from requests_tracker.search import fallback
from requests_tracker.search.models import SearchDocument
from requests_tracker.search.params import SearchParams
from requests_tracker.search.words import is_kazakh, words_of

Column = Literal["public", "private"]
TSQUERY = "(websearch_to_tsquery('russian', %s) || websearch_to_tsquery('simple', %s))"
WORD_TSQUERY = "(plainto_tsquery('russian', %s) || plainto_tsquery('simple', %s))"
OPERATORS = ('"', "-", " or ")
MAX_VARIANTS = 50


def uses_fallback(force_fallback: bool | None = None) -> bool:
    if force_fallback is not None:
        return force_fallback
    return connection.vendor != "postgresql"


def plain_words(text: str) -> list[str] | None:
    """The words of a query without web-search operators (quotes, ``-``, ``or``), else None."""
    folded = f" {text.casefold()} "
    if any(operator in folded for operator in OPERATORS):
        return None
    return words_of(text)


def kazakh_variants(word: str) -> list[str]:
    """``word`` and the indexed Kazakh words trigram-close to it (``word <% variant``): its
    inflections, which Russian stemming does not reach."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM search_searchword WHERE %s <%% word"
            " ORDER BY word_similarity(%s, word) DESC, word LIMIT %s",
            [word, word, MAX_VARIANTS],
        )
        found = [row[0] for row in cursor.fetchall()]
    return [word, *(variant for variant in found if variant != word)]


def tsquery(text: str) -> tuple[str, list[str]]:
    """The tsquery of ``text`` as SQL and its parameters: the web search (Russian stems or
    whole words), or, for plain words among which a Kazakh one, every word matched (a Kazakh
    one by any of its variants)."""
    sql, params = TSQUERY, [text, text]
    words = plain_words(text)
    if words and any(is_kazakh(word) for word in words):
        parts = []
        for word in words:
            if is_kazakh(word):
                parts.append("to_tsquery('simple', %s)")
                params.append(" | ".join(f"'{variant}'" for variant in kazakh_variants(word)))
            else:
                parts.append(WORD_TSQUERY)
                params.extend((word, word))
        sql = f"({sql} || ({' && '.join(parts)}))"
    return sql, params


def matching(
    documents: QuerySet[SearchDocument],
    *,
    text: str,
    column: Column,
    force_fallback: bool | None = None,
) -> QuerySet[SearchDocument]:
    """The documents among ``documents`` whose ``column`` text matches ``text``, unordered
    (``ranking.ranked`` orders them)."""
    if not text.strip():
        return documents
    if uses_fallback(force_fallback):
        return documents.filter(fallback.condition(text, column))
    query, params = tsquery(text)
    # Unqualified: the documents' columns alone have these names, and the SQL also runs inside
    # subqueries, where Django aliases the table (U0).
    return documents.filter(
        RawSQL(f"{column}_vector @@ {query}", params, output_field=BooleanField())
    )


def filtered(
    documents: QuerySet[SearchDocument], data: Mapping[str, Any]
) -> QuerySet[SearchDocument]:
    """``documents`` narrowed by the checked filters of ``SearchParams``."""
    conditions = Q()
    if data.get("body") is not None:
        conditions &= Q(body=data["body"])
    if data.get("body_kind"):
        conditions &= Q(body_kind=data["body_kind"])
    if data.get("region"):
        conditions &= Q(region_code=data["region"])
    if data.get("law"):
        conditions &= Q(law_codes__contains=f" {data['law']} ")
    if data.get("status"):
        conditions &= Q(information_request__status=data["status"])  # live, as visibility
    if data.get("year") is not None:
        conditions &= Q(year=data["year"])
    return documents.filter(conditions)


def published_documents() -> QuerySet[SearchDocument]:
    """The documents of the published requests: visibility read from the request itself."""
    return SearchDocument.objects.filter(information_request__visibility=Visibility.PUBLIC)


def public_search(
    data: Mapping[str, Any], *, force_fallback: bool | None = None
) -> QuerySet[SearchDocument]:
    """The published requests' documents that the checked ``SearchParams`` data finds,
    unordered."""
    return matching(
        filtered(published_documents(), data),
        text=data.get("q") or "",
        column="public",
        force_fallback=force_fallback,
    )


def published_matches(params: Mapping[str, str], request_ids: Collection[int]) -> set[int]:
    """The ids among ``request_ids`` that the public search with these GET parameters (``q``,
    ``body``, ``body_kind``, ``region``, ``law``, ``status``, ``year``) finds; none when a
    parameter is invalid."""
    form = SearchParams(dict(params))
    if not form.is_valid() or not request_ids:
        return set()
    found = public_search(form.cleaned_data).filter(information_request_id__in=list(request_ids))
    return set(found.values_list("information_request_id", flat=True))


def private_matches(text: str, *, force_fallback: bool | None = None) -> QuerySet[Any, Any]:
    """The documents whose raw texts match ``text``, as ids to narrow a readable queryset:
    ``readable.filter(pk__in=private_matches(text))``. Never shown as such."""
    return matching(
        SearchDocument.objects.all(), text=text, column="private", force_fallback=force_fallback
    ).values("information_request_id")
