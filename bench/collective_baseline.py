"""The fan-out benchmark's baseline: the same rows a fan-out made, inserted again by bulk_create.

``snapshot`` reads every row a fan-out made (requests, their rule links, timeline events, letters,
emails, and which request each addressee became); ``insert_again`` writes them back as a
hand-written bulk insert would, one transaction a batch of the same size, with nothing rendered
or read: the floor of what making those rows can cost. Imported after Django is set up.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from requests_tracker.collective.models import Addressee
from requests_tracker.correspondence.models import Letter
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.mail.models import OutgoingEmail

Cited = InformationRequest.legal_rules.through


@dataclass
class Rows:
    """One addressee's rows, as column values (the ids left out, the links kept by position)."""

    addressee_id: int
    request: dict[str, Any]
    rule_ids: list[int]
    events: list[dict[str, Any]]
    letter: dict[str, Any]
    email: dict[str, Any] | None


def _columns(model: type, *, without: tuple[str, ...]) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields  # type: ignore[attr-defined]
        if field.attname not in ("id", *without)
    ]


def snapshot(appeal_id: int) -> list[Rows]:
    addressees = list(
        Addressee.objects.filter(appeal_id=appeal_id)
        .order_by("id")
        .values_list("id", "information_request_id")
    )
    request_ids = [request_id for _id, request_id in addressees]
    requests = InformationRequest.objects.in_bulk(request_ids)
    request_columns = _columns(InformationRequest, without=())
    rules: dict[int, list[int]] = {}
    for request_id, rule_id in Cited.objects.filter(
        informationrequest_id__in=request_ids
    ).values_list("informationrequest_id", "legalrule_id"):
        rules.setdefault(request_id, []).append(rule_id)
    events: dict[int, list[dict[str, Any]]] = {}
    event_columns = _columns(TimelineEvent, without=("information_request_id",))
    for event in TimelineEvent.objects.filter(information_request_id__in=request_ids):
        values = {name: getattr(event, name) for name in event_columns}
        events.setdefault(event.information_request_id, []).append(values)
    letter_columns = _columns(Letter, without=("information_request_id",))
    letters = {
        letter.information_request_id: letter
        for letter in Letter.objects.filter(information_request_id__in=request_ids)
    }
    email_columns = _columns(OutgoingEmail, without=("information_request_id", "letter_id"))
    emails = {
        email.information_request_id: email
        for email in OutgoingEmail.objects.filter(information_request_id__in=request_ids)
    }
    return [
        Rows(
            addressee_id=addressee_id,
            request={name: getattr(requests[request_id], name) for name in request_columns},
            rule_ids=rules[request_id],
            events=events[request_id],
            letter={name: getattr(letters[request_id], name) for name in letter_columns},
            email={name: getattr(emails[request_id], name) for name in email_columns}
            if request_id in emails
            else None,
        )
        for addressee_id, request_id in addressees
    ]


def insert_again(rows: list[Rows], batch_size: int) -> None:
    """The rows inserted again, table by table, one transaction a batch."""
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        with transaction.atomic():
            requests = InformationRequest.objects.bulk_create(
                [InformationRequest(**row.request) for row in batch]
            )
            Cited.objects.bulk_create(
                [
                    Cited(informationrequest_id=request.pk, legalrule_id=rule_id)
                    for row, request in zip(batch, requests, strict=True)
                    for rule_id in row.rule_ids
                ]
            )
            TimelineEvent.objects.bulk_create(
                [
                    TimelineEvent(information_request_id=request.pk, **event)
                    for row, request in zip(batch, requests, strict=True)
                    for event in row.events
                ]
            )
            letters = Letter.objects.bulk_create(
                [
                    Letter(information_request_id=request.pk, **row.letter)
                    for row, request in zip(batch, requests, strict=True)
                ]
            )
            OutgoingEmail.objects.bulk_create(
                [
                    OutgoingEmail(
                        information_request_id=request.pk, letter_id=letter.pk, **row.email
                    )
                    for row, request, letter in zip(batch, requests, letters, strict=True)
                    if row.email is not None
                ]
            )
            Addressee.objects.bulk_update(
                [
                    Addressee(id=row.addressee_id, information_request_id=request.pk)
                    for row, request in zip(batch, requests, strict=True)
                ],
                ["information_request"],
            )
