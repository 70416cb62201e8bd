"""A real SMTP server and the people of the following tests."""

from collections.abc import Iterator
from email.message import Message

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.accounts.models import User
from tests.factories import UserFactory
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

SITE = "https://tracker.example.org"


@pytest.fixture
def smtp_port(settings: SettingsWrapper) -> int:
    port = send_mail_to_local_smtp(settings)
    settings.SITE_URL = SITE
    return port


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    with smtp_server(smtp_port) as received:
        yield received


def follower(username: str = "aigerim", language: str = "ru") -> User:
    user: User = UserFactory.create(
        username=username, first_name="Айгерим", last_name="Сапарова", preferred_language=language
    )
    return user


def body_text(message: Message, subtype: str = "plain") -> str:
    for part in message.walk():
        if part.get_content_type() == f"text/{subtype}":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no text/{subtype} part")


def subject_of(message: Message) -> str:
    # (stripped: Python reads the space before a folded encoded word as part of the value)
    return " ".join(str(message["Subject"]).split())
