"""Once a transaction that stored a file or received a reply commits, the reading of that event
is queued on the "ocr" queue: once per event, however many files; a file that may hold images
waits as "queued"; a reading lost (the broker down, a worker killed) is queued again by beat."""

import os
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from requests_tracker.accounts.tokens import create_api_token
from requests_tracker.information_requests.evidence_text import OcrState
from requests_tracker.information_requests.models import EvidenceFile, TimelineEvent
from requests_tracker.information_requests.services import (
    attach_evidence,
    record_event,
    record_event_with_evidence,
)
from requests_tracker.information_requests.status import EventKind
from requests_tracker.reading.pipeline import events_to_read_again, read_evidence
from requests_tracker.reading.tasks import read_lost_files_task
from tests.factories import make_request
from tests.reading.broker import queued
from tests.reading.conftest import SCAN_LINES
from tests.reading.scans import scanned_pdf, scanned_png

READ_TASK = "requests_tracker.reading.tasks.read_event_task"
NOW = datetime(2026, 3, 20, 6, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")


@pytest.fixture(autouse=True)
def empty_broker(redis_broker_url: str) -> str:
    return redis_broker_url


def test_files_stored_with_an_event_queue_its_reading_once_on_commit(
    reply_event: TimelineEvent, django_capture_on_commit_callbacks
) -> None:
    # given: a note recorded on the request page with two files (a scan and a text)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = record_event_with_evidence(
            information_request=reply_event.information_request,
            kind=EventKind.NOTE,
            occurred_at=datetime(2026, 3, 21, 9, 0, tzinfo=UTC),
            recorded_by=reply_event.information_request.requester,
            data={},
            note="Скан ответа",
            uploads=[("otvet.png", scanned_png(SCAN_LINES)), ("spravka.txt", b"text")],
        )
        # then: nothing is queued before the commit
        assert queued("ocr") == []

    # when: the transaction commits
    for callback in callbacks:
        callback()

    # then: one reading of the event, on the "ocr" queue; the scan waits as "queued"
    assert queued("ocr") == [(READ_TASK, [event.pk])]
    assert dict(event.evidence_files.values_list("original_name", "ocr_state")) == {
        "otvet.png": OcrState.QUEUED,
        "spravka.txt": OcrState.NONE,
    }


def test_a_reply_received_without_a_file_is_read_for_its_suggestion(
    reply_event: TimelineEvent, django_capture_on_commit_callbacks
) -> None:
    information_request = reply_event.information_request

    with django_capture_on_commit_callbacks(execute=True):
        second = record_event(
            information_request=information_request,
            kind=EventKind.REPLY_RECEIVED,
            occurred_at=datetime(2026, 3, 22, 9, 0, tzinfo=UTC),
            recorded_by=None,
        )

    assert queued("ocr") == [(READ_TASK, [second.pk])]


