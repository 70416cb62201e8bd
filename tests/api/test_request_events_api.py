"""Recording a request's timeline through the API: the page's forms and checks, evidence files
kept with their digest, refused facts and files changing nothing; its letters and emails."""

import hashlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.accounts.tokens import create_api_token
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import EvidenceFile, InformationRequest
from requests_tracker.mail.models import IncomingEmail, IncomingStatus, MatchKind
from requests_tracker.mail.outgoing import queue_request_email
from tests.factories import UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 5, 12, 0, tzinfo=ALMATY)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana() -> User:
    user: User = UserFactory.create(username="dana", preferred_language="en")
    return user


@pytest.fixture
def client(dana: User) -> APIClient:
    client = APIClient()
    key = create_api_token(user=dana, name="script", now=timezone.now()).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def draft(dana: User) -> InformationRequest:
    return make_request(requester=dana, created_at=datetime(2026, 3, 2, 9, 0, tzinfo=ALMATY))


def post_event(client: APIClient, pk: int, **fields: object) -> Any:
    with time_machine.travel(NOW, tick=False):
        return client.post(f"/api/v1/requests/{pk}/events/", fields, format="multipart")


def kinds(information_request: InformationRequest) -> list[str]:
    return list(information_request.events.order_by("id").values_list("kind", flat=True))


def test_an_event_is_recorded_with_several_evidence_files(
    client: APIClient, draft: InformationRequest
) -> None:
    # when: a submission by post with the receipt and the letter as sent
    response = post_event(
        client,
        draft.pk,
        kind="submitted",
        occurred_at="2026-03-02T10:00",
        channel="post",
        note="Заказное письмо",
        evidence=[
            SimpleUploadedFile("receipt.pdf", PDF),
            SimpleUploadedFile("letter.txt", "Письмо в полицию".encode()),
        ],
    )

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["occurred_at"], body["data"], body["note"]) == (
        "submitted",
        "2026-03-02T10:00:00+05:00",
        {"channel": "post"},
        "Заказное письмо",
    )
    assert body["recorded_by"] == "dana"
    assert [
        (file["original_name"], file["content_type"], file["sha256"])
        for file in body["evidence_files"]
    ] == [
        ("receipt.pdf", "application/pdf", hashlib.sha256(PDF).hexdigest()),
        ("letter.txt", "text/plain", hashlib.sha256("Письмо в полицию".encode()).hexdigest()),
    ]
    assert kinds(draft) == ["created", "submitted"]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"kind": "submitted", "occurred_at": "2026-03-06T10:00", "channel": "post"},
            {"occurred_at": ["The date cannot be in the future."]},
        ),
        (
            {"kind": "submitted", "occurred_at": "2026-03-02T10:00"},
            {"channel": ["This field is required."]},
        ),
        (
            {"kind": "registered", "occurred_at": "2026-03-02T10:00", "registration_number": "1"},
            {
                "detail": [
                    "“Registered by the body” cannot be recorded on a request that is “Draft”."
                ]
            },
        ),
        (
            {"kind": "overdue", "occurred_at": "2026-03-02T10:00"},
            {
                "kind": [
                    "Choose one of: submitted, registered, extended, forwarded, "
                    "clarification_requested, clarification_provided, answered, "
                    "partially_answered, refused, withdrawn, note."
                ]
            },
        ),
    ],
)
def test_an_event_the_page_would_refuse_is_a_400_and_nothing_is_recorded(
    client: APIClient, draft: InformationRequest, fields: dict[str, str], errors: object
) -> None:
    # when
    response = post_event(client, draft.pk, **fields)

    # then
    assert response.status_code == 400
    assert response.json() == errors
    assert kinds(draft) == ["created"]


def test_a_registration_before_the_body_received_the_request_is_refused(
    client: APIClient, draft: InformationRequest
) -> None:
    # given: a request submitted on 3 March
    post_event(client, draft.pk, kind="submitted", occurred_at="2026-03-03T10:00", channel="post")

    # when: its registration is dated the day before
    response = post_event(
        client, draft.pk, kind="registered", occurred_at="2026-03-02T15:00", registration_number="7"
    )

    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": [
            "“Registered by the body” cannot be dated 02.03.2026: the body received the request "
            "on 03.03.2026, and cannot act on it before."
        ]
    }
    assert kinds(draft) == ["created", "submitted"]


