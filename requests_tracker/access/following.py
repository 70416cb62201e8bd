"""Who may follow what, and the token links that need no sign-in.

A request is followed by whoever may read it in full (``requests.readable_requests``) or, once
published, by anyone signed in; any other request is a 404, as if it did not exist. Bodies and
searches are public. The personal Atom feed and the unsubscribe link are read by their token
alone (a feed reader and a mail client cannot sign in): a wrong token is a 404, and the feed of a
deactivated account too. Followers are told only public news (``following/news.py``).
"""

from typing import Any

from django.shortcuts import get_object_or_404

from requests_tracker.access.requests import public_requests, readable_requests
from requests_tracker.following.models import Follow, FollowFeed
from requests_tracker.information_requests.models import InformationRequest


def request_to_follow(user: Any, pk: int) -> InformationRequest:
    """The request if ``user`` may follow it; a 404 otherwise."""
    followable = readable_requests(user) | public_requests().filter(pk=pk)
    return get_object_or_404(followable.select_related("public_body"), pk=pk)


def follow_feed_for_token(token: str) -> FollowFeed:
    return get_object_or_404(
        FollowFeed.objects.select_related("user").filter(user__is_active=True), token=token
    )


def follow_for_unsubscribe_token(token: str) -> Follow:
    return get_object_or_404(Follow.objects.select_related("user"), unsubscribe_token=token)
