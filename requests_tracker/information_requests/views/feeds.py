"""The iCalendar feed address: ``/calendar/<token>.ics``, no login (the token is the secret)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.feeds import calendar_feed_for, render_calendar
from requests_tracker.information_requests.models import CalendarFeed


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    return HttpResponse(render_calendar(feed), content_type="text/calendar; charset=utf-8")


class CalendarFeedAddressSerializer(serializers.Serializer[Any]):
    url = serializers.URLField()


class CalendarFeedAddressView(APIView):
    """The signed-in user's private iCalendar address (created on first use)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=CalendarFeedAddressSerializer)
    def get(self, request: Request) -> Response:
        assert isinstance(request.user, User)  # IsAuthenticated
        feed = calendar_feed_for(request.user)
        url = settings.SITE_URL.rstrip("/") + reverse("calendar-feed", args=[feed.token])
        return Response(CalendarFeedAddressSerializer({"url": url}).data)
