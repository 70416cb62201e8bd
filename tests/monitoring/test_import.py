"""Importing violations from CSV and XLSX: every bad row reported, all or nothing."""

import csv
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from openpyxl import Workbook

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.importing import (
    LikelyDuplicate,
    RowProblem,
    import_file,
    validate_rows,
)
from requests_tracker.monitoring.models import Violation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "block",
    "category",
    "occurred_on",
    "region",
    "body",
    "victim_type",
    "victim_name",
    "victim_outlet",
    "perpetrator_type",
    "article",
    "stage",
    "outcome",
    "amount_claimed_kzt",
    "amount_awarded_kzt",
    "amount_collected_kzt",
    "source_url",
    "correspondent",
    "description",
    "legal_ground_cited",
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def row(number: int, **overrides: str) -> dict[str, str]:
    """The violation of spreadsheet row ``number``: a refusal by the Almaty police, one a day."""
    values = {
        "block": "B",
        "category": "refusal",
        "occurred_on": (date(2025, 1, 1) + timedelta(days=number % 365)).isoformat(),
        "region": "",
        "body": "police-kz-75",
        "victim_type": "journalist",
        "victim_name": f"Журналист {number}",
        "victim_outlet": "Ашық ақпарат",
        "perpetrator_type": "law_enforcement",
        "article": "",
        "stage": "",
        "outcome": "",
        "amount_claimed_kzt": "",
        "amount_awarded_kzt": "",
        "amount_collected_kzt": "",
        "source_url": "https://adilsoz.kz/monitoring/1",
        "correspondent": "Корреспондент Алматы",
        "description": "Отказ со ссылкой на тайну следствия",
        "legal_ground_cited": "УПК 201",
    }
    values.update(overrides)
    return values


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


# Spreadsheet rows: the header is row 1, so 10,000 violations take rows 2 to 10,001.
ROWS = range(2, 10_002)
BAD = {
    17: {"category": "nonsense"},
    4_203: {"occurred_on": "2025-02-30"},
    9_998: {"amount_claimed_kzt": "-500"},
}


def test_a_file_with_three_bad_rows_lists_exactly_them_and_saves_nothing(
    tmp_path: Path, ngo_staff: User
) -> None:
    # given: 10,000 rows, three of them bad
    path = write_csv(tmp_path / "dataset.csv", [row(n, **BAD.get(n, {})) for n in ROWS])
    before = Violation.objects.count()

    # when
    report = import_file(path_or_file=path, user=ngo_staff, confirm=True)

    # then
    assert report.problems == [
        RowProblem(row=17, column="category", message="unknown category “nonsense”"),
        RowProblem(
            row=4_203,
            column="occurred_on",
            message="bad date “2025-02-30”: use DD.MM.YYYY or YYYY-MM-DD",
        ),
        RowProblem(row=9_998, column="amount_claimed_kzt", message="negative amount: -500"),
    ]
    assert (report.rows, report.bad_rows, report.saved) == (10_000, [17, 4_203, 9_998], 0)
    assert Violation.objects.count() == before


def test_the_corrected_file_saves_ten_thousand_drafts(tmp_path: Path, ngo_staff: User) -> None:
    # given: the same file with the three rows corrected
    path = write_csv(tmp_path / "dataset.csv", [row(n) for n in ROWS])
    before = Violation.objects.count()
    seen: list[tuple[int, int]] = []

    # when
    report = import_file(
        path_or_file=path,
        user=ngo_staff,
        confirm=False,
        progress=lambda done, total: seen.append((done, total)),
    )

    # then
    assert (report.is_clean, report.duplicates, report.saved) == (True, [], 10_000)
    assert Violation.objects.count() == before + 10_000
    assert Violation.objects.exclude(review_state="draft").count() == before
    first = Violation.objects.get(victim_name="Журналист 2")
    police = PublicBody.objects.get(slug="police-kz-75")
    assert (first.block, first.category, first.occurred_on) == ("B", "refusal", date(2025, 1, 3))
    assert (first.public_body, first.region) == (police, police.region)
    assert (first.victim_consents_to_publication, first.reviewed_by) == (False, None)
    assert (first.legal_ground_cited, first.amount_claimed_kzt) == ("УПК 201", None)
    assert seen[0] == (500, 10_000)
    assert seen[-1] == (10_000, 10_000)
    assert len(seen) == 21


