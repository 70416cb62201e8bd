"""Finding public news and the followers to tell, selected by state so any run catches up.

A run (beat's, every minute, or the fast path for one request after a commit) does three steps:

1. every public request without a publication announcement gets one
   (``one_publication_per_request``);
2. every event of a told kind, recorded on a public request after its publication, without an
   announcement, gets one (``one_announcement_per_event``);
3. every announcement not yet fanned out, taken with ``SKIP LOCKED``, gets one email row per
   follower (``one_follow_notice_per_person``), which the task then queues (``tasks.py``).

A missed run is caught up by the next; a doubled or concurrent one inserts nothing twice. A
request made public by a bare UPDATE (no signal) is found by step 1 all the same.

Beat's run reads in step 2 only the events recorded since the last complete run began, less
``LATE_COMMIT_MARGIN`` (``NewsSweep``): an event recorded earlier was read by that run, or came
before its request's publication and is never news. A run after beat was down for days reads
the days it missed.
"""

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Exists, Max, Model, OuterRef, QuerySet

from requests_tracker.following.models import (
    Announcement,
    AnnouncementKind,
    Follow,
    FollowKind,
    FollowNotice,
    NewsSweep,
)
from requests_tracker.information_requests.models import (
    InformationRequest,
    TimelineEvent,
    Visibility,
)
from requests_tracker.information_requests.status import EventKind
from requests_tracker.search.indexing import reindex_many
from requests_tracker.search.queries import published_matches

# The events a follower is told of: what the body did, or failed to do, and what the requester
# did about it. Notes, recomputations, emails and unclassified replies are not news.
TOLD_EVENT_KINDS = (
    EventKind.SUBMITTED,
    EventKind.REGISTERED,
    EventKind.EXTENDED,
    EventKind.FORWARDED,
    EventKind.CLARIFICATION_REQUESTED,
    EventKind.CLARIFICATION_PROVIDED,
    EventKind.ANSWERED,
    EventKind.PARTIALLY_ANSWERED,
    EventKind.REFUSED,
    EventKind.OVERDUE,
    EventKind.WITHDRAWN,
)
BATCH_SIZE = 500
# Longer than any transaction that records an event lasts: one that began before a run and
# committed after it is still read by the next.
LATE_COMMIT_MARGIN = timedelta(hours=1)
SWEEP = "news"
M = TypeVar("M", bound=Model)
# A follower's own follows of one announcement: the email names the closest.
PRIORITY = {FollowKind.REQUEST: 0, FollowKind.BODY: 1, FollowKind.SEARCH: 2}


def gather_news(*, now: datetime, request_ids: Collection[int] | None = None) -> list[int]:
    """Record the news (of ``request_ids`` only, when given; else beat's run over every
    request) and the emails it makes; returns the ids of the email rows queued."""
    announce_publications(now=now, request_ids=request_ids)
    if request_ids is None:
        announce_events(now=now, since=_events_since())
    else:
        announce_events(now=now, request_ids=request_ids)
    queued: list[int] = []
    while True:
        taken, notice_ids = fan_out(now=now, request_ids=request_ids)
        if not taken:
            break
        queued += notice_ids
    if request_ids is None:
        _complete(started_at=now)
    return queued


def _events_since() -> datetime | None:
    """Where beat's run starts reading events: the last complete run's start, less the margin."""
    last = NewsSweep.objects.filter(name=SWEEP).values_list("started_at", flat=True).first()
    return None if last is None else last - LATE_COMMIT_MARGIN


def _complete(*, started_at: datetime) -> None:
    """Record a complete run; an older one finishing later does not move the mark back."""
    if not NewsSweep.objects.filter(name=SWEEP, started_at__lt=started_at).update(
        started_at=started_at
    ):
        NewsSweep.objects.bulk_create(
            [NewsSweep(name=SWEEP, started_at=started_at)], ignore_conflicts=True
        )


def _scoped(queryset: QuerySet[M], field: str, request_ids: Collection[int] | None) -> QuerySet[M]:
    return queryset if request_ids is None else queryset.filter(**{f"{field}__in": request_ids})