def test_a_file_of_a_type_not_kept_is_refused_and_no_file_is_written(
    client: APIClient, draft: InformationRequest
) -> None:
    # given: what the storage holds before
    before = (
        set(default_storage.listdir("evidence")[0]) if default_storage.exists("evidence") else set()
    )

    # when: a receipt and a web page called a PDF
    response = post_event(
        client,
        draft.pk,
        kind="submitted",
        occurred_at="2026-03-02T10:00",
        channel="post",
        evidence=[
            SimpleUploadedFile("receipt.pdf", PDF),
            SimpleUploadedFile("answer.pdf", b"<html><script>alert(1)</script></html>"),
        ],
    )

    # then: refused with the reason, nothing recorded, no file left behind
    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
    assert "answer.pdf" in response.json()["detail"][0]
    assert kinds(draft) == ["created"]
    assert EvidenceFile.objects.count() == 0
    after = (
        set(default_storage.listdir("evidence")[0]) if default_storage.exists("evidence") else set()
    )
    assert after == before


def test_a_forwarding_names_the_new_body_by_its_slug(
    client: APIClient, draft: InformationRequest
) -> None:
    # given: a submitted and registered request
    post_event(client, draft.pk, kind="submitted", occurred_at="2026-03-02T10:00", channel="post")
    post_event(
        client, draft.pk, kind="registered", occurred_at="2026-03-02T15:00", registration_number="7"
    )

    # when
    response = post_event(
        client,
        draft.pk,
        kind="forwarded",
        occurred_at="2026-03-03T10:00",
        to_body="ministry-internal-affairs",
        received_at="2026-03-04T10:00",
    )

    # then
    assert response.status_code == 201, response.content
    assert response.json()["data"]["to_body"] == "ministry-internal-affairs"
    draft.refresh_from_db()
    assert draft.public_body == PublicBody.objects.get(slug="ministry-internal-affairs")


def test_the_timeline_is_listed_oldest_first_with_its_files(
    client: APIClient, draft: InformationRequest
) -> None:
    # given
    post_event(
        client,
        draft.pk,
        kind="submitted",
        occurred_at="2026-03-02T10:00",
        channel="post",
        evidence=SimpleUploadedFile("receipt.pdf", PDF),
    )

    # when
    response = client.get(f"/api/v1/requests/{draft.pk}/events/")

    # then
    assert response.status_code == 200
    events = response.json()
    assert [event["kind"] for event in events] == ["created", "submitted"]
    (receipt,) = events[1]["evidence_files"]
    assert receipt["url"] == f"/api/v1/evidence/{receipt['id']}/"


def test_someone_else_cannot_read_or_record_the_timeline(draft: InformationRequest) -> None:
    # given
    stranger: User = UserFactory.create(username="stranger")
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION="Token "
        + create_api_token(user=stranger, name="x", now=timezone.now()).key
    )

    # when
    read = client.get(f"/api/v1/requests/{draft.pk}/events/")
    recorded = post_event(client, draft.pk, kind="note", occurred_at="2026-03-03T10:00")

    # then
    assert (read.status_code, recorded.status_code) == (404, 404)
    assert kinds(draft) == ["created"]


def test_the_letters_and_emails_of_a_request_are_listed(
    client: APIClient, dana: User, draft: InformationRequest
) -> None:
    # given: the request emailed to the body, and the body's reply filed on it
    PublicBody.objects.filter(slug="police-kz-75").update(email="kense@police.example.kz")
    draft.refresh_from_db()
    sent_at = datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)
    outgoing = queue_request_email(
        information_request=draft, intent="request", user=dana, now=sent_at
    )
    raw = b"Subject: Re\n\nAnswer\n"
    incoming = IncomingEmail.objects.create(
        message_id="<reply-1@police.example.kz>",
        raw=default_storage.save("mail/in/api-test/reply-1.eml", ContentFile(raw)),
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        source="test",
        received_at=datetime(2026, 3, 4, 9, 0, tzinfo=ALMATY),
        from_address="kense@police.example.kz",
        to_addresses=["reply@tracker.example.org"],
        subject="Ответ на запрос",
        match=MatchKind.EXACT,
        status=IncomingStatus.FILED,
        information_request=draft,
    )

    # when
    letters = client.get(f"/api/v1/requests/{draft.pk}/letters/").json()
    emails = client.get(f"/api/v1/requests/{draft.pk}/emails/").json()

    # then: the letter the email carries, and both emails in time order
    assert [(letter["id"], letter["kind"]) for letter in letters] == [
        (outgoing.letter_id, "ati_request")
    ]
    assert letters[0]["url"] == f"/api/v1/letters/{outgoing.letter_id}/"
    assert [(email["direction"], email["id"], email["subject"]) for email in emails] == [
        ("outgoing", outgoing.pk, outgoing.subject),
        ("incoming", incoming.pk, "Ответ на запрос"),
    ]
    assert emails[1]["from_address"] == "kense@police.example.kz"
    assert emails[0]["to_addresses"] == ["kense@police.example.kz"]
