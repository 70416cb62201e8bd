"""Reading a received message: parsed and checked in full before anything is saved.

``read_message`` refuses (MessageRefused) what cannot be accepted: headers past their caps (before
the parser sees them), not an email, a broken structure, a file over the limit, a ZIP bomb.
The attachments, and the files inside a winmail.dat or a ZIP, are checked in ``attachments.py``.
A body is decoded in its declared charset when that reads as text, else in the detected one.
"""

import email
import email.errors
import email.policy
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.utils import getaddresses

import nh3
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from django.utils.translation import gettext as _

from requests_tracker.mail.addresses import ReplyAddress, find_reply_addresses, message_ids
from requests_tracker.mail.attachments import Attachment, attachments_of
from requests_tracker.mail.headers import check_header_size, raw_header_values
from requests_tracker.mail.refusals import MessageRefused

# Text decoded with its declared charset is taken when it reads as text: above this share of
# unlikely characters (charset-normalizer's measure), the label is wrong and the charset is
# detected instead ("сБЮФЮЕЛЮЪ" is windows-1251 read as KOI8-R).
_MESS_RATIO_MAX = 0.2

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
_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/p|/div|/li|/tr|/h[1-6]|/blockquote)\s*>", re.IGNORECASE)


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
    # The Message-IDs this message answers (In-Reply-To) and its thread (References, oldest
    # first), each in angle brackets as our sent Message-IDs are stored.
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    # A delivery status notification (RFC 3464): the Message-ID it reports on, and why.
    bounced_message_id: str = ""
    bounce_reason: str = ""


# --- Reading -----------------------------------------------------------------------------------


def read_message(raw: bytes, *, recipients: Iterable[str] = ()) -> ReadMessage:
    """Parse and check a raw RFC 822 message; MessageRefused when it cannot be accepted."""
    if not raw.strip():
        raise MessageRefused(_("The message is empty."))
    check_header_size(raw)
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
            value for name in _RECIPIENT_HEADERS for value in raw_header_values(message, name)
        ]
        to_addresses = [
            address
            for _name, address in getaddresses(raw_header_values(message, "To"))
            if "@" in address
        ]
        sent_at = _sent_at(message)
        message_id = _header(message, "Message-ID").strip().strip("<>").strip()
        in_reply_to = message_ids(_header(message, "In-Reply-To"))
        references = message_ids(_header(message, "References"))
    except (ValueError, TypeError, IndexError, AttributeError) as error:
        raise MessageRefused(_("The message headers cannot be read.")) from error
    if not message_id or len(message_id) > 255:
        message_id = f"sha256:{hashlib.sha256(raw).hexdigest()}"

    bounced_message_id, bounce_reason = _bounce(message)
    text_body, html_body, quoted = _bodies(message)
    attachments = attachments_of(message)
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
        in_reply_to=in_reply_to,
        references=references,
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
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    # RFC 2045 §5.2: a text part without a charset is US-ASCII.
    return decode_text(payload, declared=part.get_content_charset() or "us-ascii")


def decode_text(payload: bytes, *, declared: str) -> str:
    """The text of a body: in its declared charset when that is known and reads as text, else in
    the charset detected from the bytes (a wrong or unknown label, Russian in windows-1251 or
    KOI8-R). The raw message is kept as it came either way."""
    try:
        text = payload.decode(declared)
    except (LookupError, UnicodeError, ValueError):
        text = None
    if text is not None and mess_ratio(text, _MESS_RATIO_MAX) < _MESS_RATIO_MAX:
        return text
    best = from_bytes(payload).best()
    # A detected charset wins only when it reads better than the declared one.
    if best is not None and (text is None or best.chaos < mess_ratio(text, 1.0)):
        return str(best)
    # Nothing fits (binary data in a text part): the bytes, read as UTF-8 as far as they go.
    return text if text is not None else payload.decode("utf-8", "replace")


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
