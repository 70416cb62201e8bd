"""What hangs off a request follows the request's policy, never a looser one; a held message
(filed on no request) is NGO staff's and superusers'."""

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.access.mail import changeable_incoming, readable_incoming
from requests_tracker.access.records import (
    readable_deadlines,
    readable_events,
    readable_evidence,
    readable_letters,
)
from requests_tracker.correspondence.services import generate_letter
from requests_tracker.information_requests.models import EvidenceFile, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.models import IncomingEmail, IncomingStatus, MatchKind

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 2, 12, tzinfo=ALMATY)


def with_records(information_request: InformationRequest) -> dict[str, Any]:
    """The request submitted (so it has deadlines), a letter, an evidence file and a filed
    message on it."""
    event = record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=NOW,
        recorded_by=information_request.requester,
    )
    return {
        "letter": generate_letter(
            information_request=information_request, user=information_request.requester, now=NOW
        ),
        "evidence": EvidenceFile.objects.create(
            event=event,
            file="evidence/2026/03/source.pdf",
            original_name="источник.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
        ),
        "message": incoming(f"filed-{information_request.pk}", information_request),
        "event": event,
        "deadline": information_request.deadlines.get(),
    }


def incoming(message_id: str, information_request: InformationRequest | None) -> IncomingEmail:
    return IncomingEmail.objects.create(
        message_id=message_id,
        raw="mail/in/2026/03/x.eml",
        sha256="0" * 64,
        size=10,
        source="webhook",
        received_at=NOW,
        from_address="police@example.invalid",
        match=MatchKind.UNMATCHED if information_request is None else MatchKind.EXACT,
        status=IncomingStatus.HELD if information_request is None else IncomingStatus.FILED,
        information_request=information_request,
    )


@pytest.mark.parametrize(
    ("subject", "visibility", "reads"),
    [
        ("owner", "private", True),
        ("colleague viewer", "private", False),
        ("colleague viewer", "organization", True),
        ("colleague viewer", "public", True),
        ("ngo staff", "private", False),
        ("ngo staff", "public", False),
        ("outsider", "public", False),
        ("superuser", "private", True),
        ("anonymous", "public", False),
    ],
)
def test_letters_evidence_timeline_and_deadlines_go_with_the_request(
    subjects: dict[str, Any],
    request_in: Callable[[str], InformationRequest],
    subject: str,
    visibility: str,
    reads: bool,
) -> None:
    # given
    information_request = request_in(visibility)
    records = with_records(information_request)
    user = subjects[subject]

    # when
    seen = (
        records["letter"] in readable_letters(user),
        records["evidence"] in readable_evidence(user),
        records["event"] in readable_events(user),
        records["deadline"] in readable_deadlines(user),
        records["message"] in readable_incoming(user),
    )

    # then
    assert seen == (reads, reads, reads, reads, reads)


@pytest.mark.parametrize(
    ("subject", "handles"),
    [
        ("ngo staff", True),
        ("ngo admin", True),
        ("superuser", True),
        ("outlet admin", False),
        ("site staff", False),
        ("owner", False),
    ],
)
def test_only_ngo_staff_read_and_file_a_held_message(
    subjects: dict[str, Any], subject: str, handles: bool
) -> None:
    held = incoming("held-1", None)
    user = subjects[subject]

    assert (held in readable_incoming(user), held in changeable_incoming(user)) == (
        handles,
        handles,
    )
