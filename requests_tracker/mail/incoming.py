"""Receiving email: a message is kept raw with its hash, then filed on a request or held for staff.

One entry point, ``ingest_message``, serves the MTA pipe (``manage.py ingest_email``) and the
provider's webhook. A message is read and checked in full (``reading.py``) before anything is
written, so a refused message leaves no row and no file behind. ``matching.py`` finds the request:
the reply address or the thread of an email we sent files a reply; anything else is held, with a
suggestion only when the sender fits the request's body.
"""

import enum
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.core.i18n import localized
from requests_tracker.information_requests.models import (
    Deadline,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.services import (
    StoredEvidence,
    attach_stored_evidence,
    evidence_storage,
    record_event,
    store_evidence,
)
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.mail.attachments import not_kept_records
from requests_tracker.mail.matching import Match, match_message
from requests_tracker.mail.models import (
    IncomingEmail,
    IncomingStatus,
    MatchKind,
    OutgoingEmail,
    OutgoingStatus,
)
from requests_tracker.mail.reading import MessageRefused, ReadMessage, read_message
from requests_tracker.mail.stored import kept_only_if_committed, remember_file, remember_written
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.services import enqueue_alerts, request_links

__all__ = [
    "IngestResult",
    "MessageRefused",
    "Outcome",
    "assign_incoming",
    "discard_incoming",
    "ingest_message",
]

logger = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    FILED = "filed"
    HELD = "held"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class IngestResult:
    incoming: IncomingEmail
    outcome: Outcome


# --- Writing -----------------------------------------------------------------------------------


@kept_only_if_committed()
def ingest_message(
    *, raw: bytes, source: str, now: datetime, recipients: Iterable[str] = ()
) -> IngestResult:
    """Keep one received message once (by Message-ID), filed on its request or held for staff.

    ``recipients`` are envelope recipients the transport knows (a webhook's "recipient"), for a
    reply where our address was in Bcc. Raises MessageRefused, with nothing saved, for a message
    that is not readable email, has a file over the limit, or carries a ZIP bomb. Any other
    error leaves nothing either (no row, no file): the message was not stored, try again.
    """
    try:
        read = read_message(raw, recipients=recipients)
    except MessageRefused as refusal:
        logger.warning("Refused a message received through %s: %s", source, refusal.reason)
        raise
    existing = IncomingEmail.objects.filter(message_id=read.message_id).first()
    if existing is not None:
        return IngestResult(incoming=existing, outcome=Outcome.DUPLICATE)

    if read.bounced_message_id:
        # Our Message-IDs are stored as sent, in angle brackets.
        bounced = OutgoingEmail.objects.filter(
            message_id__in=(read.bounced_message_id, f"<{read.bounced_message_id}>")
        ).first()
        if bounced is not None:
            return _record_bounce(raw=raw, read=read, source=source, now=now, bounced=bounced)
    match = match_message(read)
    if match.information_request is not None and match.information_request.status == Status.DRAFT:
        # A draft has no timeline to file a reply on yet: staff look at it.
        match = Match(MatchKind.SUGGESTED, match.information_request)
    incoming = _incoming(
        raw=raw,
        read=read,
        source=source,
        now=now,
        match=match.kind,
        status=IncomingStatus.HELD,
        suggested_request=None if match.is_certain else match.information_request,
    )
    try:
        with transaction.atomic():
            incoming.save()
    except Exception as error:
        # No row keeps the stored file: remove it, so a failed delivery leaves nothing behind.
        incoming.raw.storage.delete(incoming.raw.name)
        if not isinstance(error, IntegrityError):
            raise
        # The same message arrived twice at once: the other delivery filed it.
        existing = IncomingEmail.objects.filter(message_id=read.message_id).first()
        if existing is None:
            raise
        return IngestResult(incoming=existing, outcome=Outcome.DUPLICATE)

    if not match.is_certain or match.information_request is None:
        logger.info("Held message %s (%s)", incoming.pk, match.kind)
        return IngestResult(incoming=incoming, outcome=Outcome.HELD)
    _file(
        incoming=incoming,
        read=read,
        information_request=match.information_request,
        recorded_by=None,
        now=now,
        stored=_store_attachments(read),
    )
    return IngestResult(incoming=incoming, outcome=Outcome.FILED)


def _incoming(
    *, raw: bytes, read: ReadMessage, source: str, now: datetime, **fields: Any
) -> IncomingEmail:
    """The (unsaved) record of a received message, its raw bytes stored under their SHA-256."""
    sha256 = hashlib.sha256(raw).hexdigest()
    incoming = IncomingEmail(
        message_id=read.message_id,
        sha256=sha256,
        size=len(raw),
        source=source,
        received_at=now,
        from_address=read.from_address,
        to_addresses=read.to_addresses,
        subject=read.subject,
        text_body=read.text_body,
        html_body=read.html_body,
        is_auto_reply=read.is_auto_reply,
        **fields,
    )
    incoming.raw.save(f"{sha256}.eml", ContentFile(raw), save=False)
    remember_file(incoming.raw)
    return incoming


@transaction.atomic
def _record_bounce(
    *, raw: bytes, read: ReadMessage, source: str, now: datetime, bounced: OutgoingEmail
) -> IngestResult:
    """A delivery report on our email, on the request's timeline.

    A permanent failure marks the email bounced and alerts the requester once per email; if it
    carried the request, the clock stops (``clock/facts.py``). A delay only says the server is
    still trying: the email's status stays, and a bounce's reason is never overwritten by it.
    """
    information_request = bounced.information_request
    event = record_event(
        information_request=information_request,
        kind=EventKind.EMAIL_BOUNCED if read.bounce_is_permanent else EventKind.EMAIL_DELAYED,
        occurred_at=now,
        recorded_by=None,
        data={"outgoing_email": bounced.pk, "reason": read.bounce_reason},
        note=read.bounce_reason,
    )
    incoming = _incoming(
        raw=raw,
        read=read,
        source=source,
        now=now,
        match=MatchKind.EXACT,
        status=IncomingStatus.FILED,
        information_request=information_request,
        timeline_event=event,
    )
    incoming.save()
    if not read.bounce_is_permanent:
        OutgoingEmail.objects.filter(pk=bounced.pk, status=OutgoingStatus.SENT).update(
            last_error=read.bounce_reason
        )
        logger.info(
            "Email %s to %s delayed: %s", bounced.pk, bounced.to_address, read.bounce_reason
        )
        return IngestResult(incoming=incoming, outcome=Outcome.FILED)
    OutgoingEmail.objects.filter(pk=bounced.pk).update(
        status=OutgoingStatus.BOUNCED, last_error=read.bounce_reason
    )
    _alert_bounce(bounced=bounced, reason=read.bounce_reason, now=now)
    logger.info("Email %s to %s bounced: %s", bounced.pk, bounced.to_address, read.bounce_reason)
    return IngestResult(incoming=incoming, outcome=Outcome.FILED)


def _alert_bounce(*, bounced: OutgoingEmail, reason: str, now: datetime) -> None:
    """Tell the requester once per email (however many reports come) that it did not arrive."""
    information_request = bounced.information_request
    requester = information_request.requester
    if not requester.is_active or not requester.email:
        return
    language = requester.preferred_language
    alert, created = Alert.objects.get_or_create(
        dedupe_key=f"outgoing:{bounced.pk}:{AlertKind.EMAIL_BOUNCED}",
        defaults={
            "recipient": requester,
            "kind": AlertKind.EMAIL_BOUNCED,
            "language": language,
            "created_at": now,
            "next_attempt_at": now,
            "context": {
                "recipient_name": requester.get_full_name() or requester.username,
                "request_id": information_request.pk,
                "subject": information_request.subject,
                "body_name": localized(information_request.public_body, "name", language),
                "to_address": bounced.to_address,
                "reason": reason,
                **request_links(information_request.pk),
            },
        },
    )
    if created:
        enqueue_alerts([alert.pk])


def _store_attachments(read: ReadMessage) -> list[StoredEvidence]:
    """Write the kept attachments to the storage, before the filing locks the request (storage
    is slow, and takes part in no transaction); removed unless the delivery commits."""
    stored = []
    for attachment in read.attachments:
        if attachment.is_kept:
            file = store_evidence(name=attachment.name, content=attachment.content)
            remember_written(evidence_storage(), file.name)
            stored.append(file)
    return stored


def _file(
    *,
    incoming: IncomingEmail,
    read: ReadMessage,
    information_request: InformationRequest,
    recorded_by: User | None,
    now: datetime,
    stored: list[StoredEvidence],
) -> TimelineEvent:
    """Put a message on the request's timeline with its files (``stored`` already), and tell
    the requester."""
    occurred_at = min(read.sent_at, now) if read.sent_at is not None else now
    if read.is_auto_reply:
        # An out-of-office says nothing about the request: a note, and nobody is disturbed.
        event = record_event(
            information_request=information_request,
            kind=EventKind.NOTE,
            occurred_at=occurred_at,
            recorded_by=recorded_by,
            data={"incoming_email": incoming.pk, "auto_reply": True},
            note=read.subject,
        )
    else:
        not_kept = not_kept_records(read.attachments)
        event = record_event(
            information_request=information_request,
            kind=EventKind.REPLY_RECEIVED,
            occurred_at=occurred_at,
            recorded_by=recorded_by,
            data={
                "incoming_email": incoming.pk,
                "from": read.from_address,
                "subject": read.subject,
                # Each with its reason; the page and the bundle read it with files_not_kept.
                **({"attachments_not_kept": not_kept} if not_kept else {}),
            },
            note=read.subject,
        )
    for file in stored:
        attach_stored_evidence(event=event, stored=file)
    incoming.information_request = information_request
    incoming.timeline_event = event
    incoming.status = IncomingStatus.FILED
    incoming.save(update_fields=["information_request", "timeline_event", "status"])
    if not read.is_auto_reply:
        _alert_requester(incoming=incoming, information_request=information_request, now=now)
    logger.info("Filed message %s on request %s", incoming.pk, information_request.pk)
    return event


def _alert_requester(
    *, incoming: IncomingEmail, information_request: InformationRequest, now: datetime
) -> None:
    requester = information_request.requester
    if not requester.is_active or not requester.email:
        return
    language = requester.preferred_language
    public_body = information_request.public_body
    alert, created = Alert.objects.get_or_create(
        dedupe_key=f"incoming:{incoming.pk}:{AlertKind.REPLY_RECEIVED}",
        defaults={
            "recipient": requester,
            "kind": AlertKind.REPLY_RECEIVED,
            "language": language,
            "created_at": now,
            "next_attempt_at": now,
            "context": {
                "recipient_name": requester.get_full_name() or requester.username,
                "request_id": information_request.pk,
                "subject": information_request.subject,
                "body_name": localized(public_body, "name", language),
                "from": incoming.from_address,
                "message_subject": incoming.subject,
                "due_date": _due_date(information_request, now).isoformat(),
                **request_links(information_request.pk),
            },
        },
    )
    if created:
        enqueue_alerts([alert.pk])


def _due_date(information_request: InformationRequest, now: datetime) -> date:
    """The legal deadline's due date, or the body's today when no deadline runs."""
    deadline = (
        Deadline.objects.running_legal().filter(information_request=information_request).first()
    )
    if deadline is not None:
        return deadline.due_date
    time_zone = ZoneInfo(information_request.public_body.jurisdiction.time_zone)
    return now.astimezone(time_zone).date()


@kept_only_if_committed()
def assign_incoming(
    *,
    incoming: IncomingEmail,
    information_request: InformationRequest,
    user: User,
    now: datetime,
) -> IncomingEmail:
    """Staff file a held message on a request, exactly as a matched reply is filed."""
    only_held = DomainError(_("Only a message in the holding queue can be assigned."))
    if incoming.status != IncomingStatus.HELD:
        raise only_held
    if information_request.status == Status.DRAFT:
        raise DomainError(_("A reply cannot be filed on a draft; submit the request first."))
    # The stored message (kept under its SHA-256, never rewritten) is read, and its files
    # written, before any row is locked: no lock waits on the storage.
    with incoming.raw.open("rb") as raw:
        read = read_message(raw.read())
    stored = _store_attachments(read)
    locked = IncomingEmail.objects.select_for_update(of=("self",)).get(pk=incoming.pk)
    if locked.status != IncomingStatus.HELD:  # filed or discarded meanwhile
        raise only_held
    _file(
        incoming=locked,
        read=read,
        information_request=information_request,
        recorded_by=user,
        now=now,
        stored=stored,
    )
    logger.info("User %s assigned message %s", user.pk, locked.pk)
    return locked


@transaction.atomic
def discard_incoming(*, incoming: IncomingEmail, user: User) -> IncomingEmail:
    """Staff discard a held message (spam, a stray); the raw message is kept."""
    locked = IncomingEmail.objects.select_for_update(of=("self",)).get(pk=incoming.pk)
    if locked.status != IncomingStatus.HELD:
        raise DomainError(_("Only a message in the holding queue can be discarded."))
    locked.status = IncomingStatus.DISCARDED
    locked.save(update_fields=["status"])
    logger.info("User %s discarded message %s", user.pk, locked.pk)
    return locked
