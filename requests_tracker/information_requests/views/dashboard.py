"""The dashboard: my requests (or my organisation's), overdue first, with their deadlines."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from requests_tracker.access.requests import readable_requests
from requests_tracker.access.users import signed_in_user
from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.information_requests.clock.replies import unclassified_reply_events
from requests_tracker.information_requests.days_left import DaysLeft, counts_days, days_left_of
from requests_tracker.information_requests.forms import DashboardFilterForm
from requests_tracker.information_requests.models import Deadline, DeadlineState, InformationRequest
from requests_tracker.information_requests.status import Status


def body_today(information_request: InformationRequest) -> date:
    """Today in the time zone of the request's body, the day its deadlines count in."""
    time_zone = ZoneInfo(information_request.public_body.jurisdiction.time_zone)
    return timezone.now().astimezone(time_zone).date()


@dataclass(frozen=True)
class DashboardRow:
    information_request: InformationRequest
    deadline: Deadline | None
    days_left: DaysLeft | None
    reply_to_classify: bool = False  # a reply received and not yet classified

    @property
    def sort_key(self) -> tuple[int, date, int]:
        overdue = self.information_request.status == Status.OVERDUE
        due = self.deadline.due_date if self.deadline else date.max
        return (0 if overdue else 1 if self.deadline else 2, due, -self.information_request.pk)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My requests (or my organisation's), overdue first, then by their legal deadline."""
    user = signed_in_user(request)
    filters = DashboardFilterForm(request.GET or None)
    scope = request.GET.get("scope", "mine")
    queryset = readable_requests(user)
    if scope != "organization":
        queryset = queryset.filter(requester=user)
    queryset = queryset.select_related("public_body__jurisdiction").prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.select_related("legal_rule"))
    )
    if request.GET:
        queryset = filters.requests(queryset)
    to_classify = set(
        unclassified_reply_events()
        .filter(information_request__in=queryset.values("pk"))
        .values_list("information_request_id", flat=True)
    )
    rows = []
    calendars: dict[tuple[int, int, int], WorkingCalendar] = {}  # built once per jurisdiction
    for information_request in queryset:
        legal = next(
            (
                d
                for d in information_request.deadlines.all()
                if d.is_legal_deadline and d.state != DeadlineState.SUPERSEDED
            ),
            None,
        )
        # Days left while it runs, days overdue while the body stays silent past it.
        days_left = (
            days_left_of(legal, today=body_today(information_request), calendars=calendars)
            if legal is not None and counts_days(legal, information_request)
            else None
        )
        rows.append(
            DashboardRow(
                information_request, legal, days_left, information_request.pk in to_classify
            )
        )
    rows.sort(key=lambda row: row.sort_key)
    return render(
        request,
        "information_requests/dashboard.html",
        {"rows": rows, "filters": filters, "scope": scope},
    )