def test_a_likely_duplicate_of_a_recorded_violation_is_saved_only_with_confirmation(
    tmp_path: Path, ngo_staff: User
) -> None:
    # given: a violation already recorded, and a file with the same event and a new one
    police = PublicBody.objects.get(slug="police-kz-75")
    recorded = Violation.objects.create(
        block="B",
        category="refusal",
        occurred_on=date(2025, 1, 3),
        public_body=police,
        region=police.region,
        victim_name="Журналист 2",
    )
    path = write_csv(tmp_path / "dataset.csv", [row(2, victim_name="  журналист   2 "), row(3)])

    # when: not confirmed
    report = import_file(path_or_file=path, user=ngo_staff, confirm=False)

    # then: warned, nothing saved
    assert report.duplicates == [LikelyDuplicate(row=2, of_violation=recorded.pk)]
    assert (report.is_clean, report.needs_confirmation, report.saved) == (True, True, 0)
    assert Violation.objects.count() == 1

    # when: confirmed
    report = import_file(path_or_file=path, user=ngo_staff, confirm=True)

    # then
    assert report.saved == 2
    assert Violation.objects.count() == 3


def test_two_rows_of_one_file_with_the_same_event_are_a_likely_duplicate() -> None:
    report = validate_rows([row(2), row(3), row(2)])

    assert report.duplicates == [LikelyDuplicate(row=4, of_row=2)]
    assert report.problems == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"block": ""}, [("block", "missing required field")]),
        ({"occurred_on": ""}, [("occurred_on", "missing required field")]),
        ({"body": "nowhere"}, [("body", "unknown body “nowhere”")]),
        ({"body": "", "region": "KZ-99"}, [("region", "unknown region “KZ-99”")]),
        ({"region": "KZ-11"}, [("region", "the body “police-kz-75” is in another region")]),
        ({"amount_awarded_kzt": "много"}, [("amount_awarded_kzt", "not a number: “много”")]),
        (
            {"amount_claimed_kzt": "12.3456"},
            [("amount_claimed_kzt", "more than two decimals: 12.3456")],
        ),
        (
            {"occurred_on": "31.02.2025"},
            [("occurred_on", "bad date “31.02.2025”: use DD.MM.YYYY or YYYY-MM-DD")],
        ),
        (
            {"occurred_on": "03/01/2025"},
            [("occurred_on", "bad date “03/01/2025”: use DD.MM.YYYY or YYYY-MM-DD")],
        ),
        ({"occurred_on": "2999-01-01"}, [("occurred_on", "date in the future: 2999-01-01")]),
        ({"victim_type": "alien"}, [("victim_type", "unknown victim_type “alien”")]),
        ({"source_url": "adilsoz"}, [("source_url", "not a web address: “adilsoz”")]),
        (
            {"block": "A"},
            [("category", "category “refusal” belongs to block B, not A")],
        ),
    ],
)
def test_each_bad_value_is_reported_with_its_reason(
    overrides: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    report = validate_rows([row(2, **overrides)])

    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, column, message) for column, message in expected
    ]


def test_amounts_are_read_as_spreadsheets_in_russian_write_them(
    tmp_path: Path, ngo_staff: User
) -> None:
    path = write_csv(
        tmp_path / "claims.csv",
        [
            row(
                2,
                block="C",
                category="honour_and_dignity_claim",
                amount_claimed_kzt="1 500 000,50",
                amount_awarded_kzt="200000",
            )
        ],
    )

    report = import_file(path_or_file=path, user=ngo_staff, confirm=False)

    violation = Violation.objects.get()
    assert report.saved == 1
    assert (violation.amount_claimed_kzt, violation.amount_awarded_kzt) == (
        Decimal("1500000.50"),
        Decimal("200000.00"),
    )


