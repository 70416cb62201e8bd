"""Sending the queued emails to bodies, in the worker: one on commit, or beat's sweep of due ones.

Each attempt is recorded on the row: a transient failure waits for its next attempt, a permanent
refusal fails the email at once. What was sent is kept byte for byte with its SHA-256, and the
sending becomes a fact on the request's timeline (emailing a draft submits it).
"""

import hashlib
import logging
from datetime import datetime
from email.message import Message
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from letters.render import render_pdf
from requests_tracker.core.outbox import Connection, describe, send_one, sweep
from requests_tracker.core.retry import is_permanent, next_attempt_at
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus

logger = logging.getLogger(__name__)


class _SentAsBuilt(EmailMessage):
    """An EmailMessage whose MIME message is built once, so the bytes kept are the bytes sent
    (the Date header and the multipart boundary would otherwise change on every build)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._built: Message | None = None

    def message(self) -> Any:
        if self._built is None:
            self._built = super().message()
        return self._built


def build_message(outgoing: OutgoingEmail) -> EmailMessage:
    """The message for an outgoing email: the letter as text, and as a PDF attachment."""
    letter = outgoing.letter
    request_id = outgoing.information_request_id
    headers = {"Message-ID": outgoing.message_id}
    if outgoing.in_reply_to:
        headers |= {"In-Reply-To": outgoing.in_reply_to, "References": outgoing.in_reply_to}
    message = _SentAsBuilt(
        subject=outgoing.subject,
        body=letter.text,
        from_email=outgoing.from_header,
        to=[outgoing.to_address],
        reply_to=[outgoing.reply_to],
        headers=headers,
    )
    message.attach(
        f"request-{request_id}.pdf",
        render_pdf(letter.text, title=outgoing.subject),
        "application/pdf",
    )
    return message


def due_emails(*, now: datetime) -> QuerySet[OutgoingEmail]:
    """The emails to try now: pending, their next attempt come, the longest waiting first."""
    return OutgoingEmail.objects.filter(
        status=OutgoingStatus.PENDING, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "id")


def send_request_email(*, outgoing_id: int, now: datetime | None = None) -> bool:
    """Send one email if it is due and no other worker holds it; record the attempt.

    True when sent now. The worker holds the email (``core.outbox.sending``, no row lock) while
    the message goes out, so two workers never send the same email; one held by another worker
    is left to that worker. Nothing is locked while the SMTP server answers.
    """
    due = due_emails(now=now or timezone.now()).select_related("letter")
    # None: sent, given up, not due yet, or being sent by another worker.
    return send_one(due, outgoing_id, partial(attempt_request_email, connection=None)) is True


def send_due_request_emails(*, now: datetime) -> int:
    """Beat's sweep: send every due email, batch by batch; returns how many were sent."""
    return sweep(
        due=lambda: due_emails(now=now).select_related("letter"),
        attempt=attempt_request_email,
    )


def attempt_request_email(outgoing: OutgoingEmail, connection: Connection | None) -> bool:
    """Send one email this worker holds (outside any transaction); on failure record the error
    and when to try again. True if sent.

    A transient failure (the server is down, a 4xx answer) waits for the next attempt, never
    giving up by itself; a permanent refusal (5xx) marks the email failed at once.
    """
    outgoing.attempts += 1
    try:
        message = build_message(outgoing)
        if connection is not None:
            message.connection = connection.backend
        message.send()
    except Exception as error:  # recorded on the row: the sweep is the retry
        failed_at = timezone.now()
        outgoing.last_error = describe(error)
        if is_permanent(error):
            outgoing.status = OutgoingStatus.FAILED
        else:
            outgoing.next_attempt_at = next_attempt_at(
                attempts=outgoing.attempts, failed_at=failed_at
            )
        outgoing.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        logger.warning("email %s attempt %s failed: %s", outgoing.pk, outgoing.attempts, error)
        return False
    _record_sent(outgoing, raw=message.message().as_bytes())
    return True


def _record_sent(outgoing: OutgoingEmail, *, raw: bytes) -> None:
    outgoing.status = OutgoingStatus.SENT
    outgoing.sent_at = timezone.now()
    outgoing.last_error = ""
    outgoing.sha256 = hashlib.sha256(raw).hexdigest()
    outgoing.raw.save(f"{outgoing.pk}.eml", ContentFile(raw), save=False)
    outgoing.save(update_fields=["attempts", "last_error", "status", "sent_at", "sha256", "raw"])
    information_request = InformationRequest.objects.get(pk=outgoing.information_request_id)
    # Emailing a draft is submitting it: the legal clock starts; later emails are facts only.
    is_draft = information_request.status == Status.DRAFT
    try:
        # Its own transaction: the email is sent whatever happens here, and stays recorded as
        # sent (rolled back, the sweep would send it again, and again).
        with transaction.atomic():
            record_event(
                information_request=information_request,
                kind=EventKind.SUBMITTED if is_draft else EventKind.EMAIL_SENT,
                occurred_at=outgoing.sent_at,
                recorded_by=outgoing.requested_by,
                data={"channel": "email", "outgoing_email": outgoing.pk},
            )
    except Exception:
        logger.exception("email %s was sent but its timeline event was not recorded", outgoing.pk)
