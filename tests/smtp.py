"""A real SMTP server for the tests of email: aiosmtpd on a free local port."""

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from pytest_django.fixtures import Settings


class Inbox:
    """An aiosmtpd handler that keeps every message it receives, and the bytes it received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.raw.append(envelope.original_content)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def send_mail_to_local_smtp(settings: Settings) -> int:
    """Point Django's SMTP backend at a free local port, where a test may start a server."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "tracker@example.org"
    return port


@contextmanager
def smtp_server(port: int, handler: Inbox | None = None) -> Iterator[Inbox]:
    """A real SMTP server on ``port`` for as long as the block runs (``handler``: an Inbox of
    the test's own)."""
    inbox = handler or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
