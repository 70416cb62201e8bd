"""Sending emails to bodies from the worker, with retries for transient failures."""

from smtplib import SMTPException

from celery import shared_task

from requests_tracker.mail.outgoing import MAX_ATTEMPTS, send_request_email


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=MAX_ATTEMPTS - 1,
    acks_late=True,
)
def send_request_email_task(outgoing_id: int) -> None:
    """Send one queued email; a redelivered or repeated task sends nothing twice."""
    send_request_email(outgoing_id=outgoing_id)
