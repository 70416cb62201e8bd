"""A calendar feed is read by its token alone (calendar apps cannot sign in): a wrong token, or
the token of a deactivated account, is a 404. The feed holds only its owner's own deadlines
(``information_requests.feeds.feed_deadlines``), a part of what the owner may read."""

from django.shortcuts import get_object_or_404

from requests_tracker.information_requests.models import CalendarFeed


def feed_for_token(token: str) -> CalendarFeed:
    return get_object_or_404(
        CalendarFeed.objects.select_related("user").filter(user__is_active=True), token=token
    )
