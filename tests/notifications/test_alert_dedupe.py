"""One alert per cause: its ``dedupe_key`` is unique in the database, and the sweep, meeting an
alert for a cause it has already alerted, adds none (a doubled beat run, or a mark lost)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from requests_tracker.information_requests.models import Deadline
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.sweep import sweep_deadlines
from requests_tracker.notifications.models import Alert, AlertKind
from tests.factories import UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")
# 5 March 2026, 00:05: two working days before the deadline of 10 March, the reminder's day.
REMINDER_SWEEP = datetime(2026, 3, 5, 0, 5, tzinfo=ALMATY)
pytestmark = pytest.mark.django_db


def reminded_request() -> Deadline:
    """A Mass Media Law request received Monday 2 March 2026 (due 10 March), swept on 5 March."""
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",),
        created_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY),
        requester=UserFactory(preferred_language="en"),
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    sweep_deadlines(now=REMINDER_SWEEP)
    return Deadline.objects.get(information_request=information_request, is_legal_deadline=True)


def test_the_database_refuses_a_second_alert_for_the_same_cause() -> None:
    # given: the reminder of a deadline
    deadline = reminded_request()
    first = Alert.objects.get()
    assert first.dedupe_key == f"deadline:{deadline.pk}:deadline_soon"

    # when: another alert names the same cause
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(
            recipient=first.recipient,
            kind=AlertKind.DEADLINE_SOON,
            dedupe_key=first.dedupe_key,
            language="en",
            created_at=REMINDER_SWEEP,
            next_attempt_at=REMINDER_SWEEP,
            context={},
        )

    # then: the first alert is the only one
    assert list(Alert.objects.values_list("id", "dedupe_key")) == [(first.pk, first.dedupe_key)]


def test_a_sweep_that_meets_the_alert_of_a_cause_already_alerted_adds_none() -> None:
    # given: the reminder sent once, then the deadline's mark lost (as if the sweep's mark had
    # not been saved, or two sweeps had taken the same deadline)
    deadline = reminded_request()
    first = Alert.objects.get()
    Deadline.objects.filter(pk=deadline.pk).update(reminded_at=None)

    # when: the sweep runs again an hour later
    report = sweep_deadlines(now=datetime(2026, 3, 5, 1, 5, tzinfo=ALMATY))

    # then: the deadline is reminded again, but its one alert stays the only one, unchanged
    assert report.reminders == 1
    assert report.alerts == [first.pk]
    assert list(Alert.objects.values_list("id", "kind", "dedupe_key", "created_at")) == [
        (first.pk, "deadline_soon", f"deadline:{deadline.pk}:deadline_soon", REMINDER_SWEEP)
    ]
