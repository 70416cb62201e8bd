"""The outbox's backoff spans hours and never gives up on a transient error by itself."""

import smtplib
from datetime import timedelta

import pytest
from pytest_django.fixtures import Settings

from requests_tracker.core.retry import is_permanent, retry_delay


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [
        (1, timedelta(minutes=1)),
        (2, timedelta(minutes=2)),
        (3, timedelta(minutes=4)),
        (6, timedelta(minutes=32)),
        (7, timedelta(hours=1)),  # 64 minutes, capped at the hour
        (500, timedelta(hours=1)),
    ],
)
def test_the_wait_doubles_from_a_minute_up_to_an_hour(
    attempts: int, expected: timedelta, settings: Settings
) -> None:
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 3600

    assert retry_delay(attempts) == expected


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPRecipientsRefused({"a@b.kz": (550, b"5.1.1 no such user")}), True),
        (smtplib.SMTPRecipientsRefused({"a@b.kz": (450, b"4.2.1 try later")}), False),
        (smtplib.SMTPDataError(554, b"5.7.1 rejected"), True),
        (smtplib.SMTPDataError(451, b"4.3.0 try later"), False),
        (smtplib.SMTPServerDisconnected("gone"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
    ],
)
def test_only_a_5xx_refusal_is_final(error: BaseException, permanent: bool) -> None:
    assert is_permanent(error) is permanent
