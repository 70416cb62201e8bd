"""Beat's search for news reads only the events recorded since its last complete run began,
less an hour for transactions that committed late, so its cost follows what is new rather than
the archive's size; a run after beat was down reads every day it missed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from requests_tracker.following.models import Announcement, NewsSweep
from requests_tracker.following.news import gather_news
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=ALMATY)


def published_request() -> InformationRequest:
    """A request to the Almaty police, submitted at 08:00 on 2 March, published and found by
    beat at 09:00."""
    information_request = make_request(body_slug="police-kz-75")
    with time_machine.travel(at(2, 8), tick=False):
        record_event(
            information_request=information_request,
            kind=EventKind.SUBMITTED,
            occurred_at=at(2, 8),
            recorded_by=information_request.requester,
        )
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility="public")
    with time_machine.travel(at(2, 9), tick=False):
        gather_news(now=timezone.now())
    return information_request


def answered(information_request: InformationRequest, *, recorded: datetime) -> TimelineEvent:
    with time_machine.travel(recorded, tick=False):
        return record_event(
            information_request=information_request,
            kind=EventKind.ANSWERED,
            occurred_at=recorded - timedelta(hours=1),
            recorded_by=information_request.requester,
        )


def beat(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        gather_news(now=timezone.now())


def told_events() -> list[int]:
    return sorted(
        Announcement.objects.filter(event__isnull=False).values_list("event_id", flat=True)
    )


def test_each_complete_run_records_when_it_began() -> None:
    # given
    published_request()

    # when: beat runs at 09:01
    beat(at(2, 9, 1))

    # then
    assert list(NewsSweep.objects.values_list("name", "started_at")) == [("news", at(2, 9, 1))]


def test_an_event_whose_transaction_committed_after_a_run_began_is_told_by_the_next() -> None:
    # given: an answer recorded at 09:59 whose transaction commits only after the 10:00 run
    # has read the events (so that run did not see it)
    information_request = published_request()
    beat(at(2, 10))
    event = answered(information_request, recorded=at(2, 9, 59))

    # when: the 10:01 run reads from 09:00 (10:00 less an hour)
    beat(at(2, 10, 1))

    # then
    assert told_events() == [event.pk]


def test_after_beat_was_down_for_three_days_its_next_run_reads_them_all() -> None:
    # given: beat's last run at 09:00 on 2 March; answers recorded on 3 and 4 March
    first = published_request()
    second = published_request()
    events = [answered(first, recorded=at(3, 12)), answered(second, recorded=at(4, 18))]

    # when: beat is back at 09:00 on 5 March
    beat(at(5, 9))

    # then
    assert told_events() == sorted(event.pk for event in events)


def test_an_event_recorded_before_the_margin_is_not_read_again_by_beat() -> None:
    # given: beat ran at 09:00 on 2 March; an answer whose row says it was recorded at 07:00
    # (before that run less the margin: that run had read it, were it not for this test)
    information_request = published_request()
    old = answered(information_request, recorded=at(2, 7))

    # when: the 09:05 run reads from 08:00
    beat(at(2, 9, 5))

    # then: beat left it unread; the fast path of its request, which reads every event of that
    # request, tells of it
    assert told_events() == []
    with time_machine.travel(at(2, 9, 6), tick=False):
        gather_news(now=timezone.now(), request_ids=[information_request.pk])
    assert told_events() == [old.pk]
