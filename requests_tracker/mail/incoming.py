"""Receiving email: a message is kept raw with its hash, then filed on a request or held for staff.

One entry point, ``ingest_message``, serves the MTA pipe (``manage.py ingest_email``) and the
provider's webhook. A message is read and checked in full before anything is written, so a refused
message leaves no row and no file behind. The reply address (``addresses.py``) files a reply; a
wrong code or a request number in the subject only suggests a request to staff.
"""

import email
import email.errors
import email.policy
import enum
import hashlib
import html
import io
import logging
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage, Message
from typing import Any
from zoneinfo import ZoneInfo

import nh3
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.core.i18n import localized
from requests_tracker.information_requests.evidence import check_evidence, check_size
from requests_tracker.information_requests.models import (
    Deadline,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.services import attach_evidence, record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.mail.addresses import (
    ReplyAddress,
    find_reply_addresses,
    request_number_in_subject,
)
from requests_tracker.mail.models import (
    IncomingEmail,
    IncomingStatus,
    MatchKind,
    OutgoingEmail,
    OutgoingStatus,
)
from requests_tracker.mail.stored import kept_only_if_committed, remember_file
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.services import enqueue_alerts, request_links

logger = logging.getLogger(__name__)

# A ZIP attachment (DOCX and ODT are ZIPs too) is refused as a ZIP bomb past these limits.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_RATIO = 100
ZIP_MAX_TOTAL_FACTOR = 10  # times EVIDENCE_MAX_BYTES, uncompressed

# Where our reply address may appear: the MTA adds Delivered-To / X-Original-To for the envelope.
_RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")
# Structure defects after which the parts of a message cannot be told apart.
_UNREADABLE_DEFECTS = (
    email.errors.NoBoundaryInMultipartDefect,
    email.errors.StartBoundaryNotFoundDefect,
    email.errors.MultipartInvariantViolationDefect,
)
_AUTO_REPLY_SUBJECTS = (
    "out of office",
    "automatic reply",
    "auto reply",
    "autoreply",
    "автоматический ответ",
    "автоответ",
    "автоматты жауап",
)
# An attachment is stored under the name it came with only when that is a plain file name: no
# path, no control character, at least one letter or digit, at most this long (the storage path,
# "evidence/YYYY/MM/<name>" plus a suffix against a clash, must fit in its 100 characters).
ATTACHMENT_NAME_MAX_LENGTH = 64
_SAFE_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}")
_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/p|/div|/li|/tr|/h[1-6]|/blockquote)\s*>", re.IGNORECASE)


