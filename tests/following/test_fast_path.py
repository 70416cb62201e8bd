"""The fast path: a public event recorded, or a request saved public, queues the search for its
news once committed; private requests queue nothing. (Beat's sweep is the truth either way.)"""

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.core.outbox import enqueue_quietly
from requests_tracker.following.tasks import gather_request_news_task
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def news_searches(callbacks: list[Callable[[], Any]]) -> list[tuple[Any, ...]]:
    return [
        callback.args
        for callback in callbacks
        if isinstance(callback, partial) and callback.func is enqueue_quietly
    ]


@pytest.mark.parametrize(("visibility", "queued"), [("public", True), ("private", False)])
def test_an_event_on_a_public_request_queues_the_search_for_its_news_on_commit(
    django_capture_on_commit_callbacks: Any, visibility: str, queued: bool
) -> None:
    # given
    information_request = make_request(body_slug="police-kz-75")
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility=visibility)

    # when
    with django_capture_on_commit_callbacks() as callbacks:
        record_event(
            information_request=information_request,
            kind=EventKind.SUBMITTED,
            occurred_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
            recorded_by=information_request.requester,
        )

    # then
    expected = [(gather_request_news_task, information_request.pk)] if queued else []
    assert news_searches(callbacks) == expected


def test_a_request_saved_public_queues_the_search_for_its_news_on_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    information_request = make_request(body_slug="police-kz-75")

    with django_capture_on_commit_callbacks() as callbacks:
        information_request.visibility = "public"
        information_request.save(update_fields=["visibility"])

    assert news_searches(callbacks) == [(gather_request_news_task, information_request.pk)]
