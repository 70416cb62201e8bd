"""Reply addresses: the request id with a keyed code, recognised in any case, never guessed."""

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.mail.addresses import (
    ReplyAddress,
    find_reply_addresses,
    message_ids,
    parse_reply_address,
    reply_address,
    request_number_in_subject,
)


@pytest.fixture(autouse=True)
def reply_settings(settings: SettingsWrapper) -> None:
    settings.SECRET_KEY = "tests-only-reply-key"
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"


def test_a_reply_address_carries_the_request_id_and_a_ten_character_code() -> None:
    address = reply_address(12)

    assert address == "reply+12-292600068d@tracker.example.org"
    assert parse_reply_address(address) == ReplyAddress(request_id=12, is_valid=True)


def test_the_code_depends_on_the_secret_key(settings: SettingsWrapper) -> None:
    before = reply_address(12)
    settings.SECRET_KEY = "another-key"

    assert reply_address(12) != before
    assert parse_reply_address(before) == ReplyAddress(request_id=12, is_valid=False)


def test_an_address_is_recognised_in_any_case() -> None:
    code = reply_address(12).split("-")[1].split("@")[0]

    parsed = parse_reply_address(f"<Reply+12-{code.upper()}@Tracker.Example.ORG>")

    assert parsed == ReplyAddress(request_id=12, is_valid=True)


def test_a_wrong_code_is_ours_but_not_valid() -> None:
    assert parse_reply_address("reply+12-abcdefabcd@tracker.example.org") == ReplyAddress(
        request_id=12, is_valid=False
    )


@pytest.mark.parametrize(
    "address",
    [
        "reply+12-292600068d@example.org",  # another domain
        "answer+12-292600068d@tracker.example.org",  # another prefix
        "reply+twelve-292600068d@tracker.example.org",
        "dana@example.org",
        "",
    ],
)
def test_an_address_that_is_not_ours_gives_none(address: str) -> None:
    assert parse_reply_address(address) is None


def test_addresses_are_found_in_text_once_each() -> None:
    text = (
        f"To: Dana <{reply_address(12)}>\n"
        f"Cc: {reply_address(12).upper()}, reply+13-0000000000@tracker.example.org, x@y.kz"
    )

    assert find_reply_addresses(text) == [
        ReplyAddress(request_id=12, is_valid=True),
        ReplyAddress(request_id=13, is_valid=False),
    ]


@pytest.mark.parametrize(
    ("subject", "number"),
    [
        # our marker, as mail.outgoing.subject_for writes it, quoted by a reply
        ("Re: Статистика обращений #12", 12),
        ("RE: FW: Статистика обращений #12", 12),
        ("Re: #12", 12),
        ("Ответ (Статистика обращений #12)", 12),
        ("Приказ #5 и статистика #12", 12),  # the last marker is ours, at the end
        # anything else names no request
        ("исх. № 2-14-08/1234", None),
        ("Ответ на запрос 2026 года", None),
        ("№ 1", None),
        ("Ответ на запрос № 12", None),
        ("Ответ на запрос №12 от 02.03.2026", None),
        ("RE: request 12 answer", None),
        ("Сұрау 45 бойынша жауап", None),
        ("RE: #2-14-08/1234", None),
        ("Статистика#12", None),
        ("No 2 items", None),
        ("", None),
    ],
)
def test_only_our_own_marker_in_a_subject_names_a_request(subject: str, number: int | None) -> None:
    assert request_number_in_subject(subject) == number


@pytest.mark.parametrize(
    ("header", "ids"),
    [
        ("<a@x.kz>", ["<a@x.kz>"]),
        ("<a@x.kz> <b@x.kz>\t<a@x.kz>", ["<a@x.kz>", "<b@x.kz>"]),
        ("a@x.kz", ["<a@x.kz>"]),  # a mailer that drops the brackets
        ("Your message of 2 March <a@x.kz>", ["<a@x.kz>"]),
        ("", []),
        ("not an id", []),
    ],
)
def test_message_ids_are_read_from_in_reply_to_and_references(header: str, ids: list[str]) -> None:
    assert message_ids(header) == ids
