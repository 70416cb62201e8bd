"""Two worker processes send 4,000 alerts to one person: each arrives once, none is skipped.

Locking an alert used to lock its recipient's row too (``select_related`` in a locking query),
so the other process found the alerts of the same person locked, skipped them and counted them
sent. Only the alert's row is locked now.
"""

import os
from collections import Counter
from collections.abc import Callable

import pytest

from requests_tracker.notifications.models import Alert
from tests.factories import UserFactory
from tests.faults.conftest import Processes, alert_numbers, due_alerts, web_process_broker
from tests.smtp import free_port, smtp_server
from tests.workers import wait_for

ALERTS = 4000
pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_worker_processes_send_4000_alerts_to_one_person_exactly_once(
    redis_broker_url: str, processes: Callable[[str, int], Processes]
) -> None:
    # given: two worker processes on one broker, no beat (no sweep to catch a skipped alert)
    smtp_port = free_port()
    celery = processes(redis_broker_url, smtp_port)
    celery.worker("first", "--pool", "solo")
    celery.worker("second", "--pool", "solo")

    with smtp_server(smtp_port) as inbox:
        # when: 4,000 alerts to one person fall due, queued on commit
        with web_process_broker(redis_broker_url):
            due_alerts(ALERTS, recipient=UserFactory.create(username="dana"))

        # then: all arrive
        def all_sent() -> bool | None:
            return not Alert.objects.filter(sent_at__isnull=True).exists() or None

        done = wait_for(all_sent, timeout=150, every=1)
        wait_for(lambda: None, timeout=2)
        numbers = alert_numbers(inbox)

    assert done, celery.logs()
    repeated = [number for number, times in Counter(numbers).items() if times > 1]
    assert repeated == []
    assert len(numbers) == ALERTS
    assert sorted(numbers) == [f"alert-{number:05d}" for number in range(ALERTS)]
    # and: both processes took a share of the sends
    shares = [celery.succeeded(name, "send_alert_task") for name in ("first", "second")]
    assert sum(shares) >= ALERTS
    assert min(shares) > 0, shares
