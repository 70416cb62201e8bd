"""The fast path: news of a request is looked for as soon as what made it is committed.

Only a speed-up: a request published by a bare UPDATE, or events inserted in bulk (the sweep's
overdue events), send no signal, and beat's run of ``news.gather_news`` finds them within a
minute. Nothing here writes; the task does, after the commit.
"""

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from requests_tracker.core.outbox import enqueue_quietly
from requests_tracker.following.news import TOLD_EVENT_KINDS
from requests_tracker.following.tasks import gather_request_news_task
from requests_tracker.information_requests.models import (
    InformationRequest,
    TimelineEvent,
    Visibility,
)


def look_for_news(information_request_id: int) -> None:
    """Look for the request's news once the current transaction commits (quietly)."""
    transaction.on_commit(
        partial(enqueue_quietly, gather_request_news_task, information_request_id)
    )


def _request_saved(sender: Any, instance: InformationRequest, **kwargs: Any) -> None:
    if instance.visibility == Visibility.PUBLIC:
        look_for_news(instance.pk)


def _event_saved(sender: Any, instance: TimelineEvent, created: bool, **kwargs: Any) -> None:
    # (The event's request is the one it was created with: no query.)
    if (
        created
        and instance.kind in TOLD_EVENT_KINDS
        and instance.information_request.visibility == Visibility.PUBLIC
    ):
        look_for_news(instance.information_request_id)


def connect() -> None:
    post_save.connect(_request_saved, sender=InformationRequest, dispatch_uid="following-request")
    post_save.connect(_event_saved, sender=TimelineEvent, dispatch_uid="following-event")
