"""Queuing alerts, and a person sending them again or giving up. Works on plain data: an alert's
``context``. Rendering and sending them, in the worker, is ``sending.py``.

An alert is an outbox row (``core/outbox.py``): queued on commit for the fast path, and tried
again by beat's sweep from the database until it is sent, refused for good, or a person stops.
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import transaction

from requests_tracker.core.outbox import enqueue_on_commit, not_being_sent
from requests_tracker.notifications.models import Alert
from requests_tracker.notifications.tasks import send_alerts_task


def request_links(request_id: int) -> dict[str, str]:
    """The addresses an alert about a request points to."""
    base = settings.SITE_URL.rstrip("/")
    return {
        "request_url": f"{base}/requests/{request_id}/",
        "next_step_url": f"{base}/requests/{request_id}/#next-step",
    }


def enqueue_alerts(alert_ids: Iterable[int]) -> None:
    """Send the alerts from a worker, once the transaction that created them has committed.

    One message carries the whole batch (10,000 single messages cost seconds in a sweep); the
    worker fans it out into one send task per alert. This is only the fast path: with the broker
    down nothing is raised, and beat's sweep sends the alerts from the database.
    """
    ids = list(alert_ids)
    if ids:
        enqueue_on_commit(send_alerts_task, ids)


@transaction.atomic
def send_alerts_again(*, alert_ids: Iterable[int], now: datetime) -> list[int]:
    """A person sends unsent alerts again: pending, due now, attempts counted afresh."""
    # One being sent right now is left to finish: made due again, another worker would send it
    # a second time.
    unsent = Alert.objects.filter(pk__in=list(alert_ids), sent_at__isnull=True)
    ids = not_being_sent(Alert, unsent.values_list("id", flat=True))
    Alert.objects.filter(pk__in=ids).update(failed_at=None, attempts=0, next_attempt_at=now)
    enqueue_alerts(ids)
    return ids


@transaction.atomic
def stop_trying_alerts(*, alert_ids: Iterable[int], now: datetime) -> int:
    """A person gives up on pending alerts: failed now. Those being sent are left to finish."""
    locked = list(
        Alert.objects.pending()
        .filter(pk__in=list(alert_ids))
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("id", flat=True)
    )
    return Alert.objects.filter(pk__in=not_being_sent(Alert, locked)).update(failed_at=now)
