"""Rendering and sending alerts. Works on plain data: an alert's ``context``."""

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from requests_tracker.notifications.models import Alert

MAX_ATTEMPTS = 6


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
    worker fans it out into one retrying send task per alert.
    """
    from requests_tracker.notifications.tasks import send_alerts_task

    ids = list(alert_ids)
    if ids:
        # on_commit + delay is Celery's delay_on_commit, which celery-types does not know yet.
        transaction.on_commit(partial(send_alerts_task.delay, ids))


def render_alert(alert: Alert) -> tuple[str, str, str]:
    """Subject, text and HTML of the alert, in the recipient's language."""
    context: dict[str, Any] = {
        **alert.context,
        "due_date": date.fromisoformat(alert.context["due_date"]),
    }
    with translation.override(alert.language):
        text = render_to_string(f"notifications/{alert.kind}.{alert.language}.txt", context)
        subject, _blank, body = text.partition("\n\n")
        html = render_to_string(
            "notifications/alert.html",
            {**context, "subject": subject.strip(), "paragraphs": body.strip().split("\n\n")},
        )
    return subject.strip(), body.strip() + "\n", html


def send_alert(*, alert_id: int) -> bool:
    """Send one alert unless it was sent already; record the attempt. True when sent now.

    The row stays locked while the message goes out, so two workers never send the same alert.
    A failure is recorded (attempts, last error) and raised again for the task to retry.
    """
    with transaction.atomic():
        alert = (
            Alert.objects.pending()
            .select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(id=alert_id)
            .first()
        )
        if alert is None:  # already sent, given up, or being sent by another worker
            return False
        subject, text, html = render_alert(alert)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[alert.recipient.email])
        message.attach_alternative(html, "text/html")
        alert.attempts += 1
        alert.last_attempt_at = timezone.now()
        failure: Exception | None = None
        try:
            message.send()
        except Exception as error:  # recorded here, raised below once the record is saved
            failure = error
            alert.last_error = f"{type(error).__name__}: {error}"
            if alert.attempts >= MAX_ATTEMPTS:
                alert.failed_at = alert.last_attempt_at
        else:
            alert.sent_at = alert.last_attempt_at
            alert.last_error = ""
        alert.save(
            update_fields=["attempts", "last_attempt_at", "last_error", "sent_at", "failed_at"]
        )
    if failure is not None:
        raise failure
    return True