def test_an_event_without_a_file_that_is_not_a_reply_queues_nothing(
    reply_event: TimelineEvent, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        record_event(
            information_request=reply_event.information_request,
            kind=EventKind.NOTE,
            occurred_at=datetime(2026, 3, 22, 9, 0, tzinfo=UTC),
            recorded_by=reply_event.information_request.requester,
            note="Позвонил в канцелярию",
        )

    assert queued("ocr") == []


def test_a_scanned_pdf_waits_as_queued_until_it_is_read(reply_event: TimelineEvent) -> None:
    scan = attach_evidence(event=reply_event, name="otvet.pdf", content=scanned_pdf(SCAN_LINES))

    assert EvidenceFile.objects.get(pk=scan.pk).ocr_state == OcrState.QUEUED


def test_beat_reads_again_the_files_not_read_half_an_hour_after_they_were_stored(
    reply_event: TimelineEvent,
) -> None:
    # given: at 05:00 a scan whose task was lost, one read, and at 05:45 one just stored
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        lost = attach_evidence(event=reply_event, name="a.png", content=scanned_png(SCAN_LINES))
        read = attach_evidence(
            event=record_event(
                information_request=reply_event.information_request,
                kind=EventKind.NOTE,
                occurred_at=NOW - timedelta(hours=1),
                recorded_by=None,
                note="Справка",
            ),
            name="b.txt",
            content=b"text",
        )
        read_evidence(read.pk)
    with time_machine.travel(NOW - timedelta(minutes=15), tick=False):
        fresh_event = record_event(
            information_request=reply_event.information_request,
            kind=EventKind.NOTE,
            occurred_at=NOW - timedelta(minutes=15),
            recorded_by=None,
            note="Ещё скан",
        )
        attach_evidence(event=fresh_event, name="c.png", content=scanned_png(SCAN_LINES))
    # and one left "running" by a killed worker at 05:10
    with time_machine.travel(NOW - timedelta(minutes=50), tick=False):
        stuck_event = record_event(
            information_request=reply_event.information_request,
            kind=EventKind.NOTE,
            occurred_at=NOW - timedelta(minutes=50),
            recorded_by=None,
            note="Скан",
        )
        stuck = attach_evidence(event=stuck_event, name="d.pdf", content=scanned_pdf(SCAN_LINES))
    EvidenceFile.objects.filter(pk=stuck.pk).update(ocr_state=OcrState.RUNNING)

    # when: beat's task runs at 06:00
    with time_machine.travel(NOW, tick=False):
        assert events_to_read_again(now=NOW) == [lost.event_id, stuck_event.pk]
        count = read_lost_files_task()

    # then: the lost and the stuck readings are queued again, not the read one nor the fresh one
    assert count == 2
    assert queued("ocr") == [(READ_TASK, [lost.event_id]), (READ_TASK, [stuck_event.pk])]


def test_beat_runs_the_lost_readings_every_ten_minutes_on_the_ocr_queue() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["read-lost-files"]

    assert entry["task"] == "requests_tracker.reading.tasks.read_lost_files_task"
    assert entry["schedule"] == crontab(
        minute="5-59/10", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"
    )
    assert settings.CELERY_TASK_ROUTES[entry["task"]] == {"queue": "ocr"}


@pytest.mark.django_db
def test_a_scan_uploaded_on_the_request_page_is_queued_for_reading(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    # given: a journalist's request, submitted
    information_request = make_request()
    client.force_login(information_request.requester)
    client.post(
        f"/requests/{information_request.pk}/events/submitted/",
        {"submitted-occurred_at": "2026-03-02T10:00", "submitted-channel": "e_otinish"},
    )

    # when: its registration is recorded with a photo of the receipt, and the request commits
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/requests/{information_request.pk}/events/registered/",
            {
                "registered-occurred_at": "2026-03-02T15:00",
                "registered-registration_number": "ЖТ-2026-01234",
                "registered-evidence": SimpleUploadedFile("receipt.png", scanned_png(SCAN_LINES)),
            },
        )

    # then: the reading of that event is queued, the photo waiting as "queued"
    assert response.status_code == 302
    event = information_request.events.get(kind=EventKind.REGISTERED)
    assert queued("ocr") == [(READ_TASK, [event.pk])]
    assert event.evidence_files.get().ocr_state == OcrState.QUEUED


@pytest.mark.django_db
def test_files_recorded_through_the_api_are_queued_for_reading_once(
    django_capture_on_commit_callbacks,
) -> None:
    # given: a script with a token of the requester
    information_request = make_request()
    api = APIClient()
    key = create_api_token(user=information_request.requester, name="script", now=NOW).key
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    # when: it records the submission by post with two files, and the request commits
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/requests/{information_request.pk}/events/",
            {
                "kind": "submitted",
                "occurred_at": "2026-03-02T10:00",
                "channel": "post",
                "evidence": [
                    SimpleUploadedFile("receipt.pdf", scanned_pdf(SCAN_LINES)),
                    SimpleUploadedFile("letter.txt", "Письмо".encode()),
                ],
            },
            format="multipart",
        )

    # then: one reading of the event
    assert response.status_code == 201, response.content
    assert queued("ocr") == [(READ_TASK, [response.json()["id"]])]
