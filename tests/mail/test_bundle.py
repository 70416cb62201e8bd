"""The evidence bundle holds every email, letter and file, and a manifest that proves them."""

import hashlib
import json
import zipfile
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import attach_evidence, record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.bundle import evidence_bundle
from requests_tracker.mail.models import OutgoingEmail
from requests_tracker.mail.outgoing import queue_request_email
from requests_tracker.mail.sending import send_request_email
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def emailed_request_with_an_answer(settings: SettingsWrapper) -> InformationRequest:
    """A request sent by email (to locmem) on 2 March 2026, answered on 10 March with a file."""
    settings.DEFAULT_FROM_EMAIL = "tracker@example.org"
    PublicBody.objects.filter(slug="police-kz-75").update(email="kense@police.example.kz")
    information_request = make_request()
    sent_at = datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY)
    outgoing = queue_request_email(
        information_request=information_request,
        intent="request",
        user=information_request.requester,
        now=sent_at,
    )
    with time_machine.travel(sent_at, tick=False):
        send_request_email(outgoing_id=outgoing.pk)
    answer = record_event(
        information_request=information_request,
        kind=EventKind.ANSWERED,
        occurred_at=datetime(2026, 3, 10, 15, 30, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    attach_evidence(event=answer, name="answer.txt", content="Ответ органа: 42 обращения.".encode())
    return information_request


def test_the_manifest_lists_every_file_with_the_hash_of_its_bytes(
    settings: SettingsWrapper,
) -> None:
    # given
    information_request = emailed_request_with_an_answer(settings)
    outgoing = OutgoingEmail.objects.get(information_request=information_request)
    letter = outgoing.letter
    evidence = information_request.events.get(kind=EventKind.ANSWERED).evidence_files.get()

    # when
    archive = zipfile.ZipFile(BytesIO(evidence_bundle(information_request=information_request)))

    # then: the archive holds exactly these files, and the manifest
    manifest = json.loads(archive.read("manifest.json"))
    expected_paths = [
        f"emails/out/{outgoing.pk}.eml",
        f"evidence/{evidence.event_id}/answer.txt",
        f"letters/{letter.pk}-ati_request.txt",
    ]
    assert archive.namelist() == [*expected_paths, "manifest.json"]
    assert [entry["path"] for entry in manifest["files"]] == expected_paths
    # each hash is the hash of the bytes in the archive, and of what the tracker recorded
    for entry in manifest["files"]:
        content = archive.read(entry["path"])
        assert entry["sha256"] == hashlib.sha256(content).hexdigest() == entry["recorded_sha256"]
        assert entry["size"] == len(content)
    with outgoing.raw.open("rb") as stored:
        assert archive.read(expected_paths[0]) == stored.read()
    assert archive.read(expected_paths[1]) == "Ответ органа: 42 обращения.".encode()
    assert archive.read(expected_paths[2]).decode() == letter.text
    recorded = [outgoing.sha256, evidence.sha256, letter.content_sha256]
    assert [entry["sha256"] for entry in manifest["files"]] == recorded
    assert [entry["date"] for entry in manifest["files"]] == [
        "2026-03-02T07:00:00+00:00",  # sent at 12:00 in Almaty
        evidence.uploaded_at.isoformat(),
        "2026-03-02T07:00:00+00:00",
    ]


def test_the_manifest_states_the_request_its_timeline_and_its_deadlines(
    settings: SettingsWrapper,
) -> None:
    # given
    information_request = emailed_request_with_an_answer(settings)

    # when
    archive = zipfile.ZipFile(BytesIO(evidence_bundle(information_request=information_request)))

    # then
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["request"] == {
        "id": information_request.pk,
        "subject": "Статистика обращений",
        "body": {
            "slug": "police-kz-75",
            "name": "Департамент полиции города Алматы",
            "email": "kense@police.example.kz",
        },
        "text": "Прошу сообщить число обращений за 2026 год.",
        "status": "answered",
    }
    events = information_request.events.order_by("occurred_at", "id")
    assert manifest["timeline"] == [
        {
            "id": event.pk,
            "kind": event.kind,
            "occurred_at": event.occurred_at.isoformat(),
            "recorded_at": event.recorded_at.isoformat(),
            "data": event.data,
            "note": event.note,
        }
        for event in events
    ]
    assert [event["kind"] for event in manifest["timeline"]] == [
        "created",
        "submitted",
        "answered",
    ]
    assert manifest["timeline"][1]["data"]["channel"] == "email"
    deadlines = information_request.deadlines.order_by("computed_at", "id")
    assert [(d["rule"], d["due_date"], d["state"]) for d in manifest["deadlines"]] == [
        (d.legal_rule.rule_id, d.due_date.isoformat(), d.state) for d in deadlines
    ]
    assert manifest["deadlines"] != []


def test_the_same_records_give_the_same_bundle(settings: SettingsWrapper) -> None:
    information_request = emailed_request_with_an_answer(settings)

    first = evidence_bundle(information_request=information_request)
    second = evidence_bundle(information_request=information_request)

    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