class MessageRefused(DomainError):  # noqa: N818 (the name says what happened to the message)
    """The message cannot be accepted as it is; nothing was saved. The reason is for the sender."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Outcome(enum.StrEnum):
    FILED = "filed"
    HELD = "held"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class IngestResult:
    incoming: IncomingEmail
    outcome: Outcome


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    is_kept: bool  # False: not a type kept as evidence; it stays inside the raw message only


@dataclass
class ReadMessage:
    """What the tracker takes from a message, read and checked in full before anything is saved."""

    message_id: str
    from_address: str
    to_addresses: list[str]
    subject: str
    sent_at: datetime | None
    text_body: str
    html_body: str
    is_auto_reply: bool
    attachments: list[Attachment] = field(default_factory=list)
    reply_addresses: list[ReplyAddress] = field(default_factory=list)
    # A delivery status notification (RFC 3464): the Message-ID it reports on, and why.
    bounced_message_id: str = ""
    bounce_reason: str = ""


# --- Reading -----------------------------------------------------------------------------------


def read_message(raw: bytes, *, recipients: Iterable[str] = ()) -> ReadMessage:
    """Parse and check a raw RFC 822 message; MessageRefused when it cannot be accepted."""
    if not raw.strip():
        raise MessageRefused(_("The message is empty."))
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)  # the default policy builds EmailMessage
    if not message.keys() or message.get("From") is None:
        # RFC 5322 §3.6: From is required; without any header this is not an email at all.
        raise MessageRefused(_("This is not an email message: it has no sender header."))
    for part in message.walk():
        for defect in part.defects:
            if isinstance(defect, _UNREADABLE_DEFECTS):
                raise MessageRefused(
                    _("The message structure is broken (%(defect)s).")
                    % {"defect": type(defect).__name__}
                )
    try:
        subject = _header(message, "Subject")
        from_address = _header(message, "From")
        recipient_values = [
            str(value) for name in _RECIPIENT_HEADERS for value in message.get_all(name) or []
        ]
        to_addresses = [
            address.addr_spec
            for value in message.get_all("To") or []
            for address in getattr(value, "addresses", ())
        ]
        sent_at = _sent_at(message)
        message_id = _header(message, "Message-ID").strip().strip("<>").strip()
    except (ValueError, TypeError, IndexError, AttributeError) as error:
        raise MessageRefused(_("The message headers cannot be read.")) from error
    if not message_id or len(message_id) > 255:
        message_id = f"sha256:{hashlib.sha256(raw).hexdigest()}"

    bounced_message_id, bounce_reason = _bounce(message)
    text_body, html_body, quoted = _bodies(message)
    attachments = [_check_attachment(name, content) for name, content in _attachments(message)]
    header_addresses = find_reply_addresses("\n".join([*recipients, *recipient_values]))
    # A forwarded message quotes the original headers, where our address may be the only trace.
    body_addresses = find_reply_addresses("\n".join([text_body, *quoted]))
    return ReadMessage(
        message_id=message_id,
        from_address=from_address[:300],
        to_addresses=to_addresses,
        subject=subject[:500],
        sent_at=sent_at,
        text_body=text_body,
        html_body=html_body,
        is_auto_reply=_is_auto_reply(message, subject),
        attachments=attachments,
        reply_addresses=list(dict.fromkeys([*header_addresses, *body_addresses])),
        bounced_message_id=bounced_message_id,
        bounce_reason=bounce_reason,
    )


def _bounce(message: EmailMessage) -> tuple[str, str]:
    """For a failed-delivery report (RFC 3464), the Message-ID of our message and the reason."""
    if message.get_content_type() != "multipart/report":
        return "", ""
    if str(message.get_param("report-type", "")).lower() != "delivery-status":
        return "", ""
    message_id, reasons = "", []
    for part in message.walk():
        content_type = part.get_content_type()
        payload = part.get_payload()
        if content_type in ("message/rfc822", "text/rfc822-headers"):
            original = (
                payload[0]
                if isinstance(payload, list) and payload and isinstance(payload[0], Message)
                else email.message_from_string(str(payload))
            )
            message_id = str(original.get("Message-ID", "")).strip().strip("<>").strip()
        elif content_type == "message/delivery-status" and isinstance(payload, list):
            for block in payload:
                if not isinstance(block, Message):
                    continue
                for name in ("Diagnostic-Code", "Status", "Action"):
                    if block.get(name):
                        reasons.append(f"{name}: {block.get(name)}")
    return message_id, "; ".join(reasons)[:1000]


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return _without_nul(" ".join(str(value).split())) if value is not None else ""


def _without_nul(text: str) -> str:
    # PostgreSQL text cannot hold NUL, which a broken mailer may put in a body.
    return text.replace("\x00", "")


def _sent_at(message: EmailMessage) -> datetime | None:
    value = message.get("Date")
    moment = getattr(value, "datetime", None)
    if not isinstance(moment, datetime):
        return None
    # A date without a zone ("-0000") is taken as UTC, as RFC 5322 §3.3 says it is.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _is_auto_reply(message: Message, subject: str) -> bool:
    # RFC 3834 §5: Auto-Submitted other than "no" marks a message sent by a machine.
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if message.get("X-Autoreply") is not None or message.get("X-Autorespond") is not None:
        return True
    if _header(message, "Precedence").lower() == "auto_reply":
        return True
    return subject.lower().startswith(_AUTO_REPLY_SUBJECTS)


def _text_of(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, UnicodeError, ValueError, AssertionError):
        # An unknown charset: the bytes, read as UTF-8 as far as they go.
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def html_to_text(markup: str) -> str:
    """A plain-text version of HTML: blocks become lines, tags go, entities are decoded."""
    with_breaks = _BLOCK_END.sub("\n", markup)
    text = html.unescape(nh3.clean(with_breaks, tags=set()))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _bodies(message: EmailMessage) -> tuple[str, str, list[str]]:
    """The text, the sanitised HTML, and the text of messages quoted inside (forwarded ones)."""
    plain = message.get_body(preferencelist=("plain",))
    rich = message.get_body(preferencelist=("html",))
    html_body = nh3.clean(_text_of(rich)) if rich is not None else ""
    if plain is not None:
        text_body = _text_of(plain)
    else:
        text_body = html_to_text(html_body) if html_body else ""
    quoted = []
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            for inner in part.get_payload() or []:
                if isinstance(inner, Message):
                    quoted.append(inner.as_string(policy=email.policy.default))
    return _without_nul(text_body.strip()), _without_nul(html_body), quoted


def _attachments(message: Message) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()  # RFC 2047 and RFC 2231 names come decoded
        if name is None:  # a body part; an empty name is still a file, renamed below
            continue
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        found.append((safe_attachment_name(name, number=len(found) + 1), content))
    return found


def safe_attachment_name(name: str, *, number: int) -> str:
    """The name an attachment is stored under: its own when plain, else ``attachment-N.ext``.

    ".", "..", an empty name, a path ("../../x.pdf"), a NUL or another control character never
    reach the storage; the extension is kept when it is letters and digits. A long plain name is
    shortened, keeping its extension.
    """
    stripped = name.strip()
    stem, extension = os.path.splitext(stripped)
    if not _SAFE_EXTENSION.fullmatch(extension):
        stem, extension = stripped, ""
    is_plain = (
        stripped.isprintable()
        and "/" not in stripped
        and "\\" not in stripped
        and re.search(r"\w", stem) is not None
    )
    if not is_plain:
        return f"attachment-{number}{extension}"
    if len(stripped) <= ATTACHMENT_NAME_MAX_LENGTH:
        return stripped
    return stem[: ATTACHMENT_NAME_MAX_LENGTH - len(extension)].rstrip() + extension


def _check_attachment(name: str, content: bytes) -> Attachment:
    try:
        check_size(name=name, size=len(content))
    except DomainError as error:
        raise MessageRefused(str(error)) from error
    if zipfile.is_zipfile(io.BytesIO(content)):
        _check_zip(name, content)
    try:
        check_evidence(name=name, content=content)
    except DomainError:
        # Not a type kept as evidence (an old .doc, a spreadsheet): the reply is still filed,
        # and the file stays inside the raw message, which is kept whole.
        return Attachment(name=name, content=content, is_kept=False)
    return Attachment(name=name, content=content, is_kept=True)


def _check_zip(name: str, content: bytes) -> None:
    """Refuse a ZIP bomb, from the sizes the archive declares; no member is ever extracted."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise MessageRefused(
            _("The archive “%(name)s” cannot be read.") % {"name": name}
        ) from error
    if len(members) > ZIP_MAX_MEMBERS:
        raise MessageRefused(
            _("The archive “%(name)s” has more than %(count)s files.")
            % {"name": name, "count": ZIP_MAX_MEMBERS}
        )
    total = sum(member.file_size for member in members)
    too_compressed = any(
        member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1) for member in members
    )
    if too_compressed or total > ZIP_MAX_TOTAL_FACTOR * settings.EVIDENCE_MAX_BYTES:
        raise MessageRefused(
            _("The archive “%(name)s” unpacks to too much data to be accepted.") % {"name": name}
        )


