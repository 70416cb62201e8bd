"""Sending alerts from the worker, with retries; and a catch-up for alerts never enqueued."""

from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from requests_tracker.notifications.models import Alert
from requests_tracker.notifications.services import MAX_ATTEMPTS, enqueue_alerts, send_alert

STALE_AFTER = timedelta(minutes=10)


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=MAX_ATTEMPTS - 1,
    acks_late=True,
)
def send_alert_task(alert_id: int) -> None:
    """Send one alert; a redelivered or repeated task sends nothing twice."""
    send_alert(alert_id=alert_id)


@shared_task(acks_late=True)
def send_alerts_task(alert_ids: list[int]) -> None:
    """Fan a batch out into one send task per alert, so that each alert retries on its own."""
    for alert_id in alert_ids:
        send_alert_task.delay(alert_id)


@shared_task
def send_pending_alerts_task() -> None:
    """Enqueue alerts left unsent (the broker was down, a worker died): nothing is lost."""
    stale = timezone.now() - STALE_AFTER
    pending = (
        Alert.objects.pending().filter(created_at__lt=stale).exclude(last_attempt_at__gte=stale)
    )
    enqueue_alerts(pending.values_list("id", flat=True)[:5000])
