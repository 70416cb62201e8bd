"""Sending alerts from the worker: the fast path on commit, and beat's sweep of due alerts.

No Celery retries: a failed attempt is recorded on the alert with its next attempt, and the sweep
tries it again from the database, so a broker outage or a long SMTP outage delays, never loses.
"""

from celery import shared_task
from django.utils import timezone

from requests_tracker.core.outbox import enqueue_each_quietly
from requests_tracker.notifications.sending import send_alert, send_due_alerts


@shared_task(acks_late=True)
def send_alert_task(alert_id: int) -> None:
    """Send one alert if due; a redelivered or repeated task sends nothing twice."""
    send_alert(alert_id=alert_id)


@shared_task(acks_late=True)
def send_alerts_task(alert_ids: list[int]) -> None:
    """Fan a batch out into one send task per alert, so that the worker's processes share it."""
    # On one connection; if the broker goes away meanwhile, the sweep sends the rest.
    enqueue_each_quietly(send_alert_task, [(alert_id,) for alert_id in alert_ids])


@shared_task(acks_late=True)
def send_due_alerts_task() -> None:
    """Send every alert whose next attempt has come (beat, every minute)."""
    send_due_alerts(now=timezone.now())
