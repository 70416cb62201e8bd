"""The sweep and a reply not yet classified: a reply stops no clock by itself, but one received
before the deadline ended may be the answer, so no silence is recorded for it and the requester
is asked, once, to classify it. A reply after the deadline changes nothing."""

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.information_requests.models import (
    DeadlineState,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.sweep import sweep_deadlines
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.sending import send_due_alerts
from tests.factories import UserFactory, make_request
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def inbox(settings: SettingsWrapper) -> Iterator[Inbox]:
    settings.SITE_URL = "https://tracker.example.org"
    port = send_mail_to_local_smtp(settings)
    with smtp_server(port) as received:
        yield received


def submitted_media_request() -> InformationRequest:
    """A Mass Media Law request received Monday 2 March 2026: due Tuesday 10 March (5 WD)."""
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",),
        created_at=at(3, 2),
        requester=UserFactory(
            username="aigerim", email="aigerim@example.org", preferred_language="en"
        ),
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2, 11),
        recorded_by=information_request.requester,
    )
    return information_request


def reply(information_request: InformationRequest, moment: datetime) -> TimelineEvent:
    """A reply filed from the body's email, as ingest files it: not yet classified."""
    return record_event(
        information_request=information_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=moment,
        recorded_by=None,
        data={"from": "kense@police.example.kz", "subject": "Re: Статистика обращений"},
    )


def silence() -> tuple[int, int]:
    return (
        TimelineEvent.objects.filter(kind=EventKind.OVERDUE).count(),
        Violation.objects.filter(category="silence").count(),
    )


def test_a_reply_before_the_deadline_holds_back_the_silence_and_asks_once_to_classify(
    inbox: Inbox,
) -> None:
    # given: a reply arrived on the last day, 10 March at 15:00, and nobody classified it
    information_request = submitted_media_request()
    reply(information_request, at(3, 10, 15))

    # when: the sweep runs five minutes after the last day ended
    report = sweep_deadlines(now=at(3, 11, 0, 5))

    # then: no overdue, no silence; one alert asks the requester to classify the reply
    assert (report.passed, report.replies_to_classify) == (0, 1)
    assert silence() == (0, 0)
    information_request.refresh_from_db()
    assert information_request.status == Status.SUBMITTED
    deadline = information_request.deadlines.get()
    assert deadline.state == DeadlineState.RUNNING
    [alert] = Alert.objects.all()
    assert (alert.kind, alert.dedupe_key) == (
        AlertKind.REPLY_TO_CLASSIFY,
        f"deadline:{deadline.pk}:reply_to_classify",
    )
    # and the alert sender really delivers it
    with time_machine.travel(at(3, 11, 0, 6), tick=False):
        assert send_due_alerts(now=at(3, 11, 0, 6)) == 1
    [message] = inbox.messages
    assert message["To"] == "aigerim@example.org"
    assert str(message["Subject"]).strip() == "A reply to classify: Статистика обращений"
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert (
        'The deadline of your request "Статистика обращений" to Police Department of Almaty '
        "ended on 10.03.2026, and a reply that arrived before it is not yet classified."
    ) in text

    # when: the sweep runs again the next days
    later = sweep_deadlines(now=at(3, 12))
    sweep_deadlines(now=at(3, 20))

    # then: nothing more: still no silence, and no second alert
    assert (later.passed, later.replies_to_classify) == (0, 0)
    assert silence() == (0, 0)
    assert Alert.objects.count() == 1


def test_once_the_reply_is_classified_the_clock_follows_it() -> None:
    # given: the sweep held back the silence for a reply received on 10 March
    information_request = submitted_media_request()
    reply(information_request, at(3, 10, 15))
    sweep_deadlines(now=at(3, 11, 0, 5))

    # when: the requester reads it and records that the body refused, on the day it arrived
    record_event(
        information_request=information_request,
        kind=EventKind.REFUSED,
        occurred_at=at(3, 10, 15),
        recorded_by=information_request.requester,
        data={"ground": "Статья 201 УПК"},
    )
    sweep_deadlines(now=at(3, 11, 9))

    # then: answered in time, so never a silence
    assert information_request.deadlines.get(kind="response").state == DeadlineState.MET
    assert silence() == (0, 0)


def test_a_reply_after_the_deadline_does_not_stop_the_silence() -> None:
    # given: the deadline ended on 10 March; the reply came on 11 March at 9:00, before the sweep
    information_request = submitted_media_request()
    reply(information_request, at(3, 11, 9))

    # when
    report = sweep_deadlines(now=at(3, 11, 10))

    # then: the silence is recorded as without a reply, and nobody is asked to classify
    assert (report.passed, report.replies_to_classify) == (1, 0)
    assert silence() == (1, 1)
    information_request.refresh_from_db()
    assert information_request.status == Status.OVERDUE
    assert not Alert.objects.filter(kind=AlertKind.REPLY_TO_CLASSIFY).exists()
