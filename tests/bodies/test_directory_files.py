"""The directory exported and imported back as CSV and XLSX: all or nothing, each bad row named."""

import csv
import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from requests_tracker.accounts.models import User
from requests_tracker.bodies.contacts import add_contact
from requests_tracker.bodies.directory_io import COLUMNS, export_csv, export_xlsx, import_directory
from requests_tracker.bodies.models import BodyContact, ContactOrigin, PublicBody
from requests_tracker.information_requests.demo import JOURNALIST

NOW = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Almaty"))


def table(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def as_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


@pytest.fixture
def a_phone() -> BodyContact:
    # A phone starts with "+", which the export quotes so that no spreadsheet runs it.
    return add_contact(
        body=PublicBody.objects.get(slug="police-kz-75"),
        kind="phone",
        value="+7 (727) 254-40-00",
        source_url="https://police.kz/almaty",
        checked_on=None,
        origin=ContactOrigin.STAFF,
        added_by=None,
        now=NOW,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("export", [export_csv, export_xlsx], ids=["csv", "xlsx"])
def test_importing_the_exported_directory_changes_nothing(
    export: Callable[[], bytes], a_phone: BodyContact
) -> None:
    content = export()

    report = import_directory(content=content, user=None, now=NOW)

    assert report.lines() == ["0 created, 0 updated."]
    assert report.rows == 188
    assert BodyContact.objects.count() == 15


@pytest.mark.django_db
def test_the_export_quotes_a_cell_a_spreadsheet_would_run(a_phone: BodyContact) -> None:
    rows = table(export_csv())
    police = next(row for row in rows if row[0] == "police-kz-75")

    assert rows[0] == list(COLUMNS)
    assert police[COLUMNS.index("phone")] == "'+7 (727) 254-40-00"
    assert police[COLUMNS.index("phone_source")] == "https://police.kz/almaty"


def with_new_rows(count: int) -> list[list[str]]:
    rows = table(export_csv())
    template = next(row for row in rows if row[0] == "police-kz-75")
    for number in range(count):
        row = [*template]
        row[0] = f"new-body-{number}"
        row[COLUMNS.index("name_ru")] = f"Новый орган {number}"
        row[COLUMNS.index("phone")] = ""
        rows.append(row)
    return rows


@pytest.mark.django_db
def test_200_rows_with_3_bad_ones_report_exactly_those_and_save_nothing() -> None:
    rows = with_new_rows(12)
    assert len(rows) == 201  # the header and 200 bodies
    rows[10][COLUMNS.index("email")] = "kense.akimat.kz"
    rows[10][COLUMNS.index("email_source")] = "Бланк письма"
    rows[20][COLUMNS.index("region")] = "KZ-99"
    rows[30][0] = rows[5][0]
    bodies, contacts = PublicBody.objects.count(), BodyContact.objects.count()

    report = import_directory(content=as_csv(rows), user=None, now=NOW)

    assert report.bad_rows == [11, 21, 31]
    assert report.lines() == [
        "Row 11, email: Enter a valid email address.",
        "Row 21, region: Unknown region: KZ-99.",
        f"Row 31, slug: The slug {rows[5][0]} is already in row 6.",
    ]
    assert (PublicBody.objects.count(), BodyContact.objects.count()) == (bodies, contacts)


@pytest.mark.django_db
def test_a_clean_file_creates_the_new_bodies_and_updates_a_changed_contact() -> None:
    rows = with_new_rows(2)
    president = next(row for row in rows if row[0] == "president")
    president[COLUMNS.index("website")] = "https://www.akorda.kz/ru"
    president[COLUMNS.index("website_source")] = "https://www.akorda.kz/ru/contacts"
    president[COLUMNS.index("website_checked_on")] = "2026-03-02"

    report = import_directory(content=as_csv(rows), user=None, now=NOW)

    website = PublicBody.objects.get(slug="president").contacts.get(retired_at__isnull=True)
    assert report.lines() == ["2 created, 1 updated."]
    new_body = PublicBody.objects.select_related("superior_body").get(slug="new-body-1")
    assert (new_body.name_ru, new_body.superior_body_id) == (
        "Новый орган 1",
        PublicBody.objects.get(slug="ministry-internal-affairs").pk,
    )
    assert (website.value, website.source_url, website.origin) == (
        "https://www.akorda.kz/ru",
        "https://www.akorda.kz/ru/contacts",
        "staff",
    )
    assert PublicBody.objects.get(slug="president").contacts.count() == 2


@pytest.mark.django_db
def test_the_commands_export_and_import_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "directory.xlsx"
    out = io.StringIO()

    call_command("export_directory", str(path), stdout=io.StringIO())
    call_command("import_directory", str(path), stdout=out)

    assert out.getvalue() == "0 created, 0 updated.\n"


@pytest.mark.django_db
def test_the_import_command_fails_on_a_bad_file_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "directory.csv"
    rows = with_new_rows(0)
    rows[3][COLUMNS.index("kind")] = "embassy"
    path.write_bytes(as_csv(rows))
    out = io.StringIO()

    with pytest.raises(CommandError, match=r"^Nothing saved: 1 bad rows\.$"):
        call_command("import_directory", str(path), stdout=out)

    assert out.getvalue() == "Row 4, kind: Unknown kind of body: embassy.\n"


@pytest.mark.django_db
def test_only_staff_export_and_import_the_directory(
    client: Client, ngo_staff_client: Client
) -> None:

    journalist = Client()
    journalist.force_login(User.objects.get(username=JOURNALIST.username))

    assert journalist.get("/directory/").status_code == 404
    assert journalist.get("/directory/export.csv").status_code == 404
    assert Client().get("/directory/export.csv").status_code == 302
    exported = ngo_staff_client.get("/directory/export.xlsx")
    assert exported.status_code == 200
    assert (
        exported["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    page = ngo_staff_client.post(
        "/directory/",
        {"file": SimpleUploadedFile("d.xlsx", exported.content), "idempotency_key": "d1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "0 created, 0 updated." in page.content.decode()
