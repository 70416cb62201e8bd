"""When the outbox tries a failed email again: a backoff spanning hours, and which errors are final.

Every outgoing email (to a body, or an alert to a person) is a row; beat picks up the rows whose
``next_attempt_at`` has come. A transient failure (the SMTP server is down, a 4xx answer) is never
given up by itself: the wait doubles from ``OUTBOX_RETRY_BASE_SECONDS`` up to
``OUTBOX_RETRY_MAX_SECONDS`` and the row waits until it is sent or a person gives up on it. A
permanent refusal (a 5xx answer: no such mailbox) is final at once, shown, and can be sent again.
"""

import smtplib
from datetime import datetime, timedelta

from django.conf import settings


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: base, 2x base, 4x base, ... capped."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    cap = settings.OUTBOX_RETRY_MAX_SECONDS
    exponent = min(max(attempts - 1, 0), 30)  # 2**30 x base is past any cap
    return timedelta(seconds=min(base * 2**exponent, cap))


def next_attempt_at(*, attempts: int, failed_at: datetime) -> datetime:
    return failed_at + retry_delay(attempts)


def is_permanent(error: BaseException) -> bool:
    """True for a refusal that retrying cannot cure: a 5xx SMTP answer for every recipient."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False
