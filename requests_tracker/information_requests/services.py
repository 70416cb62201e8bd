"""Writes to requests: creating one and appending facts to its timeline."""

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import FileField
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_tracker.accounts.models import Organization, User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.clock import (
    CLOCK_EVENTS,
    read_facts,
    recompute_deadlines,
)
from requests_tracker.information_requests.evidence import check_evidence
from requests_tracker.information_requests.facts_check import check_event
from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    Step,
    TimelineEvent,
)
from requests_tracker.information_requests.status import (
    EventKind,
    InvalidTransitionError,
    Status,
    next_status,
)
from requests_tracker.laws.models import LegalRule


class SubmissionFollowUp(Protocol):
    def __call__(self, *, information_request_id: int, now: datetime) -> None: ...


# What apps above this one do when a request is submitted, whichever way it came, in the same
# transaction as the SUBMITTED event: today one, collective.submission.note_submission (a
# collective appeal is sent with its last addressee), registered by CollectiveConfig.ready.
# They register because this app may not import them: they import it.
_submission_follow_ups: list[SubmissionFollowUp] = []


# The events that send a submitted request again, another way, after its email bounced.
SENT_AGAIN_KINDS = frozenset({EventKind.POSTED, EventKind.SUBMITTED})


def is_undelivered(information_request: InformationRequest) -> bool:
    """Whether the request was submitted by an email that bounced, and not yet sent again."""
    time_zone = ZoneInfo(information_request.public_body.jurisdiction.time_zone)
    events = information_request.events.order_by("occurred_at", "id")
    return read_facts(events, time_zone).not_delivered


def follow_every_submission_with(follow_up: SubmissionFollowUp) -> None:
    """Call ``follow_up`` after every SUBMITTED event ``record_event`` appends (once, however often
    it is registered)."""
    if follow_up not in _submission_follow_ups:
        _submission_follow_ups.append(follow_up)


@transaction.atomic
def create_request(
    *,
    requester: User,
    public_body: PublicBody,
    legal_rules: Iterable[LegalRule],
    subject: str,
    text: str,
    language: str,
    created_at: datetime,
    organization: Organization | None = None,
    step: Step = Step.REQUEST,
    escalates: InformationRequest | None = None,
) -> InformationRequest:
    """A draft request (or an appeal escalating one) with the first event of its timeline."""
    rules = list(legal_rules)
    if not rules:
        raise DomainError(_("A request cites at least one legal rule."))
    if any(rule.instrument.jurisdiction_id != public_body.jurisdiction_id for rule in rules):
        raise DomainError(_("Every legal rule must belong to the body's jurisdiction."))
    information_request = InformationRequest.objects.create(
        requester=requester,
        organization=organization,
        public_body=public_body,
        subject=subject,
        text=text,
        language=language,
        step=step,
        escalates=escalates,
    )
    information_request.legal_rules.set(rules)
    record_event(
        information_request=information_request,
        kind=EventKind.CREATED,
        occurred_at=created_at,
        recorded_by=requester,
    )
    return information_request


