"""Sending emails to bodies from the worker: the fast path on commit, and beat's sweep.

No Celery retries: a failed attempt is recorded on the row with its next attempt, and the sweep
tries it again from the database, so a broker outage or a long SMTP outage delays, never loses.
"""

from celery import shared_task
from django.utils import timezone

from requests_tracker.mail.sending import send_due_request_emails, send_request_email


@shared_task(acks_late=True)
def send_request_email_task(outgoing_id: int) -> None:
    """Send one queued email if due; a redelivered or repeated task sends nothing twice."""
    send_request_email(outgoing_id=outgoing_id)


@shared_task(acks_late=True)
def send_due_request_emails_task() -> None:
    """Send every email whose next attempt has come (beat, every minute)."""
    send_due_request_emails(now=timezone.now())
