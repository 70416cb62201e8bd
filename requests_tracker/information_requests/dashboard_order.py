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


def dashboard_rank() -> Case:
    """Overdue requests first, then the others, each with a legal deadline before those without.

    The rank itself, not ``NULLS LAST``, puts the requests without a legal deadline last: SQLite
    orders NULL first and its indexes take no ``NULLS LAST``; the index ``dashboard_order`` (on
    the model) repeats this expression.
    """
    return Case(
        When(status=Status.OVERDUE, legal_due_date__isnull=False, then=Value(0)),
        When(status=Status.OVERDUE, then=Value(1)),
        When(legal_due_date__isnull=False, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def dashboard_order() -> tuple[Case | OrderBy | str, ...]:
    """Overdue first, then by the legal deadline (requests without one last), newest first."""
    return (dashboard_rank(), "legal_due_date", F("id").desc())
