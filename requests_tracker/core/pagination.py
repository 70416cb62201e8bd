"""Pagination: the API's (DRF), and the list pages' (one page read in SQL, a capped count).

Kept apart from views: DRF imports ``Pagination`` while its own generics load.

A list page reads one page of rows with ``LIMIT``/``OFFSET`` plus one row to know whether a next
page exists, and counts at most ``LIST_COUNT_LIMIT`` rows: past that the page says "more than",
so a list of a million rows costs no more to show than one of ten thousand. A list that no one
ordered queryset reads well (the organisation's dashboard) is a ``Listing``: it reads its window
and counts its rows its own way.
"""

from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination

T = TypeVar("T")


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a list: its rows, its number, and the rows counted (capped)."""

    object_list: list[T]
    number: int
    per_page: int
    count: int  # every row, or ``count_limit`` when there are more
    count_is_capped: bool  # there are more than ``count`` rows
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def num_pages(self) -> int | None:
        """The pages there are; None when the count is capped (no one pages that far)."""
        if self.count_is_capped:
            return None
        return max(1, -(-self.count // self.per_page))

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


class Listing(Protocol[T]):
    """A list that no single ordered queryset reads well, read a window at a time."""

    def rows(self, start: int, stop: int) -> list[T]:
        """The rows from ``start`` to ``stop`` (excluded), in the list's order."""
        ...

    def count(self, limit: int) -> int:
        """The number of rows, counted up to ``limit`` at most."""
        ...


def page_number(value: Any) -> int:
    """The page asked for: a positive number, else the first page."""
    text = str(value or "")
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return 1
    return max(1, int(text))


def list_page_size() -> int:
    return int(settings.LIST_PAGE_SIZE)


def page_of(
    queryset: QuerySet[Any] | Listing[Any],
    *,
    number: Any,
    per_page: int | None = None,
    count_limit: int | None = None,
) -> ListPage[Any]:
    """Page ``number`` of ``queryset`` (already ordered), read in SQL; a page past the end
    shows the last one."""
    size = per_page or list_page_size()
    limit = count_limit if count_limit is not None else int(settings.LIST_COUNT_LIMIT)
    wanted = page_number(number)
    rows = _rows(queryset, wanted, size)
    if wanted == 1 and len(rows) <= size:
        # The whole list is on the first page: counted without another query.
        return ListPage(rows, 1, size, len(rows), count_is_capped=False, has_next=False)
    counted = _count(queryset, limit + 1)
    capped = counted > limit
    if not rows and not capped:
        wanted = max(1, -(-counted // size))
        rows = _rows(queryset, wanted, size)
    return ListPage(
        rows[:size],
        wanted,
        size,
        min(counted, limit),
        count_is_capped=capped,
        has_next=len(rows) > size,
    )


def _rows(queryset: QuerySet[Any] | Listing[Any], number: int, size: int) -> list[Any]:
    start = (number - 1) * size
    if isinstance(queryset, QuerySet):
        return list(queryset[start : start + size + 1])
    return queryset.rows(start, start + size + 1)


def _count(queryset: QuerySet[Any] | Listing[Any], limit: int) -> int:
    if isinstance(queryset, QuerySet):
        # Only the primary keys, without the order or the annotations it sorts by: the cheapest.
        return queryset.order_by().values("pk")[:limit].count()
    return queryset.count(limit)
