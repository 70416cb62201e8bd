"""Requests as the search sees them: created through the service, submitted, replies filed on
their timeline as the mail ingest files them, published as the request page does it (an UPDATE
of the visibility), and the commit's reindexing run."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.mail.models import IncomingEmail, IncomingStatus, MatchKind
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
Commit = Callable[..., AbstractContextManager[Any]]


def file_reply(information_request: InformationRequest, text: str) -> IncomingEmail:
    """The body's reply of 20 March filed on the request's timeline (a draft is submitted on
    2 March first: a reply is never filed on a draft)."""
    information_request.refresh_from_db()
    if information_request.status == Status.DRAFT:
        record_event(
            information_request=information_request,
            kind=EventKind.SUBMITTED,
            occurred_at=datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY),
            recorded_by=information_request.requester,
        )
    incoming = IncomingEmail.objects.create(
        message_id=f"<reply-{information_request.pk}-{IncomingEmail.objects.count()}@gov.kz>",
        raw="mail/in/reply.eml",
        sha256="0" * 64,
        size=len(text),
        source="smtp",
        received_at=datetime(2026, 3, 20, 10, 0, tzinfo=ALMATY),
        from_address="kense@akimat.kz",
        subject="Ответ на запрос",
        text_body=text,
        match=MatchKind.EXACT,
        status=IncomingStatus.FILED,
        information_request=information_request,
    )
    incoming.timeline_event = record_event(
        information_request=information_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=incoming.received_at,
        recorded_by=None,
        data={"incoming_email": incoming.pk, "subject": incoming.subject},
        note=incoming.subject,
    )
    incoming.save(update_fields=["timeline_event"])
    return incoming


def publish(information_request: InformationRequest, visibility: str = Visibility.PUBLIC) -> None:
    """As the request page's visibility form does it."""
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility=visibility)


@pytest.fixture
def published(
    db: None, django_capture_on_commit_callbacks: Commit
) -> Callable[..., InformationRequest]:
    """A published request with ``subject``, ``text`` and a reply, indexed as after a commit."""

    def make(*, reply: str = "", public: bool = True, **values: Any) -> InformationRequest:
        with django_capture_on_commit_callbacks(execute=True):
            information_request = make_request(**values)
            if reply:
                file_reply(information_request, reply)
        if public:
            publish(information_request)
        return information_request

    return make