def announce_publications(*, now: datetime, request_ids: Collection[int] | None = None) -> int:
    """Step 1: a publication announcement for each public request without one."""
    created = 0
    while True:
        published = Announcement.objects.filter(
            kind=AnnouncementKind.PUBLISHED, information_request=OuterRef("pk")
        )
        ids = list(
            _scoped(
                InformationRequest.objects.filter(visibility=Visibility.PUBLIC), "pk", request_ids
            )
            .filter(~Exists(published))
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        if not ids:
            return created
        last_events = dict(
            TimelineEvent.objects.filter(information_request_id__in=ids)
            .values("information_request_id")
            .annotate(last=Max("id"))
            .values_list("information_request_id", "last")
        )
        Announcement.objects.bulk_create(
            [
                Announcement(
                    kind=AnnouncementKind.PUBLISHED,
                    information_request_id=pk,
                    events_through=last_events.get(pk) or 0,
                    created_at=now,
                )
                for pk in ids
            ],
            ignore_conflicts=True,
        )
        created += len(ids)


def announce_events(
    *,
    now: datetime,
    request_ids: Collection[int] | None = None,
    since: datetime | None = None,
) -> int:
    """Step 2: an announcement for each told event recorded after its request's publication
    (and, given ``since``, recorded since then)."""
    recent = {} if since is None else {"recorded_at__gte": since}
    created = 0
    while True:
        published_before = Announcement.objects.filter(
            kind=AnnouncementKind.PUBLISHED,
            information_request=OuterRef("information_request"),
            events_through__lt=OuterRef("pk"),
        )
        announced = Announcement.objects.filter(event=OuterRef("pk"))
        events = list(
            _scoped(
                TimelineEvent.objects.filter(
                    kind__in=TOLD_EVENT_KINDS,
                    information_request__visibility=Visibility.PUBLIC,
                    **recent,
                ),
                "information_request_id",
                request_ids,
            )
            .filter(Exists(published_before), ~Exists(announced))
            .order_by("pk")
            .values_list("pk", "information_request_id")[:BATCH_SIZE]
        )
        if not events:
            return created
        Announcement.objects.bulk_create(
            [
                Announcement(
                    kind=AnnouncementKind.EVENT,
                    information_request_id=request_id,
                    event_id=event_id,
                    created_at=now,
                )
                for event_id, request_id in events
            ],
            ignore_conflicts=True,
        )
        created += len(events)


@transaction.atomic
def fan_out(*, now: datetime, request_ids: Collection[int] | None = None) -> tuple[int, list[int]]:
    """Step 3, one batch: the emails of announcements not yet fanned out; returns how many
    announcements were taken and the ids of their unsent emails (to queue once committed).

    The batch is locked (``SKIP LOCKED``): a concurrent run takes the next announcements.
    """
    announcements = list(
        _scoped(
            Announcement.objects.filter(fanned_out_at=None), "information_request_id", request_ids
        )
        .select_related("information_request")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("created_at", "pk")[:BATCH_SIZE]
    )
    if not announcements:
        return 0, []
    notices = [
        FollowNotice(
            recipient_id=follow.user_id,
            follow=follow,
            announcement=announcement,
            language=follow.user.preferred_language,
            created_at=now,
            next_attempt_at=now,
        )
        for announcement, follow in _followers(announcements)
    ]
    FollowNotice.objects.bulk_create(notices, ignore_conflicts=True)
    Announcement.objects.filter(pk__in=[item.pk for item in announcements]).update(
        fanned_out_at=now
    )
    ids = FollowNotice.objects.filter(
        announcement__in=announcements, sent_at=None, failed_at=None
    ).values_list("pk", flat=True)
    return len(announcements), list(ids)


def _followers(announcements: list[Announcement]) -> list[tuple[Announcement, Follow]]:
    """(announcement, follow) for each follower to tell: one follow per follower, the closest."""
    request_ids = {item.information_request_id for item in announcements}
    published = [item for item in announcements if item.kind == AnnouncementKind.PUBLISHED]
    body_ids = {item.information_request.public_body_id for item in published}
    active = (
        Follow.objects.select_related("user").filter(user__is_active=True).exclude(user__email="")
    )
    by_request: dict[int, list[Follow]] = {}
    for follow in active.filter(kind=FollowKind.REQUEST, information_request_id__in=request_ids):
        assert follow.information_request_id is not None
        by_request.setdefault(follow.information_request_id, []).append(follow)
    by_body: dict[int, list[Follow]] = {}
    if published:
        for follow in active.filter(kind=FollowKind.BODY, public_body_id__in=body_ids):
            assert follow.public_body_id is not None
            by_body.setdefault(follow.public_body_id, []).append(follow)
    matching: dict[int, list[Follow]] = {}
    if published:
        searches: dict[str, list[Follow]] = {}
        for follow in active.filter(kind=FollowKind.SEARCH):
            searches.setdefault(follow.target_key, []).append(follow)
        published_ids = [item.information_request_id for item in published]
        if searches:
            # The search's document of a request just published may still be waiting for the
            # commit's reindexing in the web process: built here, so a match is never missed.
            reindex_many(published_ids)
        for follows in searches.values():
            for request_id in published_matches(follows[0].search_params, published_ids):
                matching.setdefault(request_id, []).extend(follows)
    pairs = []
    for announcement in announcements:
        request = announcement.information_request
        candidates = list(by_request.get(request.pk, []))
        if announcement.kind == AnnouncementKind.PUBLISHED:
            candidates += by_body.get(request.public_body_id, [])
            candidates += matching.get(request.pk, [])
        chosen: dict[int, Follow] = {}
        for follow in sorted(
            candidates, key=lambda item: (PRIORITY[FollowKind(item.kind)], item.pk)
        ):
            chosen.setdefault(follow.user_id, follow)
        pairs += [(announcement, follow) for follow in chosen.values()]
    return pairs
