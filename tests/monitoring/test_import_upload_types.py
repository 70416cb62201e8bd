"""The import page keeps an upload only when its content is a CSV or an XLSX workbook."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.views.entry import IMPORT_DIR

pytestmark = pytest.mark.django_db


def stored_imports() -> list[str]:
    if not default_storage.exists(IMPORT_DIR):
        return []
    return default_storage.listdir(IMPORT_DIR)[1]


def xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["block", "category", "occurred_on", "body"])
    sheet.append(["B", "refusal", "2026-03-05", "police-kz-75"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("violations.csv", "block,category,occurred_on\n")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("violations.csv", b"<html><body><script>alert(1)</script></body></html>"),
        ("violations.csv", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("violations.csv", b'<?xml version="1.0"?><rows/>'),
        ("violations.csv", plain_zip()),
        ("violations.xlsx", plain_zip()),  # a ZIP without a workbook in it
        ("violations.xlsx", b"block,category,occurred_on\nB,refusal,2026-03-05\n"),
    ],
)
def test_an_upload_whose_content_is_not_csv_or_xlsx_is_refused_and_not_kept(
    ngo_staff_client: Client, name: str, content: bytes
) -> None:
    before = stored_imports()

    response = ngo_staff_client.post(
        "/monitoring/violations/import/",
        {"file": SimpleUploadedFile(name, content)},
        headers={"accept-language": "en"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": [f"“{name}” is not a CSV or XLSX file, whatever its name says."]
    }
    assert stored_imports() == before
    assert Violation.objects.count() == 0


def test_a_real_workbook_passes_the_check_and_is_read(ngo_staff_client: Client) -> None:
    response = ngo_staff_client.post(
        "/monitoring/violations/import/",
        {"file": SimpleUploadedFile("violations.xlsx", xlsx())},
    )

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.rows, report.problems) == (1, [])
