"""Beside each evidence file with a text, the bundle holds that text (``<name>.txt``), and the
manifest says where it came from (the file's text layer, or OCR) and how OCR stands."""

import hashlib
import json
import zipfile
from datetime import UTC, datetime
from io import BytesIO

import pytest
import time_machine

from requests_tracker.information_requests.services import attach_evidence, record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.bundle import evidence_bundle
from requests_tracker.reading.pipeline import read_evidence
from tests.factories import make_request
from tests.reading.scans import scanned_png, text_pdf

pytestmark = pytest.mark.django_db
STORED_AT = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
READ_AT = datetime(2026, 3, 10, 10, 1, tzinfo=UTC)


def test_each_file_read_has_its_text_beside_it_and_the_manifest_says_where_it_came_from() -> None:
    # given: an answer with a scan and a typed PDF, both read, and a photo not read yet
    information_request = make_request()
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        recorded_by=information_request.requester,
    )
    answer = record_event(
        information_request=information_request,
        kind=EventKind.ANSWERED,
        occurred_at=datetime(2026, 3, 10, 9, 30, tzinfo=UTC),
        recorded_by=information_request.requester,
    )
    with time_machine.travel(STORED_AT, tick=False):
        scan = attach_evidence(
            event=answer, name="scan.png", content=scanned_png(["Ответ: 42 обращения"])
        )
        typed = attach_evidence(event=answer, name="typed.pdf", content=text_pdf(["Справка 7"]))
        attach_evidence(event=answer, name="later.png", content=scanned_png(["Позже"]))
    with time_machine.travel(READ_AT, tick=False):
        read_evidence(scan.pk)
        read_evidence(typed.pk)
    scan.refresh_from_db()

    # when
    archive = zipfile.ZipFile(BytesIO(evidence_bundle(information_request=information_request)))

    # then: each text is beside its file, dated when it was read
    folder = f"evidence/{answer.pk}"
    assert [name for name in archive.namelist() if name.startswith(folder)] == [
        f"{folder}/later.png",
        f"{folder}/scan.png",
        f"{folder}/scan.png.txt",
        f"{folder}/typed.pdf",
        f"{folder}/typed.pdf.txt",
    ]
    assert archive.read(f"{folder}/typed.pdf.txt") == "Справка 7".encode()
    assert archive.read(f"{folder}/scan.png.txt") == scan.extracted_text.encode()
    assert "Ответ: 42 обращения" in scan.extracted_text
    assert archive.getinfo(f"{folder}/scan.png.txt").date_time == (2026, 3, 10, 10, 1, 0)
    # and the manifest says where each came from
    manifest = {
        entry["path"]: entry for entry in json.loads(archive.read("manifest.json"))["files"]
    }
    about = ("text_path", "text_source", "ocr_state", "ocr_pages")
    assert {key: manifest[f"{folder}/scan.png"][key] for key in about} == {
        "text_path": f"{folder}/scan.png.txt",
        "text_source": "ocr",
        "ocr_state": "done",
        "ocr_pages": [1, 1],
    }
    assert {key: manifest[f"{folder}/typed.pdf"][key] for key in about} == {
        "text_path": f"{folder}/typed.pdf.txt",
        "text_source": "text_layer",
        "ocr_state": None,
        "ocr_pages": [0, 0],
    }
    assert {key: manifest[f"{folder}/later.png"][key] for key in about} == {
        "text_path": None,
        "text_source": None,
        "ocr_state": "queued",
        "ocr_pages": [0, 0],
    }
    text_entry = manifest[f"{folder}/typed.pdf.txt"]
    assert (
        text_entry["sha256"]
        == text_entry["recorded_sha256"]
        == (hashlib.sha256("Справка 7".encode()).hexdigest())
    )