def test_an_unknown_column_rejects_the_whole_file(tmp_path: Path, ngo_staff: User) -> None:
    path = tmp_path / "typo.csv"
    path.write_text("block,category,occurred_on,amount_claimed\nB,refusal,2025-01-03,100\n")

    report = import_file(path_or_file=path, user=ngo_staff, confirm=True)

    assert report.file_problems == [
        "Unknown columns: amount_claimed. The columns are: block, category, occurred_on, "
        "reported_on, region, body, victim_type, victim_name, victim_outlet, perpetrator_type, "
        "article, stage, outcome, amount_claimed_kzt, material_damages_kzt, legal_costs_kzt, "
        "amount_awarded_kzt, amount_collected_kzt, source_url, correspondent, description, "
        "public_description, legal_ground_cited, plaintiff_name, case_reference, row_id."
    ]
    assert Violation.objects.count() == 0


def test_a_file_not_in_utf8_is_rejected(tmp_path: Path, ngo_staff: User) -> None:
    path = tmp_path / "cp1251.csv"
    path.write_bytes(
        "block,category,occurred_on,victim_name\nB,refusal,2025-01-03,Дана\n".encode("cp1251")
    )

    report = import_file(path_or_file=path, user=ngo_staff, confirm=True)

    assert report.file_problems == ["The file is not in UTF-8: save it as “CSV UTF-8”."]
    assert Violation.objects.count() == 0


def test_a_small_xlsx_file_is_imported(tmp_path: Path, ngo_staff: User) -> None:
    # given: a workbook as staff save it, with a date cell, a number cell and a blank row
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        ["Block", "Category", "Occurred on", "Region", "Body", "Victim name", "Amount claimed KZT"]
    )
    sheet.append(
        ["C", "honour_and_dignity_claim", date(2025, 5, 6), "KZ-75", "", "Дана", 1500000.5]
    )
    sheet.append([None] * 7)
    sheet.append(["A", "detention", "2025-05-07", "", "police-kz-75", "", None])
    path = tmp_path / "dataset.xlsx"
    workbook.save(path)

    # when
    report = import_file(path_or_file=path, user=ngo_staff, confirm=False)

    # then
    assert (report.rows, report.problems, report.saved) == (2, [], 2)
    claim, detention = Violation.objects.order_by("occurred_on")
    assert (claim.block, claim.category, claim.occurred_on) == (
        "C",
        "honour_and_dignity_claim",
        date(2025, 5, 6),
    )
    assert (claim.region, claim.public_body) == (Region.objects.get(code="KZ-75"), None)
    assert (claim.victim_name, claim.amount_claimed_kzt) == ("Дана", Decimal("1500000.50"))
    assert (detention.category, detention.public_body) == (
        "detention",
        PublicBody.objects.get(slug="police-kz-75"),
    )


def test_a_bad_row_of_an_xlsx_file_is_reported_with_its_row_number(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["block", "category", "occurred_on"])
    sheet.append(["B", "refusal", "2025-05-06"])
    sheet.append(["B", "refusal", "2025-13-01"])
    path = tmp_path / "dataset.xlsx"
    workbook.save(path)

    from requests_tracker.monitoring.importing import validate_file

    report = validate_file(path_or_file=path)

    assert report.problems == [
        RowProblem(
            row=3,
            column="occurred_on",
            message="bad date “2025-13-01”: use DD.MM.YYYY or YYYY-MM-DD",
        )
    ]


def test_only_ngo_staff_may_import(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dataset.csv", [row(2)])

    with pytest.raises(DomainError, match="Only NGO staff may import violations"):
        import_file(path_or_file=path, user=UserFactory(), confirm=True)

    assert Violation.objects.count() == 0


# --- The command ----------------------------------------------------------------------------


def test_the_command_lists_the_bad_rows_and_exits_with_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "dataset.csv", [row(2), row(3, category="nonsense"), row(4)])

    with pytest.raises(CommandError) as error:
        call_command("import_violations", str(path))

    assert error.value.returncode == 1
    assert str(error.value) == "Nothing imported: 1 bad rows of 3"
    assert capsys.readouterr().out.splitlines() == [
        "Checked 3 of 3 rows (100%)",
        "Row 3, category: unknown category “nonsense”",
    ]
    assert Violation.objects.count() == 0


