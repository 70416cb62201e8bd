"""Files inside winmail.dat and ZIP attachments: allowed ones kept, the others listed with why."""

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.information_requests.models import EvidenceFile, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.bundle import evidence_bundle
from requests_tracker.mail.incoming import MessageRefused, Outcome, ingest_message
from requests_tracker.mail.models import IncomingEmail
from tests.factories import UserFactory, make_request
from tests.mail.fixture_builders import (
    ANSWER_NAME,
    ANSWER_PDF,
    FIXTURES,
    MESSAGES,
    winmail_dat,
    zip_archive,
)

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=ALMATY)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def mail_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.REPLY_PREFIX = "reply"
    settings.REPLY_DOMAIN = "tracker.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def submitted_request() -> InformationRequest:
    """A request in Russian to the police department, submitted on Monday 2 March 2026."""
    information_request = make_request(
        requester=UserFactory(username="dana", email="dana@example.org", preferred_language="ru")
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, 0, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    return information_request


def reply(to: str, attachments: list[tuple[str, str, bytes]]) -> bytes:
    """A reply with the given (name, MIME type, content) attachments."""
    message = EmailMessage()
    message["From"] = "kense@police.gov.kz"
    message["To"] = to
    message["Subject"] = "Ответ"
    message["Message-ID"] = f"<{hashlib.sha256(repr(attachments).encode()).hexdigest()}@kz>"
    message.set_content("Ответ во вложении.")
    for name, content_type, content in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def zipped(to: str, members: list[tuple[str, bytes]], name: str = "документы.zip") -> bytes:
    return reply(to, [(name, "application/zip", zip_archive(members))])


def filed(raw: bytes) -> tuple[IncomingEmail, dict[str, Any]]:
    result = ingest_message(raw=raw, source="pipe", now=NOW)
    assert result.outcome == Outcome.FILED
    assert result.incoming.timeline_event is not None
    return result.incoming, result.incoming.timeline_event.data


def kept(incoming: IncomingEmail) -> list[tuple[str, bytes]]:
    files = EvidenceFile.objects.filter(event=incoming.timeline_event).order_by("id")
    return [(file.original_name, file.file.read()) for file in files]


def manifest_of(information_request: InformationRequest) -> dict[str, Any]:
    bundle = zipfile.ZipFile(io.BytesIO(evidence_bundle(information_request=information_request)))
    manifest: dict[str, Any] = json.loads(bundle.read("manifest.json"))
    return manifest


def minimal_docx() -> bytes:
    return zip_archive(
        [
            ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
            ("word/document.xml", b'<?xml version="1.0"?><w:document/>'),
        ]
    )


# --- The answer inside winmail.dat or a ZIP is kept ------------------------------------------


@pytest.mark.parametrize("fixture", ["winmail_dat_with_pdf.eml", "zip_with_pdf.eml"])
def test_the_pdf_inside_is_kept_with_its_name_and_hash_on_the_page_and_in_the_bundle(
    submitted_request: InformationRequest, client: Client, fixture: str
) -> None:
    # given: the answer's own bytes, and their SHA-256 worked out here
    expected_sha256 = hashlib.sha256(ANSWER_PDF).hexdigest()
    raw = (MESSAGES / fixture).read_bytes()
    raw = raw.replace(b"{{REPLY_ADDRESS}}", reply_address(submitted_request.pk).encode())

    # when
    incoming, data = filed(raw)

    # then: the PDF is the one evidence file, under its own name, and nothing is listed as lost
    assert kept(incoming) == [("Ответ на запрос.pdf", ANSWER_PDF)]
    evidence = EvidenceFile.objects.get()
    assert (evidence.sha256, evidence.content_type, evidence.size) == (
        expected_sha256,
        "application/pdf",
        226,
    )
    assert "attachments_not_kept" not in data
    client.force_login(submitted_request.requester)
    page = client.get(
        f"/requests/{submitted_request.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f'title="SHA-256 {expected_sha256}">Ответ на запрос.pdf (226\xa0bytes' in page
    assert "Files not kept" not in page
    manifest = manifest_of(submitted_request)
    [entry] = [e for e in manifest["files"] if e["path"].startswith("evidence/")]
    assert entry["path"] == f"evidence/{evidence.event_id}/Ответ на запрос.pdf"
    assert entry["sha256"] == entry["recorded_sha256"] == expected_sha256
    assert manifest["files_not_kept"] == []


def test_the_fixture_messages_are_what_the_builders_write() -> None:
    for file_name, build in FIXTURES.items():
        assert (MESSAGES / file_name).read_text(encoding="utf-8") == build()


def test_a_name_outlook_gave_only_as_the_title_is_read_in_its_code_page(
    submitted_request: InformationRequest,
) -> None:
    stream = winmail_dat([(ANSWER_NAME, ANSWER_PDF)], long_names=False)
    raw = reply(
        reply_address(submitted_request.pk), [("winmail.dat", "application/ms-tnef", stream)]
    )

    incoming, _ = filed(raw)

    assert kept(incoming) == [("Ответ на запрос.pdf", ANSWER_PDF)]


# --- What is not kept is listed with its reason ------------------------------------------------


def test_an_exe_next_to_the_pdf_is_listed_as_not_kept_on_the_page_and_in_the_bundle(
    submitted_request: InformationRequest, client: Client
) -> None:
    # given
    members = [("setup.exe", b"MZ\x90\x00\x03"), ("ответ.pdf", ANSWER_PDF)]
    raw = zipped(reply_address(submitted_request.pk), members)

    # when
    incoming, data = filed(raw)

    # then
    assert kept(incoming) == [("ответ.pdf", ANSWER_PDF)]
    assert data["attachments_not_kept"] == [
        {"name": "setup.exe", "reason": "type", "archive": "документы.zip"}
    ]
    client.force_login(submitted_request.requester)
    url = f"/requests/{submitted_request.pk}/"
    for language, line in [
        ("en", "setup.exe in документы.zip: type not kept as evidence (.exe)"),
        ("ru", "setup.exe в документы.zip: тип файла не хранится как доказательство (.exe)"),
        ("kk", "setup.exe, документы.zip ішінде: файл түрі дәлелдеме ретінде сақталмайды (.exe)"),
    ]:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f"<li>{line}</li>" in page
    assert manifest_of(submitted_request)["files_not_kept"] == [
        {
            "event": incoming.timeline_event_id,
            "name": "setup.exe",
            "archive": "документы.zip",
            "reason": "type",
            "explanation": "тип файла не хранится как доказательство (.exe)",
            "kept_in": f"emails/in/{incoming.pk}.eml",
        }
    ]


@pytest.mark.parametrize(
    ("member", "content", "reason"),
    [
        ("inner.zip", zip_archive([("ответ.pdf", ANSWER_PDF)]), "archive_in_archive"),
        ("winmail.dat", winmail_dat([("ответ.pdf", ANSWER_PDF)]), "archive_in_archive"),
        ("page.html", b"<html><body>Answer</body></html>", "markup"),
    ],
)
def test_an_archive_inside_an_archive_is_not_opened_and_markup_is_not_kept(
    submitted_request: InformationRequest, member: str, content: bytes, reason: str
) -> None:
    raw = zipped(reply_address(submitted_request.pk), [(member, content)])

    incoming, data = filed(raw)

    assert kept(incoming) == []
    assert data["attachments_not_kept"] == [
        {"name": member, "reason": reason, "archive": "документы.zip"}
    ]


def test_names_inside_a_zip_become_safe_file_names(
    submitted_request: InformationRequest,
) -> None:
    # given: a folder, a climb out of it, a root, and a name in CP866 as Windows writes it
    archive = zip_archive(
        [
            ("docs/ответ.pdf", ANSWER_PDF),
            ("../x.pdf", ANSWER_PDF),
            ("/etc/x.pdf", ANSWER_PDF),
            ("xxxxxxx.pdf", ANSWER_PDF),
        ]
    )
    # no UTF-8 flag: the name's bytes are CP866 ("справка" is 7 bytes, like "xxxxxxx")
    archive = archive.replace(b"xxxxxxx.pdf", "справка.pdf".encode("cp866"))
    raw = reply(
        reply_address(submitted_request.pk), [("документы.zip", "application/zip", archive)]
    )

    incoming, _ = filed(raw)

    assert [name for name, _ in kept(incoming)] == [
        "ответ.pdf",
        "attachment-2.pdf",
        "attachment-3.pdf",
        "справка.pdf",
    ]


def test_a_docx_is_kept_as_the_docx_not_unpacked(submitted_request: InformationRequest) -> None:
    docx = minimal_docx()
    raw = reply(reply_address(submitted_request.pk), [("ответ.docx", "application/zip", docx)])

    incoming, data = filed(raw)

    assert kept(incoming) == [("ответ.docx", docx)]
    assert "attachments_not_kept" not in data


def with_encrypted_flag(archive: bytes, name: str) -> bytes:
    """The archive with its member marked encrypted (APPNOTE.TXT §4.4.4, bit 0 of the flags)."""
    marked = bytearray(archive)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        local = opened.getinfo(name).header_offset
    central = archive.rfind(b"PK\x01\x02", 0, archive.rfind(name.encode()))
    marked[local + 6] |= 0x1  # the flags of the local header
    marked[central + 8] |= 0x1  # and of the central directory's entry
    return bytes(marked)


def test_a_too_large_an_encrypted_and_a_damaged_member_are_listed(
    submitted_request: InformationRequest, settings: SettingsWrapper
) -> None:
    # given: a limit of 1,500 bytes, and 2,210 bytes of text that compress well below it
    settings.EVIDENCE_MAX_BYTES = 1500
    large = "".join(f"строка {n}\n" for n in range(100, 230)).encode()
    assert len(large) == 2210
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("large.txt", large)
        archive.writestr("secret.pdf", ANSWER_PDF)
        archive.writestr("damaged.pdf", ANSWER_PDF, compress_type=zipfile.ZIP_STORED)
        archive.writestr("ответ.txt", "Ответ.".encode())
    # the stored bytes of damaged.pdf no longer match its CRC
    damaged = with_encrypted_flag(buffer.getvalue(), "secret.pdf").replace(b"%%EOF", b"%%EOX")
    assert len(damaged) < 1500
    raw = reply(
        reply_address(submitted_request.pk), [("документы.zip", "application/zip", damaged)]
    )

    incoming, data = filed(raw)

    assert kept(incoming) == [("ответ.txt", "Ответ.".encode())]
    assert data["attachments_not_kept"] == [
        {"name": "large.txt", "reason": "too_large", "archive": "документы.zip"},
        {"name": "secret.pdf", "reason": "encrypted", "archive": "документы.zip"},
        {"name": "damaged.pdf", "reason": "unreadable", "archive": "документы.zip"},
    ]


def tnef_with_many_attributes() -> bytes:
    """401 attributes: the 4 of an empty stream, then 397 that tnefparse reads and ignores
    (level 1, an id it does not know, one byte of data, its checksum 0)."""
    filler = b"\x01\x99\x99\x06\x00\x01\x00\x00\x00\x00\x00\x00"
    return winmail_dat([]) + filler * 397


@pytest.mark.parametrize(
    "stream",
    [
        winmail_dat([(ANSWER_NAME, ANSWER_PDF)])[:-40],  # cut short
        winmail_dat([(ANSWER_NAME, ANSWER_PDF)]).replace(b"%%EOF", b"%%EOX"),  # a checksum fails
        b"\x78\x9f\x3e\x22garbage",  # the signature, then nothing readable
        b"not a TNEF stream at all",  # labelled application/ms-tnef all the same
        tnef_with_many_attributes(),
    ],
    ids=["truncated", "checksum", "garbage", "not-tnef", "too-many-attributes"],
)
def test_a_winmail_dat_that_cannot_be_read_is_listed_as_not_kept(
    submitted_request: InformationRequest, stream: bytes
) -> None:
    raw = reply(
        reply_address(submitted_request.pk), [("winmail.dat", "application/ms-tnef", stream)]
    )

    incoming, data = filed(raw)

    assert kept(incoming) == []
    assert data["attachments_not_kept"] == [{"name": "winmail.dat", "reason": "unreadable"}]


def test_a_zip_whose_directory_is_damaged_is_listed_as_not_kept(
    submitted_request: InformationRequest,
) -> None:
    archive = zip_archive([("ответ.pdf", ANSWER_PDF)]).replace(b"PK\x01\x02", b"PK\x01\x09")
    raw = reply(
        reply_address(submitted_request.pk), [("документы.zip", "application/zip", archive)]
    )

    _, data = filed(raw)

    assert data["attachments_not_kept"] == [{"name": "документы.zip", "reason": "unreadable"}]


def test_a_zip_bomb_inside_winmail_dat_refuses_the_whole_message(
    submitted_request: InformationRequest,
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * 50_000_000)
    stream = winmail_dat([("документы.zip", buffer.getvalue())])
    raw = reply(
        reply_address(submitted_request.pk), [("winmail.dat", "application/ms-tnef", stream)]
    )

    with pytest.raises(MessageRefused) as refusal:
        ingest_message(raw=raw, source="pipe", now=NOW)

    assert refusal.value.reason == (
        "The archive “документы.zip” unpacks to too much data to be accepted."
    )
    assert IncomingEmail.objects.count() == 0


def test_an_event_recorded_before_the_reasons_lists_its_files_as_a_type_not_kept(
    submitted_request: InformationRequest, client: Client
) -> None:
    record_event(
        information_request=submitted_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=datetime(2026, 3, 12, 15, 20, tzinfo=ALMATY),
        recorded_by=None,
        data={"attachments_not_kept": ["документы.zip"]},
    )
    client.force_login(submitted_request.requester)

    page = client.get(
        f"/requests/{submitted_request.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "<li>документы.zip: type not kept as evidence (.zip)</li>" in page
