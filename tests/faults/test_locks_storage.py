"""No request or received message stays locked while a file is written to the storage.

The storage takes part in no transaction and may be slow (a disk, an object store): a file written
while a request's row is locked makes every other event on that request wait for the disk. This
storage asks, on a connection of its own, at every file it writes, whether a request or a received
message is locked right now (``FOR UPDATE NOWAIT`` fails at once on a locked row). PostgreSQL only.
"""

import threading
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    SubmissionChannel,
)
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.information_requests.submission import Upload, record_registered_submission
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.incoming import Outcome, ingest_message
from tests.factories import UserFactory, make_request

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=ALMATY)
PROBE = (
    "SELECT 1 FROM information_requests_informationrequest FOR UPDATE NOWAIT",
    "SELECT 1 FROM mail_incomingemail FOR UPDATE NOWAIT",
)


def _probe(seen: list[str]) -> None:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in PROBE:
                cursor.execute(statement)
        seen.append("free")
    except Exception as error:  # a row locked by the writer: what the test is about
        seen.append(f"locked: {str(error).strip()}")
    finally:
        connections.close_all()


class LockProbingStorage(FileSystemStorage):
    """The file system, that notes at each file written whether any such row is locked."""

    seen: ClassVar[list[str]] = []

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        prober = threading.Thread(target=_probe, args=(self.seen,))
        prober.start()
        prober.join(timeout=10)
        return super().save(name, content, max_length=max_length)


@pytest.fixture(autouse=True)
def probing_storage(settings: SettingsWrapper, tmp_path: Path) -> list[str]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.LockProbingStorage"},
    }
    LockProbingStorage.seen = []
    return LockProbingStorage.seen


def _submitted() -> InformationRequest:
    information_request = make_request(requester=UserFactory(username="dana"))
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, 0, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    return information_request


@time_machine.travel(NOW, tick=False)
def test_a_registration_receipt_is_stored_before_the_request_is_locked(
    probing_storage: list[str],
) -> None:
    # given: a draft request, committed
    information_request = make_request(requester=UserFactory(username="dana"))

    # when: its e-Otinish registration is recorded with the portal's receipt
    record_registered_submission(
        information_request=information_request,
        channel=SubmissionChannel.E_OTINISH,
        registration_number="ЖТ-2026-00417",
        registered_at=datetime(2026, 3, 3, 9, 0, tzinfo=ALMATY),
        evidence=Upload(name="receipt.txt", content=b"E-Otinish receipt 00417"),
        recorded_by=information_request.requester,
    )

    # then: one file written, while no request was locked, and kept on the event
    assert probing_storage == ["free"]
    assert list(EvidenceFile.objects.values_list("original_name", "event__kind")) == [
        ("receipt.txt", "submitted")
    ]


@time_machine.travel(NOW, tick=False)
def test_a_replys_attachment_is_stored_before_the_request_is_locked(
    probing_storage: list[str],
) -> None:
    # given: a submitted request, and the body's reply to its address with a text file
    information_request = _submitted()
    message = EmailMessage()
    message["From"] = "kense@police.gov.kz"
    message["To"] = reply_address(information_request.pk)
    message["Subject"] = "Ответ"
    message["Message-ID"] = "<answer-417@police.gov.kz>"
    message.set_content("Ответ во вложении.")
    message.add_attachment(
        "Ответ: 42 обращения.".encode(), maintype="text", subtype="plain", filename="answer.txt"
    )

    # when: the reply is received
    result = ingest_message(raw=message.as_bytes(), source="test", now=NOW)

    # then: two files written (the message, its attachment), each while nothing was locked
    assert result.outcome == Outcome.FILED
    assert probing_storage == ["free", "free"]
    assert list(EvidenceFile.objects.values_list("original_name", "event__kind")) == [
        ("answer.txt", "reply_received")
    ]


@time_machine.travel(NOW, tick=False)
def test_a_file_uploaded_with_an_event_on_the_page_is_stored_before_the_request_is_locked(
    probing_storage: list[str],
) -> None:
    # given: a submitted request, its journalist signed in
    information_request = _submitted()
    client = Client()
    client.force_login(information_request.requester)

    # when: she records the registration on the request page with the stamped copy's scan
    response = client.post(
        f"/requests/{information_request.pk}/events/registered/",
        {
            "registered-occurred_at": "2026-03-03T09:00",
            "registered-registration_number": "ЖТ-2026-00417",
            "registered-evidence": SimpleUploadedFile("stamp.txt", b"Stamped copy 00417"),
        },
    )

    # then: one file written, while no request was locked, and kept on the event
    assert response.status_code == 302
    assert probing_storage == ["free"]
    assert list(EvidenceFile.objects.values_list("original_name", "event__kind")) == [
        ("stamp.txt", "registered")
    ]
