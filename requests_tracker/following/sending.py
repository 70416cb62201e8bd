"""Rendering and sending the emails to followers, in the worker: one, or beat's sweep.

The outbox's mechanics (``core/outbox.py``) as for alerts: a worker holds a row by an advisory
lock while the SMTP server answers, reads it again, and records each attempt; a transient failure
waits for its next attempt, a 5xx refusal fails the row. Every email carries its follow's
unsubscribe link, also as ``List-Unsubscribe`` with RFC 8058's one-click ``List-Unsubscribe-Post``.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from requests_tracker.core.i18n import localized
from requests_tracker.core.models import OutboxQuerySet
from requests_tracker.core.outbox import Connection, describe, send_one, sweep
from requests_tracker.core.retry import is_permanent, next_attempt_at
from requests_tracker.following.models import FollowNotice
from requests_tracker.following.public import public_subject
from requests_tracker.information_requests.models import Visibility
from requests_tracker.information_requests.status import EventKind

logger = logging.getLogger(__name__)


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(token: str) -> str:
    return site_url(reverse("follow-unsubscribe", args=[token]))


def render_notice(notice: FollowNotice) -> tuple[str, str, str]:
    """Subject, text and HTML of the email, in the follower's language."""
    announcement = notice.announcement
    information_request = announcement.information_request
    language = notice.language
    with translation.override(language):
        event = announcement.event
        context = {
            "kind": announcement.kind,
            "follow_kind": notice.follow.kind,
            "label": notice.follow.label,
            "recipient_name": notice.recipient.get_full_name() or notice.recipient.username,
            "subject": public_subject(information_request),
            "body_name": localized(information_request.public_body, "name", language),
            "event": str(EventKind(event.kind).label) if event is not None else "",
            "event_date": event.occurred_at if event is not None else None,
            "request_url": site_url(reverse("public-request", args=[information_request.pk])),
            "unsubscribe_url": unsubscribe_url(notice.follow.unsubscribe_token),
            "following_url": site_url(reverse("following")),
        }
        text = render_to_string(f"following/notice.{language}.txt", context)
        subject, _blank, body = text.partition("\n\n")
        html = render_to_string(
            "notifications/alert.html",
            {**context, "subject": subject.strip(), "paragraphs": body.strip().split("\n\n")},
        )
    return subject.strip(), body.strip() + "\n", html


def due_notices(*, now: datetime) -> OutboxQuerySet:
    return (
        FollowNotice.objects.due(now=now)
        .select_related(
            "recipient",
            "follow",
            "announcement__information_request__public_body",
            "announcement__event",
        )
        .order_by("next_attempt_at", "id")
    )


def send_notice(*, notice_id: int, now: datetime | None = None) -> bool:
    """Send one email if due and no other worker holds it; True when sent now."""
    due = due_notices(now=now or timezone.now())
    return send_one(due, notice_id, lambda notice: attempt_notice(notice, None)) is True


def send_due_notices(*, now: datetime) -> int:
    """Beat's sweep: every due email, batch by batch; returns how many were sent."""
    return sweep(due=lambda: due_notices(now=now), attempt=attempt_notice)


def attempt_notice(notice: FollowNotice, connection: Connection | None) -> bool:
    """Send one email this worker holds (outside any transaction) and record the attempt.

    Recorded by an UPDATE of the row, so that a follow deleted meanwhile (unsubscribed) is no
    error. A request made private again before its email went is not told of: given up.
    """
    attempted_at = timezone.now()
    outcome: dict[str, object] = {"attempts": notice.attempts + 1, "last_attempt_at": attempted_at}
    rows = FollowNotice.objects.filter(pk=notice.pk)
    information_request = notice.announcement.information_request
    if information_request.visibility != Visibility.PUBLIC:
        rows.update(
            **outcome,
            failed_at=attempted_at,
            last_error="The request is no longer public: nothing is told of it.",
        )
        return False
    try:
        subject, text, html = render_notice(notice)
        link = unsubscribe_url(notice.follow.unsubscribe_token)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            to=[notice.recipient.email],
            headers={
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(html, "text/html")
        if connection is not None:
            message.connection = connection.backend
        message.send()
    except Exception as error:  # recorded on the row: the sweep is the retry
        outcome["last_error"] = describe(error)
        if is_permanent(error):
            outcome["failed_at"] = attempted_at
        else:
            outcome["next_attempt_at"] = next_attempt_at(
                attempts=notice.attempts + 1, failed_at=attempted_at
            )
        rows.update(**outcome)
        logger.warning("follow email %s attempt failed: %s", notice.pk, error)
        return False
    rows.update(**outcome, sent_at=attempted_at, last_error="")
    return True
