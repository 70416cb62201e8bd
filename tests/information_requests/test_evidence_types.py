"""An evidence file is kept only when its content is an allowed type, and never when it is a page.

Each case is a real byte payload: files made by the libraries that make them (fpdf2, python-docx),
signatures of images, and the markup an attacker would hide under a harmless name.
"""

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from fpdf import FPDF

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.evidence import check_evidence
from requests_tracker.information_requests.models import EvidenceFile, InformationRequest
from requests_tracker.information_requests.services import attach_evidence
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
TYPES = "DOCX, EML, JPEG, ODT, PDF, PNG, TXT"
MARKUP_REFUSAL = (
    "“{name}” contains web page or script markup (HTML, SVG, XML), which the tracker does not "
    f"keep whatever the file is called; accepted types: {TYPES}."
)
TYPE_REFUSAL = f"“{{name}}” is not a file type the tracker keeps ({TYPES})."

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A 1x1 transparent PNG, as image tools write it.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + bytes(64) + b"\xff\xd9"
EMAIL = (
    b"From: Police <police@example.kz>\r\nTo: dana@example.org\r\nSubject: Answer\r\n"
    b"Date: Mon, 2 Mar 2026 10:00:00 +0500\r\n\r\nThe answer to your request.\r\n"
)
TEXT = "Ответ органа: 5 < 7, см. <https://adilet.zan.kz>, пишите <info@police.kz>.".encode()


def fpdf_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Answer of the body")
    return bytes(pdf.output())


def python_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Answer of the body")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ODT = zip_of(
    {
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "content.xml": b'<?xml version="1.0"?><office:document-content/>',
    }
)


@pytest.fixture
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("name", "content", "expected_type"),
    [
        ("answer.pdf", MINIMAL_PDF, "application/pdf"),
        ("answer.pdf", fpdf_pdf(), "application/pdf"),
        ("receipt.png", PNG, "image/png"),
        ("receipt.jpg", JPEG, "image/jpeg"),
        (
            "answer.docx",
            python_docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("answer.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("answer.eml", EMAIL, "message/rfc822"),
        ("answer.txt", TEXT, "text/plain"),
        ("links.txt", b"<https://adilet.zan.kz/rus/docs/Z1500000401>\n", "text/plain"),
        ("BMW.txt", b"BM: a text may start like a bitmap\n", "text/plain"),
        ("answer", MINIMAL_PDF, "application/pdf"),  # the name plays no part
    ],
)
def test_a_file_of_an_allowed_type_is_kept_with_the_type_of_its_content(
    name: str, content: bytes, expected_type: str
) -> None:
    assert check_evidence(name=name, content=content) == expected_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("answer.pdf", b"<html><body><script>alert(document.cookie)</script></body></html>"),
        ("answer.html", b"<!DOCTYPE html><p>Answer</p>"),
        (
            "stamp.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        (
            "stamp.pdf",
            b'\xef\xbb\xbf \n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        ),
        ("data.txt", b'<?xml version="1.0"?><answer>yes</answer>'),
        ("comment.txt", b"<!-- a comment opens a page -->"),
        ("paragraph.txt", b"  <p>Answer</p>"),
        ("notes.txt", "Ответ. ".encode() * 2000 + b"<img src=x onerror=alert(1)>"),
        # PDF/HTML polyglots: a PDF header, with a page right behind it or deep inside.
        ("answer.html", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"),
        ("answer.pdf", MINIMAL_PDF + b"0" * 5000 + b"<script>alert(1)</script>\n%%EOF\n"),
        ("answer.pdf", b"%PDF-1.4\n" + b"0" * 5000 + b"<SVG onload=alert(1)>"),
        ("receipt.jpg", JPEG[:20] + b"<script>alert(1)</script>" + JPEG[20:]),
        ("answer.eml", b"From: x@example.kz\r\n\r\n<html><script>alert(1)</script></html>"),
    ],
)
def test_html_svg_xml_or_script_is_refused_whatever_the_name(
    english: None, name: str, content: bytes
) -> None:
    with pytest.raises(DomainError) as refusal:
        check_evidence(name=name, content=content)

    assert str(refusal.value) == MARKUP_REFUSAL.format(name=name)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.pdf", b"MZ\x90\x00" + bytes(range(256)) * 10),
        ("answer.docx", zip_of({"answer.txt": b"not a document"})),  # a ZIP, but no DOCX parts
        ("answer.odt", zip_of({"mimetype": b"application/zip", "content.xml": b"<x/>"})),
        ("answer.docx", b"PK\x03\x04 broken archive"),
        ("animation.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("answer.pdf", b"%PDF\n\x00\x01\x02\x03"),  # no version: not a PDF header, nor text
        ("win1251.txt", "Ответ органа".encode("cp1251")),
    ],
)
def test_content_of_no_allowed_type_is_refused_with_the_accepted_types(
    english: None, name: str, content: bytes
) -> None:
    with pytest.raises(DomainError) as refusal:
        check_evidence(name=name, content=content)

    assert str(refusal.value) == TYPE_REFUSAL.format(name=name)


