"""The request page: its deadlines with their computation and days left, and its timeline."""

from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation

from requests_tracker.deadlines.trace import render_trace
from requests_tracker.information_requests.clock import days_left_for
from requests_tracker.information_requests.models import DeadlineState, InformationRequest
from requests_tracker.information_requests.status import Status


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    information_request = get_object_or_404(
        InformationRequest.objects.select_related(
            "public_body__jurisdiction", "public_body__superior_body", "requester"
        ),
        pk=pk,
    )
    if not information_request.is_visible_to(request.user):
        raise Http404  # the same answer as for a request that does not exist
    language = (translation.get_language() or "ru")[:2]
    time_zone = ZoneInfo(information_request.public_body.jurisdiction.time_zone)
    today = timezone.now().astimezone(time_zone).date()
    deadlines = [
        {
            "deadline": deadline,
            "rule_title": deadline.legal_rule.title,
            "trace": render_trace(deadline.trace_steps(), language),
            "days_left": days_left_for(deadline, today=today)
            if deadline.state == DeadlineState.RUNNING
            else None,
        }
        for deadline in information_request.deadlines.select_related("legal_rule").order_by(
            "-is_legal_deadline", "state", "due_date", "id"
        )
    ]
    return render(
        request,
        "information_requests/detail.html",
        {
            "information_request": information_request,
            "deadlines": deadlines,
            "events": information_request.events.select_related("recorded_by"),
            "needs_next_step": information_request.status in (Status.OVERDUE, Status.REFUSED),
            "superior_body": information_request.public_body.superior_body,
        },
    )
