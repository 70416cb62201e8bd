"""Reads for an appeal's dashboard: one row per addressee, and the count of each status."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Prefetch

from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective.models import CollectiveAppeal
from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.information_requests.clock import days_left_for
from requests_tracker.information_requests.models import Deadline, DeadlineState
from requests_tracker.information_requests.status import Status


@dataclass(frozen=True)
class AddresseeRow:
    addressee_id: int
    public_body: PublicBody
    request_id: int | None
    status: Status | None
    legal_deadline: date | None
    days_left: int | None

    @property
    def status_label(self) -> str:
        return str(self.status.label) if self.status else ""


@dataclass(frozen=True)
class StatusCount:
    status: Status
    count: int
    percent: int  # of the addressees that became requests, for the width of the chart's bar

    @property
    def label(self) -> str:
        return str(self.status.label)


def addressee_rows(appeal: CollectiveAppeal, *, now: datetime) -> list[AddresseeRow]:
    """Each addressee with its request's status, legal deadline and the days left to it."""
    legal = Deadline.objects.filter(is_legal_deadline=True).exclude(state=DeadlineState.SUPERSEDED)
    addressees = appeal.addressees.select_related(
        "public_body__region",
        "public_body__jurisdiction",
        "information_request__public_body__jurisdiction",
    ).prefetch_related(
        Prefetch(
            "information_request__deadlines",
            queryset=legal.select_related("legal_rule").order_by("due_date", "id"),
            to_attr="legal_deadlines",
        )
    )
    rows = []
    calendars: dict[tuple[int, int, int], WorkingCalendar] = {}  # one per jurisdiction and years
    for addressee in addressees:
        information_request = addressee.information_request
        deadline = (
            next(iter(information_request.legal_deadlines), None)  # type: ignore[attr-defined]
            if information_request is not None
            else None
        )
        days_left = None
        # Days left while it runs, and (negative) days overdue once it has passed unanswered.
        if deadline is not None and deadline.state in (DeadlineState.RUNNING, DeadlineState.PASSED):
            deadline.information_request = information_request
            time_zone = ZoneInfo(addressee.public_body.jurisdiction.time_zone)
            days_left = days_left_for(
                deadline, today=now.astimezone(time_zone).date(), calendars=calendars
            )
        rows.append(
            AddresseeRow(
                addressee_id=addressee.pk,
                public_body=addressee.public_body,
                request_id=information_request.pk if information_request else None,
                status=Status(information_request.status) if information_request else None,
                legal_deadline=deadline.due_date if deadline else None,
                days_left=days_left,
            )
        )
    return rows


def status_counts(rows: list[AddresseeRow]) -> list[StatusCount]:
    """How many requests are in each status, in the order of the statuses, empty ones left out."""
    counts = dict.fromkeys(Status, 0)
    for row in rows:
        if row.status is not None:
            counts[row.status] += 1
    total = sum(counts.values())
    return [
        StatusCount(status, count, count * 100 // total if total else 0)
        for status, count in counts.items()
        if count
    ]
