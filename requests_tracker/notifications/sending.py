"""Rendering and sending alerts, in the worker: one alert, or beat's sweep of the due ones.

Each attempt is recorded on the alert: a transient failure waits for its next attempt, a permanent
refusal fails it at once; a link that acts (a password reset) is blanked once sent.
"""

import logging
from datetime import date, datetime
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from requests_tracker.core.models import OutboxQuerySet
from requests_tracker.core.outbox import Connection, describe, send_one, sweep
from requests_tracker.core.retry import is_permanent, next_attempt_at
from requests_tracker.notifications.models import Alert

logger = logging.getLogger(__name__)
# Context values that act (a password-reset link): blanked once the alert is sent or expires.
SECRET_KEYS = frozenset({"link"})


def render_alert(alert: Alert) -> tuple[str, str, str]:
    """Subject, text and HTML of the alert, in the recipient's language."""
    context: dict[str, Any] = dict(alert.context)
    if "due_date" in context:
        context["due_date"] = date.fromisoformat(context["due_date"])
    with translation.override(alert.language):
        text = render_to_string(f"notifications/{alert.kind}.{alert.language}.txt", context)
        subject, _blank, body = text.partition("\n\n")
        html = render_to_string(
            "notifications/alert.html",
            {**context, "subject": subject.strip(), "paragraphs": body.strip().split("\n\n")},
        )
    return subject.strip(), body.strip() + "\n", html


def due_alerts(*, now: datetime) -> OutboxQuerySet:
    """The alerts to try now: pending, their next attempt come, the longest waiting first."""
    return Alert.objects.due(now=now).order_by("next_attempt_at", "id")


def send_alert(*, alert_id: int, now: datetime | None = None) -> bool:
    """Send one alert if it is due and no other worker holds it; record the attempt.

    True when sent now. The worker holds the alert alone (``core.outbox.sending``), and no row is
    locked while the SMTP server answers (locking the recipient too once made the alerts of one
    person skip each other). An alert held by another worker is left to that worker, which sends
    it or records when to try again.
    """
    due = due_alerts(now=now or timezone.now()).select_related("recipient")
    # None: sent, given up, not due yet, or being sent by another worker.
    return send_one(due, alert_id, lambda alert: attempt_alert(alert, None)) is True


def send_due_alerts(*, now: datetime) -> int:
    """Beat's sweep: send every due alert, batch by batch; returns how many were sent."""
    return sweep(due=lambda: due_alerts(now=now).select_related("recipient"), attempt=attempt_alert)


def attempt_alert(alert: Alert, connection: Connection | None) -> bool:
    """Send one alert this worker holds (outside any transaction); on failure record the error
    and when to try again. True if sent.

    A transient failure never gives up by itself; a permanent refusal (5xx) fails the alert. A
    link that expires (a password reset) is not sent once expired, and is cleared once sent.
    """
    alert.attempts += 1
    alert.last_attempt_at = timezone.now()
    fields = [
        "attempts",
        "last_attempt_at",
        "last_error",
        "sent_at",
        "failed_at",
        "next_attempt_at",
    ]
    expires_at = alert.context.get("expires_at")
    if expires_at and datetime.fromisoformat(expires_at) <= alert.last_attempt_at:
        alert.failed_at = alert.last_attempt_at
        alert.last_error = "The link expired before it could be sent."
        alert.context = _without_secrets(alert.context)
        alert.save(update_fields=[*fields, "context"])
        return False
    try:
        subject, text, html = render_alert(alert)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[alert.recipient.email])
        message.attach_alternative(html, "text/html")
        if connection is not None:
            message.connection = connection.backend
        message.send()
    except Exception as error:  # recorded on the row: the sweep is the retry
        alert.last_error = describe(error)
        if is_permanent(error):
            alert.failed_at = alert.last_attempt_at
        else:
            alert.next_attempt_at = next_attempt_at(
                attempts=alert.attempts, failed_at=alert.last_attempt_at
            )
        alert.save(update_fields=fields)
        logger.warning("alert %s attempt %s failed: %s", alert.pk, alert.attempts, error)
        return False
    alert.sent_at = alert.last_attempt_at
    alert.last_error = ""
    if SECRET_KEYS & alert.context.keys():
        alert.context = _without_secrets(alert.context)
        fields.append("context")
    alert.save(update_fields=fields)
    return True


def _without_secrets(context: dict[str, Any]) -> dict[str, Any]:
    """The context with its links that act (a password reset) blanked: the mailbox has them."""
    return {key: "" if key in SECRET_KEYS else value for key, value in context.items()}