@pytest.mark.django_db
def test_a_refused_file_is_not_saved() -> None:
    information_request = make_request()
    event = information_request.events.get()

    with pytest.raises(DomainError):
        attach_evidence(event=event, name="stamp.svg", content=b"<svg><script>1</script></svg>")

    assert EvidenceFile.objects.count() == 0


@pytest.fixture
def journalist(client: Client) -> User:
    user = User.objects.create(username="aigerim", email="aigerim@example.org")
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_an_svg_uploaded_as_a_pdf_is_refused_in_the_users_language_and_nothing_changes(
    client: Client, journalist: User
) -> None:
    information_request = make_request(requester=journalist)

    response = client.post(
        f"/requests/{information_request.pk}/events/submitted/",
        {
            "submitted-occurred_at": "2026-03-02T10:00",
            "submitted-channel": "post",
            "submitted-evidence": SimpleUploadedFile(
                "receipt.pdf", b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>"
            ),
        },
        follow=True,
        headers={"accept-language": "ru"},
    )

    assert (
        "«receipt.pdf» содержит разметку веб-страницы или скрипта (HTML, SVG, XML), а такие "
        "файлы трекер не хранит, как бы они ни назывались; допустимые типы: "
        "DOCX, EML, JPEG, ODT, PDF, PNG, TXT."
    ) in response.content.decode()
    assert information_request.events.count() == 1
    assert EvidenceFile.objects.count() == 0


@pytest.mark.django_db
def test_a_request_filed_with_an_html_attachment_is_not_filed(
    client: Client, journalist: User
) -> None:
    response = client.post(
        "/requests/new/",
        {
            "public_body": InformationRequest._meta.get_field("public_body")
            .related_model.objects.get(slug="police-kz-75")  # type: ignore[union-attr]
            .pk,
            "legal_rules": ["KZ.MEDIA.36.response"],
            "subject": "С вложением",
            "text": "1. Сколько журналистов задержано в 2026 году?",
            "language": "ru",
            "visibility": "private",
            "attachment": SimpleUploadedFile("letter.html", b"<html><script>1</script></html>"),
        },
        headers={"accept-language": "en"},
    )

    assert response.status_code == 200
    assert MARKUP_REFUSAL.format(name="letter.html") in response.content.decode()
    assert InformationRequest.objects.count() == 0
    assert EvidenceFile.objects.count() == 0


@pytest.mark.django_db
def test_stored_evidence_is_served_as_an_attachment_never_sniffed(
    client: Client, journalist: User
) -> None:
    information_request = make_request(
        requester=journalist, created_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY)
    )
    attach_evidence(event=information_request.events.get(), name="answer.pdf", content=fpdf_pdf())

    response = client.get(f"/api/v1/requests/{information_request.pk}/evidence-bundle/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="request-{information_request.pk}-evidence.zip"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
