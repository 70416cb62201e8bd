"""Atom feeds (Django's syndication framework): a follower's private one by its token, and the
public ones of a body and of a published request."""

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from requests_tracker.access.following import follow_feed_for_token
from requests_tracker.access.requests import public_request_for
from requests_tracker.bodies.models import PublicBody
from requests_tracker.following.feeds import body_news, followed_news, request_timeline
from requests_tracker.following.models import Announcement, AnnouncementKind
from requests_tracker.following.public import public_subject
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.status import EventKind


def news_title(item: Announcement) -> str:
    subject = public_subject(item.information_request)
    if item.kind == AnnouncementKind.PUBLISHED or item.event is None:
        return _("Published: %(subject)s") % {"subject": subject}
    return f"{EventKind(item.event.kind).label}: {subject}"


class NewsFeed(Feed):
    """Announcements as entries, each linking to its request's public page."""

    feed_type = Atom1Feed
    entries: list[Announcement] = []

    def items(self) -> list[Announcement]:
        return self.entries

    def item_title(self, item: Announcement) -> str:
        return news_title(item)

    def item_description(self, item: Announcement) -> str:
        body = item.information_request.public_body.name
        if item.event is not None:
            return f"{body} · {item.event.occurred_at:%d.%m.%Y}"
        return body

    def item_link(self, item: Announcement) -> str:
        return reverse("public-request", args=[item.information_request_id])

    def item_guid(self, item: Announcement) -> str:
        return f"{self.item_link(item)}#news-{item.pk}"

    def item_pubdate(self, item: Announcement) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Announcement) -> datetime:
        return item.created_at


class FollowedFeed(NewsFeed):
    def __init__(self, title: str, entries: list[Announcement]) -> None:
        self.title = title
        self.entries = entries

    def link(self) -> str:
        return reverse("following")


class BodyFeed(NewsFeed):
    def __init__(self, public_body: PublicBody) -> None:
        self.public_body = public_body
        self.title = public_body.name
        self.entries = body_news(public_body)

    def link(self) -> str:
        return reverse("body-page", args=[self.public_body.slug])


class RequestFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, information_request: InformationRequest) -> None:
        self.information_request = information_request
        self.title = public_subject(information_request)

    def link(self) -> str:
        return reverse("public-request", args=[self.information_request.pk])

    def items(self) -> list[TimelineEvent]:
        return request_timeline(self.information_request)

    def item_title(self, item: TimelineEvent) -> str:
        return str(EventKind(item.kind).label)

    def item_description(self, item: TimelineEvent) -> str:
        return f"{self.information_request.public_body.name} · {item.occurred_at:%d.%m.%Y}"

    def item_link(self, item: TimelineEvent) -> str:
        return self.link()

    def item_guid(self, item: TimelineEvent) -> str:
        return f"{self.link()}#event-{item.pk}"

    def item_pubdate(self, item: TimelineEvent) -> datetime:
        return item.occurred_at

    def item_updateddate(self, item: TimelineEvent) -> datetime:
        return item.recorded_at


def _render(feed: Feed, request: HttpRequest) -> HttpResponse:
    response: Any = feed(request)
    assert isinstance(response, HttpResponse)
    return response


@require_GET
def followed_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A follower's feed, in their language: a feed reader cannot choose one."""
    follow_feed = follow_feed_for_token(token)
    with translation.override(follow_feed.user.preferred_language):
        return _render(FollowedFeed(_("What I follow"), followed_news(follow_feed.user)), request)


@require_GET
def body_feed(request: HttpRequest, slug: str) -> HttpResponse:
    return _render(BodyFeed(get_object_or_404(PublicBody, slug=slug)), request)


@require_GET
def request_feed(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(RequestFeed(public_request_for(pk)), request)
