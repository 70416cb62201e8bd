"""The core loop through the API with personal tokens only: a draft, its letter, submission and
registration with a receipt, the deadline, a refusal, the complaint; then the request published,
and the monitoring NGO's staff write the violation from it, verify and publish it, and anyone
reads it in the open data."""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.accounts.tokens import create_api_token
from tests.factories import UserFactory, make_ngo_staff

ALMATY = ZoneInfo("Asia/Almaty")
RECEIPT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=ALMATY)


def test_a_journalist_walks_the_loop_from_draft_to_complaint_with_a_token_only() -> None:
    # given: a journalist with a personal token, and a client that sends only that token
    journalist: User = UserFactory.create(username="dana", preferred_language="en")
    client = APIClient()
    with time_machine.travel(at(2, 9), tick=False):
        key = create_api_token(user=journalist, name="newsroom script", now=timezone.now()).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    # when: a draft to the Almaty police under the Access to Information Law
    with time_machine.travel(at(2, 9), tick=False):
        created = client.post(
            "/api/v1/requests/",
            {
                "public_body": "police-kz-75",
                "legal_rules": ["KZ.ATI.11.response"],
                "subject": "Число задержаний журналистов в 2026 году",
                "text": "1. Сколько журналистов задержано в январе 2026 года?",
                "language": "ru",
            },
            format="json",
        )
    # then: it is a private draft without a deadline yet
    assert created.status_code == 201, created.content
    draft = created.json()
    pk = draft["id"]
    assert (draft["status"], draft["visibility"], draft["legal_deadline"]) == (
        "draft",
        "private",
        None,
    )
    assert draft["public_body"] == "police-kz-75"
    assert draft["legal_rules"] == ["KZ.ATI.11.response"]

    # when: its letter is rendered
    with time_machine.travel(at(2, 9, 30), tick=False):
        letter = client.get(f"/api/v1/requests/{pk}/letter/")
    # then: addressed to the body, with the questions
    assert letter.status_code == 200
    text = letter.content.decode()
    assert "Руководителю Департамента полиции города Алматы" in text
    assert "1. Сколько журналистов задержано в январе 2026 года?" in text

    # when: the submission by email, then the registration with the receipt
    with time_machine.travel(at(2, 16), tick=False):
        submitted = client.post(
            f"/api/v1/requests/{pk}/events/",
            {"kind": "submitted", "occurred_at": "2026-03-02T10:00", "channel": "email"},
            format="multipart",
        )
        registered = client.post(
            f"/api/v1/requests/{pk}/events/",
            {
                "kind": "registered",
                "occurred_at": "2026-03-02T15:00",
                "registration_number": "ЖТ-2026-01234",
                "evidence": SimpleUploadedFile("receipt.pdf", RECEIPT, "application/pdf"),
            },
            format="multipart",
        )
    # then: both are on the timeline, the receipt with its digest
    assert submitted.status_code == 201, submitted.content
    assert registered.status_code == 201, registered.content
    receipt = registered.json()["evidence_files"]
    assert [(file["original_name"], file["size"], file["sha256"]) for file in receipt] == [
        ("receipt.pdf", len(RECEIPT), hashlib.sha256(RECEIPT).hexdigest())
    ]
    assert registered.json()["data"] == {
        "registration_number": "ЖТ-2026-01234",
        "registered_on": "2026-03-02",
    }
    downloaded = client.get(receipt[0]["url"])
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == RECEIPT  # type: ignore[attr-defined]

    # when: three days later, the request is read
    with time_machine.travel(at(5, 12), tick=False):
        awaiting = client.get(f"/api/v1/requests/{pk}/")
    # then: 15 calendar days counted from the day after registration (3 March is day 1), so due
    # on Tuesday 17 March, a working day: 12 days left on 5 March
    assert awaiting.status_code == 200
    deadline = awaiting.json()["legal_deadline"]
    assert awaiting.json()["status"] == "awaiting_reply"
    assert {key: deadline[key] for key in ("rule", "due_date", "state", "days_left", "unit")} == {
        "rule": "KZ.ATI.11.response",
        "due_date": "2026-03-17",
        "state": "running",
        "days_left": 12,
        "unit": "calendar_days",
    }
    assert deadline["days_left_text"] == "12 days left"

    # when: the body refuses, citing CPC Art. 201, and the journalist escalates
    with time_machine.travel(at(5, 12), tick=False):
        refusal = client.post(
            f"/api/v1/requests/{pk}/events/",
            {"kind": "refused", "occurred_at": "2026-03-05T11:00", "ground": "УПК ст. 201"},
            format="multipart",
        )
        escalated = client.post(
            f"/api/v1/requests/{pk}/escalate/", {"step": "complaint"}, format="json"
        )
        refused_request = client.get(f"/api/v1/requests/{pk}/")
    # then: the request is refused, and a complaint to the superior body is a new request
    assert refusal.status_code == 201, refusal.content
    assert refused_request.json()["status"] == "refused"
    assert escalated.status_code == 201, escalated.content
    complaint_pk = escalated.json()["request_id"]
    with time_machine.travel(at(5, 12), tick=False):
        complaint = client.get(f"/api/v1/requests/{complaint_pk}/").json()
    assert (complaint["step"], complaint["escalates"], complaint["public_body"]) == (
        "complaint",
        pk,
        "ministry-internal-affairs",
    )
    # and the complaint lists its own letter, the one the escalation produced
    with time_machine.travel(at(5, 12), tick=False):
        complaint_letters = client.get(f"/api/v1/requests/{complaint_pk}/letters/").json()
    assert [letter["kind"] for letter in complaint_letters] == ["complaint"]
    assert complaint_letters[0]["id"] == escalated.json()["letter_id"]

    # when: the journalist publishes the refused request, confirming the receipt (a PDF
    # without a text layer, which cannot be checked for personal data)
    with time_machine.travel(at(5, 13), tick=False):
        published = client.post(
            f"/api/v1/requests/{pk}/publish/",
            {"confirmed_attachments": [receipt[0]["id"]]},
            format="json",
        )
    assert published.status_code == 200, published.content
    assert published.json()["visibility"] == "public"

    # when: a staff member of the monitoring NGO (no organisation of the journalist's), with a
    # token of her own, writes the violation from the published request, verifies and
    # publishes it
    staff = make_ngo_staff(username="timur")
    dataset = APIClient()
    with time_machine.travel(at(6, 10), tick=False):
        staff_key = create_api_token(user=staff, name="dataset", now=timezone.now()).key
        dataset.credentials(HTTP_AUTHORIZATION=f"Token {staff_key}")
        written = dataset.post(
            "/api/v1/dataset/violations/",
            {
                "information_request": pk,
                "category": "refusal",
                "occurred_on": "2026-03-05",
                "article": "УПК ст. 201",
                "public_description": "Отказ со ссылкой на ст. 201 УПК",
            },
            format="json",
        )
        assert written.status_code == 201, written.content
        violation = f"/api/v1/dataset/violations/{written.json()['id']}/"
        verified = dataset.post(f"{violation}verify/")
        made_public = dataset.post(f"{violation}publish/")
        open_data = APIClient().get(f"/api/v1/violations/{written.json()['id']}/")

    # then: a draft of block B for the Almaty police in Almaty, verified, published, and read
    # by anyone in the open data
    assert (written.json()["block"], written.json()["review_state"]) == ("B", "draft")
    assert (written.json()["public_body"], written.json()["region"]) == ("police-kz-75", "KZ-75")
    assert (verified.status_code, verified.json()["review_state"]) == (200, "verified")
    assert (made_public.status_code, made_public.json()["review_state"]) == (200, "published")
    assert open_data.status_code == 200
    row = open_data.json()
    assert (row["occurred_on"], row["article"], row["description"]) == (
        "2026-03-05",
        "УПК ст. 201",
        "Отказ со ссылкой на ст. 201 УПК",
    )
