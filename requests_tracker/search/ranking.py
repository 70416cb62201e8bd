"""The order of the results: best first among the newest matches, then the older ones.

Ranking reads every ranked document's ``tsvector``: for a common pair of words in a large archive
(a third of 100,000 requests) ranking every match costs most of a second (``bench/
search_archive.py``). So ``ts_rank_cd`` orders the ``RANK_WINDOW`` newest matches, best first,
and the older matches follow them, newest first. A query with fewer matches than the window is
ranked whole. The count is of every match (capped as every list's is). On the fallback, and with
no words, the order is newest first.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from requests_tracker.search.models import SearchDocument
from requests_tracker.search.queries import Column, tsquery, uses_fallback

RANK_WINDOW = 5000
# A page shows the request, its body and a snippet (read apart): never the texts themselves.
TEXTS = ("public_text", "private_text", "public_words", "private_words")


@dataclass(frozen=True)
class Rank:
    """``ts_rank_cd`` of ``column``'s vector for the tsquery ``query`` (SQL and parameters)."""

    column: Column
    query: str
    params: list[str]


@dataclass(frozen=True)
class RankedSearch:
    """A ``core.pagination.Listing`` of the matches ``found``, in the order above."""

    found: QuerySet[SearchDocument]
    rank: Rank | None
    related: tuple[str, ...] = ("information_request", "body")

    def _newest(self) -> QuerySet[SearchDocument]:
        return self.found.order_by("-pk")

    def _ranked_ids(self, rank: Rank, start: int, stop: int) -> list[int]:
        # The window's ids and vectors in one statement, ranked outside it: the vectors are
        # read once, as the scan finds them.
        window = (
            self._newest()
            .annotate(window_vector=RawSQL(f"{rank.column}_vector", []))
            .values_list("pk", "window_vector")[:RANK_WINDOW]  # selected AS "pk"
        )
        sql, params = window.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT pk FROM ({sql}) AS window_matches
                     ORDER BY ts_rank_cd(window_vector, {rank.query}) DESC, pk DESC
                     LIMIT %s OFFSET %s""",
                [*params, *rank.params, stop - start, start],
            )
            return [row[0] for row in cursor.fetchall()]

    def rows(self, start: int, stop: int) -> list[SearchDocument]:
        newest = self._newest().select_related(*self.related).defer(*TEXTS)
        if self.rank is None:
            return list(newest[start:stop])
        rows: list[SearchDocument] = []
        if start < RANK_WINDOW:
            ids = self._ranked_ids(self.rank, start, min(stop, RANK_WINDOW))
            by_id = SearchDocument.objects.select_related(*self.related).defer(*TEXTS).in_bulk(ids)
            rows.extend(by_id[pk] for pk in ids)
        if stop > RANK_WINDOW:
            rows.extend(newest[max(start, RANK_WINDOW) : stop])
        return rows

    def count(self, limit: int) -> int:
        return self.found.order_by().values("pk")[:limit].count()


def ranked(
    found: QuerySet[SearchDocument],
    *,
    text: str,
    column: Column,
    force_fallback: bool | None = None,
) -> RankedSearch:
    """``found`` (matches of ``text`` in ``column``) as a listing in the order above."""
    if not text.strip() or uses_fallback(force_fallback):
        return RankedSearch(found, rank=None)
    query, params = tsquery(text)
    return RankedSearch(found, rank=Rank(column, query, params))
