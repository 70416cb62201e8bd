"""What the Atom feeds hold: public news only, newest first.

The personal feed holds the news of everything a user follows; a body's feed the news of its
published requests; a request's feed its public timeline. News is what the sweep announced
(``news.py``), and only while its request is public.
"""

from django.db.models import Q, QuerySet

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.following.models import Announcement, AnnouncementKind, Follow, FollowKind
from requests_tracker.information_requests.models import (
    InformationRequest,
    TimelineEvent,
    Visibility,
)
from requests_tracker.information_requests.status import EventKind
from requests_tracker.search.queries import published_matches

FEED_SIZE = 50
# The publications a saved search is matched against, for the feed: the latest ones.
SEARCH_WINDOW = 200


def public_news() -> QuerySet[Announcement]:
    return (
        Announcement.objects.filter(information_request__visibility=Visibility.PUBLIC)
        .select_related("information_request__public_body", "event")
        .order_by("-created_at", "-id")
    )


def followed_news(user: User) -> list[Announcement]:
    """The latest news of the requests, bodies and searches ``user`` follows."""
    follows = Follow.objects.filter(user=user)
    wanted = Q(
        information_request_id__in=follows.filter(kind=FollowKind.REQUEST).values(
            "information_request_id"
        )
    ) | Q(
        kind=AnnouncementKind.PUBLISHED,
        information_request__public_body_id__in=follows.filter(kind=FollowKind.BODY).values(
            "public_body_id"
        ),
    )
    searches = list(follows.filter(kind=FollowKind.SEARCH).values_list("search_params", flat=True))
    if searches:
        latest = list(
            public_news()
            .filter(kind=AnnouncementKind.PUBLISHED)
            .values_list("information_request_id", flat=True)[:SEARCH_WINDOW]
        )
        matched: set[int] = set()
        for params in searches:
            matched |= published_matches(params, latest)
        wanted |= Q(kind=AnnouncementKind.PUBLISHED, information_request_id__in=matched)
    return list(public_news().filter(wanted)[:FEED_SIZE])


def body_news(public_body: PublicBody) -> list[Announcement]:
    return list(public_news().filter(information_request__public_body=public_body)[:FEED_SIZE])


def request_timeline(information_request: InformationRequest) -> list[TimelineEvent]:
    """The public page's timeline (every event but the notes), newest first."""
    return list(
        information_request.events.exclude(kind=EventKind.NOTE).order_by("-occurred_at", "-id")[
            :FEED_SIZE
        ]
    )
