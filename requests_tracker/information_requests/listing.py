"""The dashboard's rows: requests in its order, read a page at a time.

The order ("overdue first, then by legal deadline", newest first among equals) is computed by the
database from stored fields: the request's status and the due date of its legal deadline, stored
on it (``dashboard_order.py``) and kept in that order by an index. Only the page's rows are then
completed with their deadline, their days left and their badge, each in one query for the whole
page, so a page costs the same number of queries whatever the number of requests, and days are
counted for the rows shown only.

A list that is the union of parts, like the organisation view (mine, or shared with one of my
organisations), is read as ``MergedRequests``: each part's first rows by its own index, merged.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.information_requests.clock.replies import unclassified_reply_events
from requests_tracker.information_requests.dashboard_order import dashboard_order, legal_deadlines
from requests_tracker.information_requests.days_left import DaysLeft, counts_days, days_left_of
from requests_tracker.information_requests.models import Deadline, InformationRequest

# The columns a dashboard row shows, and those its days left are counted from.
REQUEST_COLUMNS = (
    "id",
    "subject",
    "status",
    *(f"public_body__name_{language}" for language in ("ru", "kk", "en")),
    "public_body__jurisdiction",
)
DEADLINE_COLUMNS = (
    "id",
    "information_request_id",
    "legal_rule__unit",
    "kind",
    "state",
    "start_date",
    "nominal_date",
    "due_date",
    "ends_at",
)


@dataclass(frozen=True)
class DashboardRow:
    information_request: InformationRequest
    deadline: Deadline | None
    days_left: DaysLeft | None
    reply_to_classify: bool = False  # a reply received and not yet classified


def in_dashboard_order(queryset: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    """``queryset`` overdue first, then by the due date of the legal deadline (requests without
    one last), then newest first; with only the columns a row shows."""
    return (
        queryset.select_related("public_body__jurisdiction")
        .only(*REQUEST_COLUMNS)
        .order_by(*dashboard_order())
    )


@dataclass(frozen=True)
class MergedRequests:
    """The requests of any of ``parts`` (which may overlap), in dashboard order, each once.

    No single index orders an OR of two columns, so the database would sort every row the
    union holds to show the first fifty. Each part instead filters on one value of the column
    that leads an index in dashboard order (``dashboard_order`` for a requester,
    ``dashboard_shared_order`` for an organisation), so its first rows are read from its index
    under a ``LIMIT``; only those are merged and sorted: a window costs its size times the
    parts, whatever the number of requests.
    """

    parts: Sequence[QuerySet[InformationRequest]]

    def rows(self, start: int, stop: int) -> list[InformationRequest]:
        # A row among the first ``stop`` of the union is among the first ``stop`` of its part;
        # ``IN`` takes a request found in two parts once.
        firsts = [part.order_by(*dashboard_order()).values("pk")[:stop] for part in self.parts]
        merged = InformationRequest.objects.filter(pk__in=_union_all(firsts))
        return list(in_dashboard_order(merged)[start:stop])

    def count(self, limit: int) -> int:
        # Part after part, each without the rows of those before, until ``limit``. A part is
        # counted only while those before hold fewer than ``limit`` rows, so the rows it skips
        # as counted already are fewer than ``limit``: it reads under ``2 * limit`` rows,
        # whatever the number of requests.
        counted = 0
        seen: list[QuerySet[InformationRequest]] = []
        for part in self.parts:
            if counted >= limit:
                break
            unseen = part.order_by()
            for earlier in seen:
                unseen = unseen.exclude(pk__in=earlier.values("pk"))
            counted += unseen.values("pk")[: limit - counted].count()
            seen.append(part.order_by())
        return counted


def _union_all(parts: Sequence[QuerySet[Any, Any]]) -> QuerySet[Any, Any]:
    """``UNION ALL`` of ``parts``; one part alone is itself."""
    first, *others = parts
    return first.union(*others, all=True) if others else first


def body_today(information_request: InformationRequest) -> date:
    """Today in the time zone of the request's body, the day its deadlines count in."""
    time_zone = ZoneInfo(information_request.public_body.jurisdiction.time_zone)
    return timezone.now().astimezone(time_zone).date()


def dashboard_rows(requests: Iterable[InformationRequest]) -> list[DashboardRow]:
    """The rows of one page of requests, in the order given: three queries whatever the page
    size (legal deadlines, replies to classify, and a calendar per jurisdiction shown)."""
    page = list(requests)
    by_id = {information_request.pk: information_request for information_request in page}
    legal: dict[int, Deadline] = {}
    for found in (
        legal_deadlines()
        .filter(information_request_id__in=by_id)
        .select_related("legal_rule")
        .only(*DEADLINE_COLUMNS)
    ):
        if found.information_request_id not in legal:
            found.information_request = by_id[found.information_request_id]
            legal[found.information_request_id] = found
    to_classify = set(
        unclassified_reply_events()
        .filter(information_request_id__in=by_id)
        .values_list("information_request_id", flat=True)
    )
    calendars: dict[tuple[int, int, int], WorkingCalendar] = {}  # built once per jurisdiction
    rows = []
    for information_request in page:
        deadline = legal.get(information_request.pk)
        # Days left while it runs, days overdue while the body stays silent past it.
        days_left = (
            days_left_of(deadline, today=body_today(information_request), calendars=calendars)
            if deadline is not None and counts_days(deadline, information_request)
            else None
        )
        rows.append(
            DashboardRow(
                information_request, deadline, days_left, information_request.pk in to_classify
            )
        )
    return rows
