"""The dashboard's order as stored fields: overdue first, then by the legal deadline.

The legal deadline of a request is its earliest legal deadline not superseded. Its due date is
stored on the request (``legal_due_date``) by the clock each time it writes deadlines, so that
the database orders a page of requests by an index instead of looking up every request's
deadlines: a first page costs the same for 2,000 requests as for 20,000.
"""

from django.db.models import (
    Case,
    F,
    IntegerField,
    OrderBy,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)

from requests_tracker.information_requests.models import Deadline, DeadlineState, InformationRequest
from requests_tracker.information_requests.status import Status


def legal_deadlines() -> QuerySet[Deadline]:
    """Legal deadlines not superseded, earliest first: the first of a request's is its own."""
    return (
        Deadline.objects.filter(is_legal_deadline=True)
        .exclude(state=DeadlineState.SUPERSEDED)
        .order_by("due_date", "id")
    )


def store_legal_due_dates(requests: QuerySet[InformationRequest]) -> int:
    """Store on each of ``requests`` the due date of its legal deadline (None without one)."""
    return requests.update(
        legal_due_date=Subquery(
            legal_deadlines().filter(information_request=OuterRef("pk")).values("due_date")[:1]
        )
    )


def overdue_rank() -> Case:
    """0 for an overdue request, 1 for any other: overdue ones come first."""
    return Case(
        When(status=Status.OVERDUE, then=Value(0)), default=Value(1), output_field=IntegerField()
    )


def dashboard_order() -> tuple[Case | OrderBy, ...]:
    """Overdue first, then by the legal deadline (requests without one last), newest first."""
    return (overdue_rank(), F("legal_due_date").asc(nulls_last=True), F("id").desc())
