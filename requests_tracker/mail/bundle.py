"""The evidence bundle of a request: every message, letter and file, with a manifest of hashes.

One ZIP a requester can hand to a lawyer, a court or an ombudsman: the emails exactly as sent and
received (.eml), the letters as produced, the evidence files as uploaded, and manifest.json with
the request, its timeline, its deadlines, the SHA-256, size and date of every file (and, beside
each evidence file, its text as read, with where it came from: a text layer or OCR), and the files
a received message carried that were not kept, with the reason and the .eml they remain in. The same
records give the same bytes (entries in path order, each dated by its record), so two downloads
can be compared by their hash.
"""

import hashlib
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import PurePosixPath
from typing import Any

from django.db.models.fields.files import FieldFile
from django.utils import translation

from requests_tracker.core.i18n import localized
from requests_tracker.information_requests.models import EvidenceFile, InformationRequest
from requests_tracker.mail.models import IncomingEmail, OutgoingEmail, OutgoingStatus
from requests_tracker.mail.unpacking import files_not_kept

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Entry:
    path: str
    content: bytes
    date: datetime
    recorded_sha256: str  # what the database holds, to compare with the bytes
    # More of the manifest's entry: for an evidence file, its text and where it came from.
    about: tuple[tuple[str, Any], ...] = ()

    def describe(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": hashlib.sha256(self.content).hexdigest(),
            "recorded_sha256": self.recorded_sha256,
            "size": len(self.content),
            "date": self.date.isoformat(),
            **dict(self.about),
        }


def _read(field: FieldFile) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def _safe_name(name: str) -> str:
    """A file name that stays inside its folder of the archive."""
    cleaned = PurePosixPath(name.replace("\\", "/")).name.strip()
    return cleaned if cleaned not in ("", ".", "..") else "file"


def _emails(information_request: InformationRequest) -> list[Entry]:
    sent = OutgoingEmail.objects.filter(
        information_request=information_request, status=OutgoingStatus.SENT
    ).exclude(raw="")
    received = IncomingEmail.objects.filter(information_request=information_request).exclude(raw="")
    return [
        *(
            Entry(f"emails/out/{email.pk}.eml", _read(email.raw), email.sent_at, email.sha256)
            for email in sent.order_by("id")
            if email.sent_at is not None
        ),
        *(
            Entry(f"emails/in/{email.pk}.eml", _read(email.raw), email.received_at, email.sha256)
            for email in received.order_by("id")
        ),
    ]


def _letters(information_request: InformationRequest) -> list[Entry]:
    return [
        Entry(
            f"letters/{letter.pk}-{letter.kind}.txt",
            letter.text.encode("utf-8"),
            letter.created_at,
            letter.content_sha256,
        )
        for letter in information_request.letters.order_by("id")
    ]


def _evidence(information_request: InformationRequest) -> list[Entry]:
    """Each file as uploaded and, beside it, its text as read (``<name>.txt``): the text layer,
    or OCR of its images and scanned pages (``text_source``), and how OCR stands."""
    entries: list[Entry] = []
    paths: set[str] = set()
    files = EvidenceFile.objects.filter(event__information_request=information_request)
    for evidence in files.order_by("event_id", "id"):
        folder, name = f"evidence/{evidence.event_id}", _safe_name(evidence.original_name)
        path = f"{folder}/{name}"
        if path in paths:  # two files of one event with the same name
            path = f"{folder}/{evidence.pk}-{name}"
        paths.add(path)
        text_path = f"{path}.txt" if evidence.text_source else None
        about = (
            ("text_path", text_path),
            ("text_source", evidence.text_source or None),
            ("ocr_state", evidence.ocr_state or None),
            ("ocr_pages", [evidence.ocr_pages_done, evidence.ocr_pages_total]),
        )
        entries.append(
            Entry(path, _read(evidence.file), evidence.uploaded_at, evidence.sha256, about)
        )
        if text_path is not None:
            text = evidence.extracted_text.encode("utf-8")
            read_at = evidence.text_read_at or evidence.uploaded_at
            entries.append(Entry(text_path, text, read_at, hashlib.sha256(text).hexdigest()))
    return entries


def manifest(information_request: InformationRequest, entries: list[Entry]) -> dict[str, Any]:
    body = information_request.public_body
    return {
        "format": FORMAT_VERSION,
        "request": {
            "id": information_request.pk,
            "subject": information_request.subject,
            "body": {
                "slug": body.slug,
                "name": localized(body, "name", information_request.language),
                "email": body.email,
            },
            "text": information_request.text,
            "status": information_request.status,
        },
        "timeline": [
            {
                "id": event.pk,
                "kind": event.kind,
                "occurred_at": event.occurred_at.isoformat(),
                "recorded_at": event.recorded_at.isoformat(),
                "data": event.data,
                "note": event.note,
            }
            for event in information_request.events.order_by("occurred_at", "id")
        ],
        "deadlines": [
            {
                "rule": deadline.legal_rule.rule_id,
                "kind": deadline.kind,
                "is_legal_deadline": deadline.is_legal_deadline,
                "start_date": deadline.start_date.isoformat(),
                "due_date": deadline.due_date.isoformat(),
                "state": deadline.state,
            }
            for deadline in information_request.deadlines.select_related("legal_rule").order_by(
                "computed_at", "id"
            )
        ],
        "files": [entry.describe() for entry in entries],
        "files_not_kept": _files_not_kept(information_request, entries),
    }


def _files_not_kept(
    information_request: InformationRequest, entries: list[Entry]
) -> list[dict[str, Any]]:
    """The files a received message carried and the tracker did not keep: each is still inside
    that message's .eml, in this bundle ("kept_in"), and its reason is in the request's language."""
    paths = {entry.path for entry in entries}
    found = []
    with translation.override(information_request.language):
        for event in information_request.events.order_by("occurred_at", "id"):
            email_path = f"emails/in/{event.data.get('incoming_email')}.eml"
            found += [
                {
                    "event": event.pk,
                    "name": file.name,
                    "archive": file.archive,
                    "reason": file.reason.value,
                    "explanation": file.explain(),
                    "kept_in": email_path if email_path in paths else None,
                }
                for file in files_not_kept(event.data)
            ]
    return found


def _zip_date(moment: datetime) -> tuple[int, int, int, int, int, int]:
    utc = max(moment.astimezone(UTC), datetime(1980, 1, 1, tzinfo=UTC))  # the ZIP format's epoch
    return (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)


def _write(archive: zipfile.ZipFile, path: str, content: bytes, date: datetime) -> None:
    info = zipfile.ZipInfo(path, date_time=_zip_date(date))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, content)


def evidence_bundle(*, information_request: InformationRequest) -> bytes:
    """The request's evidence as a ZIP: emails, letters, files, and manifest.json of hashes."""
    entries = sorted(
        [
            *_emails(information_request),
            *_letters(information_request),
            *_evidence(information_request),
        ],
        key=lambda entry: entry.path,
    )
    document = manifest(information_request, entries)
    latest = max((entry.date for entry in entries), default=information_request.created_at)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in entries:
            _write(archive, entry.path, entry.content, entry.date)
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        _write(archive, MANIFEST, text.encode("utf-8"), latest)
    return buffer.getvalue()
