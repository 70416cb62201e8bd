"""A request's status follows from its append-only timeline."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import attach_evidence, record_event
from requests_tracker.information_requests.status import (
    EventKind,
    InvalidTransitionError,
    Status,
    derive_status,
)
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=ALMATY)


@pytest.mark.parametrize(
    ("events", "status"),
    [
        ([EventKind.CREATED], Status.DRAFT),
        ([EventKind.CREATED, EventKind.SUBMITTED], Status.SUBMITTED),
        ([EventKind.CREATED, EventKind.SUBMITTED, EventKind.REGISTERED], Status.AWAITING_REPLY),
        (
            [EventKind.CREATED, EventKind.SUBMITTED, EventKind.REGISTERED, EventKind.OVERDUE],
            Status.OVERDUE,
        ),
        (
            [EventKind.CREATED, EventKind.SUBMITTED, EventKind.OVERDUE, EventKind.ANSWERED],
            Status.ANSWERED,
        ),
        (
            [EventKind.CREATED, EventKind.SUBMITTED, EventKind.CLARIFICATION_REQUESTED],
            Status.CLARIFICATION_REQUESTED,
        ),
        (
            [
                EventKind.CREATED,
                EventKind.SUBMITTED,
                EventKind.CLARIFICATION_REQUESTED,
                EventKind.CLARIFICATION_PROVIDED,
            ],
            Status.AWAITING_REPLY,
        ),
        ([EventKind.CREATED, EventKind.SUBMITTED, EventKind.REFUSED], Status.REFUSED),
        ([EventKind.CREATED, EventKind.SUBMITTED, EventKind.NOTE], Status.SUBMITTED),
        ([EventKind.CREATED, EventKind.WITHDRAWN], Status.WITHDRAWN),
    ],
)
def test_the_status_is_what_the_timeline_leads_to(events: list[EventKind], status: Status) -> None:
    assert derive_status(events) == status


@pytest.mark.parametrize(
    "events",
    [
        [EventKind.SUBMITTED],
        [EventKind.CREATED, EventKind.REGISTERED],
        [EventKind.CREATED, EventKind.SUBMITTED, EventKind.ANSWERED, EventKind.REFUSED],
        [EventKind.CREATED, EventKind.SUBMITTED, EventKind.WITHDRAWN, EventKind.ANSWERED],
    ],
)
def test_an_impossible_timeline_is_refused(events: list[EventKind]) -> None:
    with pytest.raises(InvalidTransitionError):
        derive_status(events)


@pytest.mark.django_db
def test_recording_events_moves_the_stored_status_as_the_timeline_says() -> None:
    # given
    information_request = make_request(created_at=at(2))

    # when
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(2, 11),
        recorded_by=information_request.requester,
        data={"channel": "e_otinish"},
    )
    record_event(
        information_request=information_request,
        kind=EventKind.REGISTERED,
        occurred_at=at(3),
        recorded_by=information_request.requester,
        data={"registration_number": "ЖТ-2026-00042"},
    )

    # then
    stored = InformationRequest.objects.get(pk=information_request.pk)
    assert stored.status == Status.AWAITING_REPLY
    assert stored.derive_status() == Status.AWAITING_REPLY
    assert list(stored.events.values_list("kind", flat=True)) == [
        "created",
        "submitted",
        "registered",
    ]


@pytest.mark.django_db
def test_an_event_that_cannot_follow_is_refused_and_changes_nothing() -> None:
    # given: a draft, never submitted
    information_request = make_request(created_at=at(2))

    # when (the refusal read in English, whatever an earlier test left active)
    with (
        translation.override("en"),
        pytest.raises(InvalidTransitionError, match="cannot be recorded"),
    ):
        record_event(
            information_request=information_request,
            kind=EventKind.ANSWERED,
            occurred_at=at(5),
            recorded_by=information_request.requester,
        )

    # then
    assert InformationRequest.objects.get(pk=information_request.pk).status == Status.DRAFT
    assert information_request.events.count() == 1


@pytest.mark.django_db
def test_timeline_events_are_never_changed_or_deleted() -> None:
    information_request = make_request(created_at=at(2))
    event = TimelineEvent.objects.get(information_request=information_request)

    event.note = "rewritten history"
    with pytest.raises(DomainError):
        event.save()
    with pytest.raises(DomainError):
        event.delete()

    assert TimelineEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.django_db
def test_a_request_must_cite_a_rule_of_the_bodys_jurisdiction() -> None:
    with translation.override("en"), pytest.raises(DomainError, match="jurisdiction"):
        make_request(rule_ids=("RU.8FZ.18.response",))

    assert InformationRequest.objects.count() == 0


@pytest.mark.django_db
def test_evidence_is_stored_with_its_size_and_digest() -> None:
    information_request = make_request(created_at=at(2))
    event = information_request.events.get()

    evidence = attach_evidence(event=event, name="answer.txt", content=b"Answer of the body")

    assert (evidence.size, evidence.content_type) == (18, "text/plain")
    assert evidence.sha256 == "6737859d563c947ee39952704fef563b556c48909c275c5663db04d087691497"
    assert evidence.file.read() == b"Answer of the body"
