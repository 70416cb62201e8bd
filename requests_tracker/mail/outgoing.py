"""Queuing a request's letter to its body by email: once per intent, sent by a worker
(``sending.py``); a person sends a failed one again or stops trying.

The email is an outbox row (``core/outbox.py``): queued on commit for the fast path, and tried
again by beat's sweep from the database until it is sent, refused for good, or a person stops.

The message goes out under the requester's name from the tracker's address, with a Reply-To that
files the body's answer on the request, and the letter attached as a PDF. What was sent is kept
byte for byte with its SHA-256, and the sending becomes a fact on the request's timeline.
"""

from datetime import datetime
from email.headerregistry import Address
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from letters.contexts import LetterKind
from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.core.outbox import enqueue_on_commit, not_being_sent
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services import generate_letter
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus
from requests_tracker.mail.tasks import send_request_email_task

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


def resend_key(outgoing: OutgoingEmail) -> str:
    """The intent of the one email that sends a bounced email's letter again."""
    return f"resend:{outgoing.pk}"


@transaction.atomic
def send_again(*, outgoing: OutgoingEmail, now: datetime) -> bool:
    """A person sends a failed email again: pending, due now, attempts counted afresh.

    A bounced email was sent and is kept as sent: its letter goes in a new email, once, to the
    body's address in the directory now (checked or corrected since). False (nothing changed)
    unless the email is failed, or bounced and not yet sent again.
    """
    current = OutgoingEmail.objects.select_related("information_request", "letter").get(
        pk=outgoing.pk
    )
    if current.status == OutgoingStatus.BOUNCED:
        intent = resend_key(current)
        information_request = current.information_request
        if OutgoingEmail.objects.filter(
            idempotency_key=idempotency_key(information_request, intent)
        ).exists():
            return False
        queue_request_email(
            information_request=information_request,
            intent=intent,
            user=current.requested_by,
            now=now,
            letter=current.letter,
        )
        return True
    changed = OutgoingEmail.objects.filter(pk=outgoing.pk, status=OutgoingStatus.FAILED).update(
        status=OutgoingStatus.PENDING, attempts=0, next_attempt_at=now
    )
    if changed:
        _enqueue(outgoing.pk)
    return bool(changed)


@transaction.atomic
def stop_trying(*, outgoing: OutgoingEmail) -> bool:
    """A person gives up on a pending email: failed, kept with its last error. False if not pending.

    An email being sent right now is left to finish (a worker holds it): False.
    """
    locked = (
        OutgoingEmail.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=outgoing.pk, status=OutgoingStatus.PENDING)
        .first()
    )
    if locked is None or not not_being_sent(OutgoingEmail, [locked.pk]):
        return False
    locked.status = OutgoingStatus.FAILED
    locked.save(update_fields=["status"])
    return True


def _enqueue(outgoing_id: int) -> None:
    enqueue_on_commit(send_request_email_task, outgoing_id)
