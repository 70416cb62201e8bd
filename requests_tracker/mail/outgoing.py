"""Sending a request's letter to its body by email: queued once per intent, sent by a worker.

The message goes out under the requester's name from the tracker's address, with a Reply-To that
files the body's answer on the request, and the letter attached as a PDF. What was sent is kept
byte for byte with its SHA-256, and the sending becomes a fact on the request's timeline.
"""

import hashlib
from datetime import datetime
from email.headerregistry import Address
from email.message import Message
from email.utils import make_msgid, parseaddr
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.contexts import LetterKind
from letters.render import render_pdf
from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services import generate_letter
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus

MAX_ATTEMPTS = 6
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
        InformationRequest.objects.select_for_update()
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
        requested_by=user,
    )
    from requests_tracker.mail.tasks import send_request_email_task

    # on_commit + delay is Celery's delay_on_commit, which celery-types does not know yet.
    transaction.on_commit(partial(send_request_email_task.delay, outgoing.pk))
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


def send_request_email(*, outgoing_id: int) -> bool:
    """Send one queued email unless it was sent already; record the attempt. True when sent now.

    The row stays locked while the message goes out, so two workers never send the same email.
    A failure is recorded (attempts, last error) and raised again for the task to retry; after
    the last attempt the email is marked failed.
    """
    with transaction.atomic():
        outgoing = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(id=outgoing_id, status=OutgoingStatus.PENDING)
            .select_related("letter")
            .first()
        )
        if outgoing is None:  # already sent, given up, or being sent by another worker
            return False
        message = build_message(outgoing)
        outgoing.attempts += 1
        failure: Exception | None = None
        try:
            message.send()
        except Exception as error:  # recorded here, raised below once the record is saved
            failure = error
            outgoing.last_error = f"{type(error).__name__}: {error}"
            if outgoing.attempts >= MAX_ATTEMPTS:
                outgoing.status = OutgoingStatus.FAILED
            outgoing.save(update_fields=["attempts", "last_error", "status"])
        else:
            _record_sent(outgoing, raw=message.message().as_bytes())
    if failure is not None:
        raise failure
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
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED if is_draft else EventKind.EMAIL_SENT,
        occurred_at=outgoing.sent_at,
        recorded_by=outgoing.requested_by,
        data={"channel": "email", "outgoing_email": outgoing.pk},
    )
