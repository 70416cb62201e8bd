"""Reply addresses: <prefix>+<request id>-<code>@<domain>, the code a keyed hash of the id.

A body replies to the address it was written from, so the address alone files the reply. The code
is an HMAC of the id under SECRET_KEY: a guessed or mistyped address is never filed automatically,
only suggested to staff.

The address itself is built next to the request (letters ask for the answer there); this module
reads it back.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare

from requests_tracker.information_requests.reply_addresses import reply_address, reply_code

# Our own marker, as ``mail.outgoing.subject_for`` writes it at the end of our subjects: " #<id>".
# A body's reply quotes it ("RE: Статистика обращений #12"). Nothing else in a subject is taken for
# a request number: "исх. № 2-14-08/1234" is the body's own outgoing number, "2026 года" a year.
_SUBJECT_MARKER = re.compile(r"(?<!\S)#(\d{1,9})(?=$|[\s)\]»\"',;:!?])")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


__all__ = [
    "ReplyAddress",
    "find_reply_addresses",
    "message_ids",
    "parse_reply_address",
    "reply_address",
    "reply_code",
    "request_number_in_subject",
]


@dataclass(frozen=True)
class ReplyAddress:
    request_id: int
    is_valid: bool


def _address_pattern() -> re.Pattern[str]:
    # Built per call: tests override REPLY_PREFIX and REPLY_DOMAIN with the settings fixture.
    return re.compile(
        rf"(?<![\w.+-]){re.escape(settings.REPLY_PREFIX)}\+(\d{{1,9}})-([0-9a-z]+)"
        rf"@{re.escape(settings.REPLY_DOMAIN)}(?![\w-])",
        re.IGNORECASE,
    )


def parse_reply_address(address: str) -> ReplyAddress | None:
    """The request an address of ours points at, and whether its code is right; None if not ours.

    Case is ignored throughout: mail systems lowercase or capitalise addresses freely.
    """
    match = _address_pattern().fullmatch(address.strip().strip("<>"))
    if match is None:
        return None
    request_id = int(match.group(1))
    code = match.group(2).lower()
    return ReplyAddress(
        request_id=request_id, is_valid=constant_time_compare(code, reply_code(request_id))
    )


def find_reply_addresses(text: str) -> list[ReplyAddress]:
    """Every address of ours in a text (a forwarded message quotes the original headers)."""
    found = []
    for match in _address_pattern().finditer(text):
        parsed = parse_reply_address(match.group(0))
        if parsed is not None and parsed not in found:
            found.append(parsed)
    return found


def request_number_in_subject(subject: str) -> int | None:
    """The request number of our own marker "#<id>" in a subject (the last one), if any."""
    found = _SUBJECT_MARKER.findall(subject)
    return int(found[-1]) if found else None


def message_ids(value: str) -> list[str]:
    """The Message-IDs in an In-Reply-To or References header, each "<...>", once each, in order.

    A mailer that drops the angle brackets writes one bare id, which is read as that id.
    """
    found = _MESSAGE_ID.findall(value)
    if not found and value.strip() and " " not in value.strip():
        found = [f"<{value.strip()}>"]
    return [found_id for found_id in dict.fromkeys(found) if len(found_id) <= 255]
