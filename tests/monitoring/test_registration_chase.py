"""Chasing the registration: one alert per submission left unregistered past its registration day.

The working-day arithmetic, by hand (Kazakhstan, 2026):
- submitted Friday 27 February: registered that day; from Monday 2 March, ask for the number;
- submitted Saturday 28 February: registered Monday 2 March; chased from Tuesday 3 March;
- submitted Friday 6 March, on the eve of 8 March (a Sunday, so Monday 9 March is the day off in
  its place): registered Friday 6 March; chased from Tuesday 10 March.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import Jurisdiction
from requests_tracker.laws.selectors import working_calendar
from requests_tracker.monitoring.registration_chase import (
    chase_from,
    registration_day,
    sweep_registration_chases,
    unregistered_since,
)
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.sending import render_alert
from tests.factories import UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=ALMATY)


def submitted(
    on: datetime, *, language: str = "ru", rule: str = "KZ.ATI.11.response"
) -> tuple[InformationRequest, TimelineEvent]:
    requester = UserFactory.create(preferred_language=language, first_name="Айгерим", last_name="")
    information_request = make_request(rule_ids=(rule,), created_at=on, requester=requester)
    event = record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=on,
        recorded_by=requester,
        data={"channel": "e_otinish"},
    )
    return information_request, event


@pytest.mark.parametrize(
    ("received", "registered", "chased"),
    [
        (date(2026, 2, 27), date(2026, 2, 27), date(2026, 3, 2)),  # a Friday
        (date(2026, 2, 28), date(2026, 3, 2), date(2026, 3, 3)),  # a Saturday
        (date(2026, 3, 6), date(2026, 3, 6), date(2026, 3, 10)),  # the eve of 8 March
    ],
)
def test_the_registration_day_and_the_chase_follow_the_working_days(
    received: date, registered: date, chased: date
) -> None:
    calendar = working_calendar(jurisdiction=Jurisdiction.objects.get(code="KZ"), years=(2026,))
    assert registration_day(received, calendar) == registered
    assert chase_from(received, calendar) == chased


def test_a_submission_on_a_friday_is_chased_once_on_monday(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # given: submitted through e-Otinish on Friday 27 February, nothing registered
    information_request, event = submitted(at(2, 27))

    # when: the sweep runs late on Friday, on Sunday, then on Monday morning, then again
    friday = sweep_registration_chases(now=at(2, 27, 23))
    sunday = sweep_registration_chases(now=at(3, 1, 12))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        monday = sweep_registration_chases(now=at(3, 2, 0))
    again = sweep_registration_chases(now=at(3, 2, 9))

    # then: one alert, due at once, on Monday; the second Monday run adds none
    assert (friday, sunday, again) == ([], [], [])
    alert = Alert.objects.get()
    assert monday == [alert.pk]
    assert len(callbacks) == 1
    assert (alert.kind, alert.dedupe_key, alert.language) == (
        AlertKind.REGISTRATION_CHASE,
        f"registration-chase:{event.pk}",
        "ru",
    )
    assert alert.next_attempt_at == at(3, 2, 0)
    assert alert.recipient == information_request.requester
    subject, text, _html = render_alert(alert)
    assert subject == f"Нет регистрационного номера: {information_request.subject}"
    assert "подан в орган" in text
    assert "27.02.2026" in text


def test_the_alert_is_in_the_requesters_language() -> None:
    information_request, _event = submitted(at(2, 27), language="kk")
    sweep_registration_chases(now=at(3, 2, 9))
    alert = Alert.objects.get()
    subject, _text, _html = render_alert(alert)
    assert alert.language == "kk"
    assert subject == f"Тіркеу нөмірі жоқ: {information_request.subject}"


def test_no_alert_when_the_registration_was_recorded_in_time() -> None:
    # given: registered on the Friday it was received
    information_request, _event = submitted(at(2, 27))
    record_event(
        information_request=information_request,
        kind=EventKind.REGISTERED,
        occurred_at=at(2, 27, 15),
        recorded_by=information_request.requester,
        data={"registration_number": "ЖТ-2026-00042", "registered_on": "2026-02-27"},
    )

    # when / then
    assert sweep_registration_chases(now=at(3, 10)) == []
    assert Alert.objects.count() == 0
    assert unregistered_since(information_request, now=at(3, 10)) is None


def test_no_alert_for_a_rule_whose_clock_does_not_start_at_registration() -> None:
    # The Mass Media Law counts from receipt: the registration number changes no deadline.
    submitted(at(2, 27), rule="KZ.MEDIA.36.response")
    assert sweep_registration_chases(now=at(3, 10)) == []


def test_the_unique_key_refuses_a_second_chase_of_one_submission() -> None:
    # given
    submitted(at(2, 27))
    sweep_registration_chases(now=at(3, 2, 9))
    first = Alert.objects.get()

    # when / then: a second alert with the key cannot be written
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(
            recipient=first.recipient,
            kind=AlertKind.REGISTRATION_CHASE,
            dedupe_key=first.dedupe_key,
            language="ru",
            created_at=at(3, 2, 9),
        )


def test_batches_cover_every_submission_once() -> None:
    # given: five submissions, the sweep taking two at a time
    for _ in range(5):
        submitted(at(2, 27))

    # when
    first = sweep_registration_chases(now=at(3, 2, 9), batch_size=2)
    second = sweep_registration_chases(now=at(3, 2, 10), batch_size=2)

    # then
    assert (len(first), second) == (5, [])
    assert Alert.objects.filter(kind=AlertKind.REGISTRATION_CHASE).count() == 5


def _queries_to_chase(submissions: int) -> int:
    for _ in range(submissions):
        submitted(at(2, 27))
    with CaptureQueriesContext(connection) as queries:
        sweep_registration_chases(now=at(3, 2, 9))
    Alert.objects.filter(kind=AlertKind.REGISTRATION_CHASE).delete()
    TimelineEvent.objects.filter(kind=EventKind.SUBMITTED).delete()
    return len(queries)


def test_the_sweep_reads_one_calendar_per_jurisdiction_and_year_whatever_the_batch() -> None:
    # given / when: a batch of 3 submissions and one of 12, all in Kazakhstan in 2026
    few, many = _queries_to_chase(3), _queries_to_chase(12)

    # then: the same queries for both (no calendar query per submission)
    assert many == few


def test_the_request_page_shows_the_chase_until_the_registration_is_recorded(
    client: Client, time_machine: Any
) -> None:
    # given
    information_request, _event = submitted(at(2, 27))
    requester: User = information_request.requester
    client.force_login(requester)
    url = reverse("request-detail", args=[information_request.pk])

    # when / then: nothing on Friday; from Monday the notice
    time_machine.move_to(at(2, 27, 18), tick=False)
    assert 'id="registration-chase"' not in client.get(url).content.decode()
    time_machine.move_to(at(3, 2, 9), tick=False)
    html = client.get(url).content.decode()
    assert "Регистрация не записана с 27.02.2026" in html

    # when the registration is recorded, the notice goes
    record_event(
        information_request=information_request,
        kind=EventKind.REGISTERED,
        occurred_at=at(3, 2, 9),
        recorded_by=requester,
        data={"registration_number": "ЖТ-1", "registered_on": "2026-03-02"},
    )
    assert 'id="registration-chase"' not in client.get(url).content.decode()
