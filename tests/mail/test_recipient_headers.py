"""Recipient headers are read as they came (no address-list parser, whose time grows with the
square of a long Cc): our address is found anywhere in them, To keeps its addresses in order, and
encoded words or raw 8-bit bytes in a display name do not hide the address."""

import email
import email.policy

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.mail.addresses import ReplyAddress, reply_code
from requests_tracker.mail.headers import raw_header_values
from requests_tracker.mail.reading import read_message

OURS = "reply+41-{code}@tracker.example.org"


@pytest.fixture(autouse=True)
def reply_settings(settings: SettingsWrapper) -> None:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"


def message(*headers: bytes) -> bytes:
    return (
        b"From: kense@police.gov.kz\r\nSubject: reply\r\nMessage-ID: <m1@police.gov.kz>\r\n"
        + b"".join(headers)
        + b"\r\n\r\nText.\r\n"
    )


def test_our_address_last_in_a_cc_folded_over_1500_lines_is_found() -> None:
    ours = OURS.format(code=reply_code(41)).encode()
    clerks = b",\r\n ".join(b"clerk%04d@police.gov.kz" % number for number in range(1500))
    read = read_message(message(b"To: kanc@police.gov.kz\r\n", b"Cc: " + clerks + b",\r\n " + ours))

    assert read.reply_addresses == [ReplyAddress(request_id=41, is_valid=True)]
    assert read.to_addresses == ["kanc@police.gov.kz"]


def test_to_keeps_every_address_in_order_under_encoded_and_8bit_display_names() -> None:
    read = read_message(
        message(
            b"To: =?UTF-8?B?0JTQsNC90LA=?= <dana@example.kz>,\r\n"
            b' "\xd0\x90\xd0\xb9\xd0\xb3\xd1\x83\xd0\xbb\xd1\x8c, \xd0\x90." <aigul@example.kz>,'
            b" plain@example.kz\r\n",
        )
    )

    assert read.to_addresses == ["dana@example.kz", "aigul@example.kz", "plain@example.kz"]


def test_raw_values_are_unfolded_and_8bit_bytes_read_as_utf8() -> None:
    parsed = email.message_from_bytes(
        message(b"Cc: \xd0\x94\xd0\xb0\xd0\xbd\xd0\xb0\r\n <dana@example.kz>\r\n"),
        policy=email.policy.default,
    )

    assert raw_header_values(parsed, "cc") == ["Дана <dana@example.kz>"]
    assert raw_header_values(parsed, "Delivered-To") == []
