"""Submitting a request by hand through a channel, up to the moment its legal clock starts.

- e-Otinish and in person: the body registers the request when it receives it, so one step
  records the receipt (SUBMITTED) and the registration (REGISTERED) at once, with the portal's
  receipt or the photo of the stamped copy as evidence.
- post: posting (POSTED) starts no clock, since the letter has not reached the body; the date on
  the delivery notice is the receipt (SUBMITTED), with the notice's scan as evidence.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.facts_check import is_in_future
from requests_tracker.information_requests.models import (
    InformationRequest,
    SubmissionChannel,
    TimelineEvent,
)
from requests_tracker.information_requests.services import (
    StoredEvidence,
    attach_stored_evidence,
    evidence_stored_first,
    record_event,
)
from requests_tracker.information_requests.status import EventKind, Status


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def _time_zone(information_request: InformationRequest) -> ZoneInfo:
    return ZoneInfo(information_request.public_body.jurisdiction.time_zone)


def _start_of(day: date, time_zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=time_zone)


def start_of_day(information_request: InformationRequest, day: date) -> datetime:
    """The start of ``day`` where the body is: a date on a stamp or a notice, as a moment."""
    return _start_of(day, _time_zone(information_request))


def _not_in_future(moment: datetime) -> None:
    if is_in_future(moment, now=timezone.now()):
        raise DomainError(_("The date cannot be in the future."))


def record_registered_submission(
    *,
    information_request: InformationRequest,
    channel: SubmissionChannel,
    registration_number: str,
    registered_at: datetime,
    evidence: Upload,
    recorded_by: User,
) -> TimelineEvent:
    """Received and registered at once (e-Otinish, in person): the clock runs from registration."""
    if channel not in (SubmissionChannel.E_OTINISH, SubmissionChannel.IN_PERSON):
        raise DomainError(_("Only e-Otinish and in-person submissions are registered on receipt."))
    _not_in_future(registered_at)
    registered_on = registered_at.astimezone(_time_zone(information_request)).date()
    # The file is written before record_event locks the request, never while it holds it.
    with evidence_stored_first([(evidence.name, evidence.content)]) as (stored,):
        return _record_registered(
            information_request=information_request,
            channel=channel,
            registration_number=registration_number,
            registered_at=registered_at,
            registered_on=registered_on,
            stored=stored,
            recorded_by=recorded_by,
        )


@transaction.atomic
def _record_registered(
    *,
    information_request: InformationRequest,
    channel: SubmissionChannel,
    registration_number: str,
    registered_at: datetime,
    registered_on: date,
    stored: StoredEvidence,
    recorded_by: User,
) -> TimelineEvent:
    submitted = record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=registered_at,
        recorded_by=recorded_by,
        data={"channel": channel, "registration_number": registration_number},
    )
    attach_stored_evidence(event=submitted, stored=stored)
    record_event(
        information_request=information_request,
        kind=EventKind.REGISTERED,
        occurred_at=registered_at,
        recorded_by=recorded_by,
        data={
            "channel": channel,
            "registration_number": registration_number,
            "registered_on": registered_on.isoformat(),
        },
    )
    return submitted


def pending_posting(information_request: InformationRequest) -> TimelineEvent | None:
    """The last posting of a request not yet received by the body, or None: a draft's, or one
    sent after the request's email bounced (no receipt recorded since)."""
    if information_request.status not in (Status.DRAFT, Status.SUBMITTED):
        return None
    last = (
        information_request.events.filter(kind__in=(EventKind.POSTED, EventKind.SUBMITTED))
        .order_by("-id")
        .first()
    )  # the last recorded: a posting dated before a bounced email
    return last if last is not None and last.kind == EventKind.POSTED else None


def record_posting(
    *,
    information_request: InformationRequest,
    mail_number: str,
    posted_on: date,
    recorded_by: User,
) -> TimelineEvent:
    """Posted by registered mail: on its way; no clock starts until the delivery is recorded."""
    posted_at = _start_of(posted_on, _time_zone(information_request))
    _not_in_future(posted_at)
    return record_event(
        information_request=information_request,
        kind=EventKind.POSTED,
        occurred_at=posted_at,
        recorded_by=recorded_by,
        data={
            "channel": SubmissionChannel.POST,
            "mail_number": mail_number,
            "posted_on": posted_on.isoformat(),
        },
    )


def record_delivery(
    *,
    information_request: InformationRequest,
    delivered_on: date,
    notice: Upload,
    recorded_by: User,
) -> TimelineEvent:
    """The date on the delivery notice is the body's receipt: the clock starts from it."""
    posting = pending_posting(information_request)
    if posting is None:
        raise DomainError(_("Record the posting first: the registered mail number and date."))
    if delivered_on < date.fromisoformat(posting.data["posted_on"]):
        raise DomainError(_("The delivery date cannot be before the posting date."))
    delivered_at = _start_of(delivered_on, _time_zone(information_request))
    _not_in_future(delivered_at)
    # The notice is written before record_event locks the request, never while it holds it.
    with evidence_stored_first([(notice.name, notice.content)]) as (stored,), transaction.atomic():
        submitted = record_event(
            information_request=information_request,
            kind=EventKind.SUBMITTED,
            occurred_at=delivered_at,
            recorded_by=recorded_by,
            data={
                "channel": SubmissionChannel.POST,
                "mail_number": posting.data["mail_number"],
                "delivered_on": delivered_on.isoformat(),
            },
        )
        attach_stored_evidence(event=submitted, stored=stored)
    return submitted
