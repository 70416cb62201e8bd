"""The header block of a received message, measured and read before the email parser's slow paths.

``check_header_size`` refuses a header block past its caps before the parser sees it;
``raw_header_values`` reads a header as it came, for the fields whose parsed form costs more than
the message is worth.
"""

import re
from email.message import Message

from django.utils.translation import gettext as _

from requests_tracker.mail.refusals import MessageRefused

# The header block is measured before the email parser sees it: the parser's time grows faster
# than the header (6.7 s at 10,000 lines), and a real reply's headers, Exchange's included, stay
# far below these caps.
HEADER_MAX_BYTES = 256 * 1024
HEADER_MAX_FIELDS = 1000
HEADER_MAX_LINES = 2000  # fields and their folded continuation lines
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_FIELD_START = re.compile(rb"^[^ \t\r\n]", re.MULTILINE)


def check_header_size(raw: bytes) -> None:
    """Refuse a header block past HEADER_MAX_BYTES, HEADER_MAX_FIELDS or HEADER_MAX_LINES.

    Only the first HEADER_MAX_BYTES (and the blank line after them) are ever scanned, so a
    refusal costs the same whatever the size of the message.
    """
    head = raw[: HEADER_MAX_BYTES + 4]
    end = _HEADER_END.search(head)
    block = head[: end.start()] if end is not None else head
    if len(block) > HEADER_MAX_BYTES:
        raise MessageRefused(
            _("The message headers are larger than %(size)s KiB.")
            % {"size": HEADER_MAX_BYTES // 1024}
        )
    fields = len(_FIELD_START.findall(block))
    lines = block.count(b"\n") + 1
    if fields > HEADER_MAX_FIELDS or lines > HEADER_MAX_LINES:
        raise MessageRefused(
            _("The message has more than %(fields)s header fields or %(lines)s header lines.")
            % {"fields": HEADER_MAX_FIELDS, "lines": HEADER_MAX_LINES}
        )


def raw_header_values(message: Message, name: str) -> list[str]:
    """A header's values as they came, unfolded, without the header registry's parser.

    The registry's address-list parser takes time that grows with the square of the list (a Cc
    folded over 2,000 lines: 1.6 s); ``email.utils.getaddresses`` over the raw value is linear.
    Encoded words stay encoded, which is all an address needs.
    """
    return [
        " ".join(_sanitized(value).split())
        for key, value in message.raw_items()
        if key.lower() == name.lower()
    ]


def _sanitized(value: str) -> str:
    # Raw 8-bit bytes in a header come as surrogate escapes: read them as UTF-8, as email does.
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