@transaction.atomic
def record_event(
    *,
    information_request: InformationRequest,
    kind: EventKind,
    occurred_at: datetime,
    recorded_by: User | None,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> TimelineEvent:
    """Append one event and move the status; refuse an event that cannot follow the status, or
    that cannot be true (in the future, before the request's first fact, out of order)."""
    locked = (
        InformationRequest.objects.select_related("public_body__jurisdiction")
        .select_for_update(of=("self",))
        .get(pk=information_request.pk)
    )
    current = None if kind == EventKind.CREATED else Status(locked.status)
    status = next_status(current, kind)  # raises InvalidTransitionError: nothing is written
    if kind in SENT_AGAIN_KINDS and current == Status.SUBMITTED and not is_undelivered(locked):
        raise InvalidTransitionError(
            _(
                "The request was already submitted: it can be sent another way only when it did "
                "not reach the body."
            )
        )
    now = timezone.now()
    # Raises ImpossibleFactError: nothing is written.
    check_event(
        information_request=locked, kind=kind, occurred_at=occurred_at, data=data or {}, now=now
    )
    event = TimelineEvent.objects.create(
        information_request=locked,
        kind=kind,
        occurred_at=occurred_at,
        recorded_by=recorded_by,
        data=data or {},
        note=note,
    )
    updates: dict[str, Any] = {}
    if status is not None and status != locked.status:
        updates["status"] = status
    if kind == EventKind.FORWARDED and event.data.get("to_body"):
        updates["public_body"] = PublicBody.objects.get(slug=event.data["to_body"])
    if updates:
        InformationRequest.objects.filter(pk=locked.pk).update(**updates)
    information_request.status = status or locked.status
    if kind in CLOCK_EVENTS:
        recompute_deadlines(information_request=locked, now=now)
    if kind == EventKind.SUBMITTED:
        for follow_up in _submission_follow_ups:
            follow_up(information_request_id=locked.pk, now=occurred_at)
    return event


def _evidence_field() -> FileField:
    field = EvidenceFile._meta.get_field("file")
    assert isinstance(field, FileField)
    return field


@dataclass(frozen=True)
class StoredEvidence:
    """A checked file already written to the storage, its row not made yet."""

    name: str  # the storage's name for it
    original_name: str
    content_type: str
    size: int
    sha256: str


def store_evidence(*, name: str, content: bytes) -> StoredEvidence:
    """Check a file and write it to the storage, before the transaction that locks its request.

    Storage takes part in no transaction and may be slow (a disk, an object store): written
    first, it never holds a request's lock. Raises DomainError, and writes nothing, for a file too
    large or of a type not kept. Whoever stores a file removes it if its row is not made.
    """
    content_type = check_evidence(name=name, content=content)
    field = _evidence_field()
    # upload_to is a strftime pattern ("evidence/%Y/%m/"): the name needs no instance.
    wanted = field.generate_filename(None, name)
    stored_name = field.storage.save(wanted, ContentFile(content), max_length=field.max_length)
    return StoredEvidence(
        name=stored_name,
        original_name=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def evidence_storage() -> Storage:
    """The storage evidence files are written to."""
    return _evidence_field().storage


def discard_stored_evidence(stored: Iterable[StoredEvidence]) -> None:
    """Remove files written by ``store_evidence`` whose rows were not made."""
    storage = evidence_storage()
    for file in stored:
        storage.delete(file.name)


@contextmanager
def evidence_stored_first(uploads: Sequence[tuple[str, bytes]]) -> Iterator[list[StoredEvidence]]:
    """Store the files (name, content) before the block locks anything; remove them if it fails."""
    stored: list[StoredEvidence] = []
    try:
        for name, content in uploads:
            stored.append(store_evidence(name=name, content=content))
        yield stored
    except BaseException:
        discard_stored_evidence(stored)
        raise


def attach_stored_evidence(*, event: TimelineEvent, stored: StoredEvidence) -> EvidenceFile:
    """The row of a file ``store_evidence`` wrote, as evidence of an event: no storage I/O."""
    evidence = EvidenceFile(
        event=event,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
    )
    evidence.file.name = stored.name
    evidence.save()
    return evidence


def attach_evidence(*, event: TimelineEvent, name: str, content: bytes) -> EvidenceFile:
    """Store a file as evidence of an event, with its sniffed type, size and SHA-256 digest.

    Raises DomainError (and stores nothing) for a file too large or of a type not kept. It writes
    to the storage: inside a transaction that locked the event's request, use
    ``evidence_stored_first`` before the lock and ``attach_stored_evidence`` after it instead.
    """
    with evidence_stored_first([(name, content)]) as (stored,), transaction.atomic():
        return attach_stored_evidence(event=event, stored=stored)


def record_event_with_evidence(
    *,
    information_request: InformationRequest,
    kind: EventKind,
    occurred_at: datetime,
    recorded_by: User,
    data: dict[str, Any],
    note: str,
    uploads: Sequence[tuple[str, bytes]],
) -> TimelineEvent:
    """Record one event with its files (name, content), as the request page and the API do:
    the files are written before ``record_event`` locks the request, and removed again if the
    event is refused (DomainError), so a refused event leaves nothing behind."""
    with evidence_stored_first(uploads) as stored, transaction.atomic():
        event = record_event(
            information_request=information_request,
            kind=kind,
            occurred_at=occurred_at,
            recorded_by=recorded_by,
            data=data,
            note=note,
        )
        for file in stored:
            attach_stored_evidence(event=event, stored=file)
    return event
