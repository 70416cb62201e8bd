"""Update by a row's own id: a row whose ``row_id`` is already recorded corrects that violation.

A second import of a corrected file changes the rows that differ and creates none. Only the columns
the file has are compared and written (a file without ``description`` leaves descriptions alone),
and what no import sets (the victim's consent, the review, the links to a request) is kept. A
row that would change a verified or published violation is refused: it goes back to draft first,
so nothing published changes without a second look.
"""

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from requests_tracker.monitoring.models import ReviewState, Violation
from requests_tracker.monitoring.recording import NewViolation

# Row ids a query, where they go as an IN list (the rows locked, and SQLite's): SQLite takes at
# most 999 parameters in one; PostgreSQL many more, and each query costs a round trip.
CHUNK = {"sqlite": 500}
CHUNK_ELSEWHERE = 5000
# The columns that are a field of their own name; ``body`` and ``region`` set both places.
_PLACE = ("public_body_id", "region_id")


def updated_fields(columns: Collection[str]) -> tuple[str, ...]:
    """The fields an update writes, for a file with these columns."""
    names = {name for name in NewViolation.__dataclass_fields__ if name not in _PLACE}
    fields = [column for column in columns if column in names and column != "row_id"]
    if {"body", "region"} & set(columns):
        fields += _PLACE
    return tuple(sorted(fields))


@dataclass(frozen=True)
class Stored:
    pk: int
    review_state: str
    values: dict[str, Any]

    def changes(self, new: NewViolation, fields: Iterable[str]) -> list[str]:
        """The fields whose value ``new`` changes."""
        return [name for name in fields if getattr(new, name) != self.values[name]]

    def refusal(self, new: NewViolation, fields: Iterable[str]) -> str | None:
        """Why ``new`` may not correct this violation, or None."""
        if self.review_state == ReviewState.DRAFT or not self.changes(new, fields):
            return None
        return _(
            "row id “%(row_id)s” is violation #%(id)d, which is %(state)s: return it to draft "
            "before importing a correction"
        ) % {
            "row_id": new.row_id,
            "id": self.pk,
            "state": ReviewState(self.review_state).label,
        }


def stored_by_row_id(
    row_ids: Collection[str], fields: Iterable[str], *, lock: bool = False
) -> dict[str, Stored]:
    """The violations recorded with these row ids, with the values of ``fields``.

    On PostgreSQL the ids that are only read go as one array parameter, in one query (a list of
    ten thousand parameters costs Django and psycopg more than the query itself); those locked,
    and any elsewhere, as ``IN`` lists in chunks."""
    names = ["id", "row_id", "review_state", *fields]
    found: dict[str, Stored] = {}
    for queryset in _by_row_id(sorted(row_ids), lock=lock):
        for row in queryset.order_by("id").values(*names):
            found[row["row_id"]] = Stored(
                pk=row["id"], review_state=row["review_state"], values=row
            )
    return found


def _by_row_id(ordered: list[str], *, lock: bool) -> Iterator[QuerySet[Violation]]:
    vendor = connections[Violation.objects.db].vendor
    if vendor == "postgresql" and not lock:
        yield Violation.objects.filter(row_id__in=RawSQL("SELECT unnest(%s::text[])", (ordered,)))
        return
    chunk = CHUNK.get(vendor, CHUNK_ELSEWHERE)
    for start in range(0, len(ordered), chunk):
        queryset = Violation.objects.filter(row_id__in=ordered[start : start + chunk])
        yield queryset.select_for_update(of=("self",)) if lock else queryset
