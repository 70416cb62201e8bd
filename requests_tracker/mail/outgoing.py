"""Sending a request's letter to its body by email: queued once per intent, sent by a worker.

The email is an outbox row (``core/outbox.py``): queued on commit for the fast path, and tried
again by beat's sweep from the database until it is sent, refused for good, or a person stops.

The message goes out under the requester's name from the tracker's address, with a Reply-To that
files the body's answer on the request, and the letter attached as a PDF. What was sent is kept
byte for byte with its SHA-256, and the sending becomes a fact on the request's timeline.
"""

import hashlib
import logging
from datetime import datetime
from email.headerregistry import Address
from email.message import Message
from email.utils import make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.contexts import LetterKind
from letters.render import render_pdf
from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.core.outbox import Connection, describe, enqueue_on_commit, sweep
from requests_tracker.core.retry import is_permanent, next_attempt_at
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services import generate_letter
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus

logger = logging.getLogger(__name__)
# The first letter to a body; every other intent (a reminder, a clarification) follows it up.
REQUEST_INTENT = "request"
INTENTS = (REQUEST_INTENT, "reminder", "clarification")


def idempotency_key(information_request: InformationRequest, intent: str) -> str:
    return f"{information_request.pk}:{intent}"


def sender(requester: User) -> str:
    """The From header: the requester's name on the tracker's own address (SPF and DKIM pass)."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = requester.get_full_name() or requester.username
    username, _at, domain = address.rpartition("@")
    return str(Address(display_name=name, username=username, domain=domain))


def subject_for(information_request: InformationRequest) -> str:
    """The request's subject with its number, so a reply can be matched by its subject too."""
    number = f" #{information_request.pk}"
    room = OutgoingEmail._meta.get_field("subject").max_length or 300
    return information_request.subject[: room - len(number)] + number


def thread_root(information_request: InformationRequest) -> str:
    """The Message-ID of the first email sent for the request, or "" if none was sent."""
    first = (
        OutgoingEmail.objects.filter(
            information_request=information_request, status=OutgoingStatus.SENT
        )
        .order_by("sent_at", "id")
        .values_list("message_id", flat=True)
        .first()
    )
    return first or ""


@transaction.atomic
def queue_request_email(
    *,
    information_request: InformationRequest,
    intent: str,
    user: User | None,
    now: datetime,
    letter: Letter | None = None,
) -> OutgoingEmail:
    """The email for ``intent``, stored once and sent by a worker after commit.

    Queuing the same intent again returns the email already queued (or sent): nothing is sent
    twice. Raises DomainError, and stores nothing, when the body has no email address.
    """
    # Locking the request makes two clicks at once queue one email, not fail on the unique key.
    locked = (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("public_body", "requester")
        .get(pk=information_request.pk)
    )
    key = idempotency_key(locked, intent)
    existing = OutgoingEmail.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    body = locked.public_body
    if not body.email:
        raise DomainError(
            _(
                "%(body)s has no email address in the directory: send the letter by post "
                "or through the body's online reception."
            )
            % {"body": body.name}
        )
    # The letter given (a collective appeal's, with its co-signers), or the request's own; a
    # follow-up after a missed deadline is a reminder letter, threaded to the first email.
    letter = letter or generate_letter(
        information_request=locked,
        user=user,
        now=now,
        kind=LetterKind.REMINDER if intent.startswith("reminder") else None,
    )
    outgoing = OutgoingEmail.objects.create(
        information_request=locked,
        letter=letter,
        intent=intent,
        idempotency_key=key,
        message_id=make_msgid(domain=settings.REPLY_DOMAIN),
        in_reply_to="" if intent == REQUEST_INTENT else thread_root(locked),
        from_header=sender(locked.requester),
        to_address=body.email,
        reply_to=reply_address(locked.pk),
        subject=subject_for(locked),
        created_at=now,
        next_attempt_at=now,
        requested_by=user,
    )
    # The fast path; if the broker is down the email stays due and beat's sweep sends it.
    _enqueue(outgoing.pk)
    return outgoing


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

    True when sent now. The row (and only the row) stays locked while the message goes out, so two
    workers never send the same email; one held by another worker is left to that worker.
    """
    with transaction.atomic():
        outgoing = (
            due_emails(now=now or timezone.now())
            .filter(id=outgoing_id)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("letter")
            .first()
        )
        if outgoing is None:  # sent, given up, not due yet, or being sent by another worker
            return False
        return attempt_request_email(outgoing, None)


def send_due_request_emails(*, now: datetime) -> int:
    """Beat's sweep: send every due email, batch by batch; returns how many were sent."""
    return sweep(
        due=lambda: due_emails(now=now).select_related("letter"),
        attempt=attempt_request_email,
    )


def attempt_request_email(outgoing: OutgoingEmail, connection: Connection | None) -> bool:
    """Send one locked email; on failure record the error and when to try again. True if sent.

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


@transaction.atomic
def send_again(*, outgoing: OutgoingEmail, now: datetime) -> bool:
    """A person sends a failed email again: pending, due now, attempts counted afresh.

    False (nothing changed) unless the email is failed.
    """
    changed = OutgoingEmail.objects.filter(pk=outgoing.pk, status=OutgoingStatus.FAILED).update(
        status=OutgoingStatus.PENDING, attempts=0, next_attempt_at=now
    )
    if changed:
        _enqueue(outgoing.pk)
    return bool(changed)


@transaction.atomic
def stop_trying(*, outgoing: OutgoingEmail) -> bool:
    """A person gives up on a pending email: failed, kept with its last error. False if not pending.

    An email being sent right now is left to finish (its row is locked): False.
    """
    locked = (
        OutgoingEmail.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=outgoing.pk, status=OutgoingStatus.PENDING)
        .first()
    )
    if locked is None:
        return False
    locked.status = OutgoingStatus.FAILED
    locked.save(update_fields=["status"])
    return True


def _enqueue(outgoing_id: int) -> None:
    from requests_tracker.mail.tasks import send_request_email_task

    enqueue_on_commit(send_request_email_task, outgoing_id)


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
        # A savepoint: the email is sent whatever happens here, and must stay recorded as sent
        # (rolled back, the sweep would send it again, and again).
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
