"""The iCalendar feed address: ``/calendar/<token>.ics``, no login (the token is the secret)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from requests_tracker.information_requests.feeds import render_calendar
from requests_tracker.information_requests.models import CalendarFeed


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    return HttpResponse(render_calendar(feed), content_type="text/calendar; charset=utf-8")