# --- Matching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    kind: MatchKind
    information_request: InformationRequest | None


def _match(read: ReadMessage) -> _Match:
    requests = InformationRequest.objects.in_bulk(
        [address.request_id for address in read.reply_addresses]
    )
    for address in read.reply_addresses:
        if address.is_valid and address.request_id in requests:
            return _Match(MatchKind.EXACT, requests[address.request_id])
    for address in read.reply_addresses:  # our address with a wrong code: mistyped, or guessed
        if address.request_id in requests:
            return _Match(MatchKind.SUGGESTED, requests[address.request_id])
    number = request_number_in_subject(read.subject)
    if number is not None:
        suggested = InformationRequest.objects.filter(pk=number).first()
        if suggested is not None:
            return _Match(MatchKind.SUGGESTED, suggested)
    return _Match(MatchKind.UNMATCHED, None)


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
    match = _match(read)
    if match.information_request is not None and match.information_request.status == Status.DRAFT:
        # A draft has no timeline to file a reply on yet: staff look at it.
        match = _Match(MatchKind.SUGGESTED, match.information_request)
    incoming = _incoming(
        raw=raw,
        read=read,
        source=source,
        now=now,
        match=match.kind,
        status=IncomingStatus.HELD,
        suggested_request=match.information_request if match.kind != MatchKind.EXACT else None,
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

    if match.kind != MatchKind.EXACT or match.information_request is None:
        logger.info("Held message %s (%s)", incoming.pk, match.kind)
        return IngestResult(incoming=incoming, outcome=Outcome.HELD)
    _file(
        incoming=incoming,
        read=read,
        information_request=match.information_request,
        recorded_by=None,
        now=now,
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
    """Our email could not be delivered: mark it bounced and say so on the request's timeline."""
    information_request = bounced.information_request
    event = record_event(
        information_request=information_request,
        kind=EventKind.EMAIL_BOUNCED,
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
    OutgoingEmail.objects.filter(pk=bounced.pk).update(
        status=OutgoingStatus.BOUNCED, last_error=read.bounce_reason
    )
    logger.info("Email %s to %s bounced: %s", bounced.pk, bounced.to_address, read.bounce_reason)
    return IngestResult(incoming=incoming, outcome=Outcome.FILED)


def _file(
    *,
    incoming: IncomingEmail,
    read: ReadMessage,
    information_request: InformationRequest,
    recorded_by: User | None,
    now: datetime,
) -> TimelineEvent:
    """Put a message on the request's timeline with its files, and tell the requester."""
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
        event = record_event(
            information_request=information_request,
            kind=EventKind.REPLY_RECEIVED,
            occurred_at=occurred_at,
            recorded_by=recorded_by,
            data={
                "incoming_email": incoming.pk,
                "from": read.from_address,
                "subject": read.subject,
                **(
                    {"attachments_not_kept": [a.name for a in read.attachments if not a.is_kept]}
                    if any(not a.is_kept for a in read.attachments)
                    else {}
                ),
            },
            note=read.subject,
        )
    for attachment in read.attachments:
        if attachment.is_kept:
            evidence = attach_evidence(
                event=event, name=attachment.name, content=attachment.content
            )
            remember_file(evidence.file)
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
    locked = IncomingEmail.objects.select_for_update().get(pk=incoming.pk)
    if locked.status != IncomingStatus.HELD:
        raise DomainError(_("Only a message in the holding queue can be assigned."))
    if information_request.status == Status.DRAFT:
        raise DomainError(_("A reply cannot be filed on a draft; submit the request first."))
    with locked.raw.open("rb") as stored:
        read = read_message(stored.read())
    _file(
        incoming=locked,
        read=read,
        information_request=information_request,
        recorded_by=user,
        now=now,
    )
    logger.info("User %s assigned message %s", user.pk, locked.pk)
    return locked


@transaction.atomic
def discard_incoming(*, incoming: IncomingEmail, user: User) -> IncomingEmail:
    """Staff discard a held message (spam, a stray); the raw message is kept."""
    locked = IncomingEmail.objects.select_for_update().get(pk=incoming.pk)
    if locked.status != IncomingStatus.HELD:
        raise DomainError(_("Only a message in the holding queue can be discarded."))
    locked.status = IncomingStatus.DISCARDED
    locked.save(update_fields=["status"])
    logger.info("User %s discarded message %s", user.pk, locked.pk)
    return locked