def test_the_command_imports_a_clean_file_and_prints_its_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ngo_staff: User
) -> None:
    path = write_csv(tmp_path / "dataset.csv", [row(n) for n in range(2, 1_202)])

    call_command("import_violations", str(path), "--user", ngo_staff.username)

    assert capsys.readouterr().out.splitlines() == [
        "Checked 500 of 1200 rows (41%)",
        "Checked 1000 of 1200 rows (83%)",
        "Checked 1200 of 1200 rows (100%)",
        "Imported 1200 violations as drafts.",
    ]
    assert Violation.objects.filter(review_state="draft").count() == 1_200


def test_the_command_holds_likely_duplicates_until_confirmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "dataset.csv", [row(2), row(2)])

    with pytest.raises(CommandError) as error:
        call_command("import_violations", str(path))
    assert error.value.returncode == 1
    assert "Row 3 looks like row 2." in capsys.readouterr().out
    assert Violation.objects.count() == 0

    call_command("import_violations", str(path), "--confirm")

    assert Violation.objects.count() == 2


# --- The upload page ------------------------------------------------------------------------


def test_staff_upload_a_file_see_the_report_and_confirm_it(
    tmp_path: Path, ngo_staff_client: Client
) -> None:
    path = write_csv(tmp_path / "dataset.csv", [row(2), row(3)])

    with path.open("rb") as upload:
        response = ngo_staff_client.post("/monitoring/violations/import/", {"file": upload})

    assert response.status_code == 200
    assert Violation.objects.count() == 0
    report: Any = response.context["report"]
    assert (report.rows, report.problems, report.duplicates) == (2, [], [])
    token = response.context["token"]
    response = ngo_staff_client.post(f"/monitoring/violations/import/{token}/confirm/")
    assert response.status_code == 302
    assert response["Location"] == "/monitoring/violations/?state=draft"
    assert Violation.objects.filter(review_state="draft").count() == 2
    # the upload is gone: a second confirmation saves nothing more
    ngo_staff_client.post(f"/monitoring/violations/import/{token}/confirm/")
    assert Violation.objects.count() == 2


def test_the_upload_page_shows_the_bad_rows_and_offers_no_confirmation(
    tmp_path: Path, ngo_staff_client: Client
) -> None:
    ngo_staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages checked
    path = write_csv(tmp_path / "dataset.csv", [row(2), row(3, occurred_on="2025-02-30")])

    with path.open("rb") as upload:
        response = ngo_staff_client.post("/monitoring/violations/import/", {"file": upload})

    page = response.content.decode()
    assert "bad date “2025-02-30”: use DD.MM.YYYY or YYYY-MM-DD" in page
    assert "/confirm/" not in page
    assert Violation.objects.count() == 0


def test_a_journalist_cannot_open_the_import_page(demo_data: None, client: Client) -> None:
    client.force_login(User.objects.get(username="journalist"))

    assert client.get("/monitoring/violations/import/").status_code == 404


def test_the_upload_page_warns_of_a_duplicate_and_saves_it_only_when_ticked(
    tmp_path: Path, ngo_staff_client: Client
) -> None:
    ngo_staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages checked
    path = write_csv(tmp_path / "dataset.csv", [row(2), row(2)])
    assert ngo_staff_client.get("/monitoring/violations/import/").status_code == 200

    with path.open("rb") as upload:
        response = ngo_staff_client.post("/monitoring/violations/import/", {"file": upload})
    assert "Row 3 looks like row 2." in response.content.decode()
    token = response.context["token"]

    response = ngo_staff_client.post(f"/monitoring/violations/import/{token}/confirm/")
    assert response.status_code == 200
    assert Violation.objects.count() == 0

    response = ngo_staff_client.post(
        f"/monitoring/violations/import/{token}/confirm/", {"confirm_duplicates": "on"}
    )
    assert response.status_code == 302
    assert Violation.objects.count() == 2
