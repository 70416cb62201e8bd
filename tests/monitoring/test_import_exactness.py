"""Import exactness: amounts with one reading only, dates as dd.mm.yyyy, Russian and Kazakh
headers, the parts of a claim, and a second import of a corrected file updating by the row's id."""

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.utils import translation
from openpyxl import Workbook

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.importing import (
    RowProblem,
    headers,
    import_file,
    validate_rows,
    writing,
)
from requests_tracker.monitoring.importing.headers import column_name
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.recording import NewViolation, record_violations, update_drafts
from requests_tracker.monitoring.services import verify_violation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def claim(**overrides: str) -> dict[str, str]:
    values = {"block": "C", "category": "honour_and_dignity_claim", "occurred_on": "2018-02-05"}
    values.update(overrides)
    return values


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def problems_of(amount: str) -> list[tuple[str, str]]:
    report = validate_rows([claim(amount_claimed_kzt=amount)])
    return [(problem.column, problem.message) for problem in report.problems]


# --- Amounts --------------------------------------------------------------------------------


def test_150_000_is_refused_naming_both_readings() -> None:
    assert problems_of("150,000") == [
        (
            "amount_claimed_kzt",
            "ambiguous amount “150,000”: it reads as 150000 if “,” separates thousands, or as "
            "150.000 if “,” is the decimal mark. Write thousands without a separator or with "
            "spaces (150000), and decimals with two digits (1 500 000,50).",
        )
    ]


def test_1_500_with_a_point_is_refused_naming_both_readings() -> None:
    assert problems_of("1.500") == [
        (
            "amount_claimed_kzt",
            "ambiguous amount “1.500”: it reads as 1500 if “.” separates thousands, or as "
            "1.500 if “.” is the decimal mark. Write thousands without a separator or with "
            "spaces (1500), and decimals with two digits (1 500 000,50).",
        )
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "неоднозначная сумма «150,000»: это 150000, если «,» отделяет тысячи, или 150.000, "
            "если «,» — десятичный знак. Пишите тысячи без разделителя или через пробел "
            "(150000), а дробную часть — двумя цифрами (1 500 000,50).",
        ),
        (
            "kk",
            "«150,000» сомасы екіұшты: «,» мыңдықтарды бөлсе, бұл 150000, ал «,» ондық белгі "
            "болса, 150.000. Мыңдықтарды бөлгішсіз немесе бос орынмен (150000), ал бөлшек "
            "бөлігін екі цифрмен жазыңыз (1 500 000,50).",
        ),
    ],
)
def test_the_refusal_of_an_ambiguous_amount_is_in_the_users_language(
    language: str, expected: str
) -> None:
    with translation.override(language):
        assert problems_of("150,000") == [("amount_claimed_kzt", expected)]


@pytest.mark.parametrize(
    "written",
    [
        "1 500 000,50",
        "1\u00a0500\u00a0000,50",  # the no-break space Excel writes
        "1\u202f500\u202f000,50",  # the narrow no-break space
        "1500000.50",
        "1500000,50",
        "1,500,000.50",
        "1.500.000,50",
        " 1 500 000,5 ",
    ],
)
def test_an_amount_with_one_reading_is_read_exactly(written: str) -> None:
    report = validate_rows([claim(amount_claimed_kzt=written)])

    assert report.problems == []
    assert report.created == 1


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1 500 000,50", Decimal("1500000.50")),
        ("1\u00a0500\u00a0000,50", Decimal("1500000.50")),
        ("1\u202f500\u202f000,50", Decimal("1500000.50")),
        ("1500000.50", Decimal("1500000.50")),
        ("1,500,000", Decimal("1500000.00")),
        ("1.500.000", Decimal("1500000.00")),
        ("150 000", Decimal("150000.00")),
        ("150,00", Decimal("150.00")),
        ("0,5", Decimal("0.50")),
    ],
)
def test_the_amount_saved_is_the_one_written(
    tmp_path: Path, ngo_staff: User, written: str, expected: Decimal
) -> None:
    path = write_csv(
        tmp_path / "claims.csv",
        ["block", "category", "occurred_on", "amount_claimed_kzt"],
        [["C", "honour_and_dignity_claim", "2018-02-05", written]],
    )

    report = import_file(path_or_file=path, user=ngo_staff, confirm=False)

    assert (report.problems, report.saved) == ([], 1)
    assert Violation.objects.get(category="honour_and_dignity_claim").amount_claimed_kzt == expected


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1 500,000", "more than two decimals: 1 500,000"),
        ("12.3456", "more than two decimals: 12.3456"),
        ("15 00", "not a number: “15 00”"),
        ("1,50,000", "not a number: “1,50,000”"),
        ("1 500.000,50", "not a number: “1 500.000,50”"),
        ("1e6", "not a number: “1e6”"),
        (",50", "not a number: “,50”"),
        ("-1 500,50", "negative amount: -1 500,50"),
    ],
)
def test_a_malformed_amount_is_refused_with_its_reason(written: str, message: str) -> None:
    assert problems_of(written) == [("amount_claimed_kzt", message)]


def test_numbers_typed_in_excel_cells_keep_their_value(tmp_path: Path, ngo_staff: User) -> None:
    # given: number cells (a float, an integer), which have one reading whatever the locale
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["block", "category", "occurred_on", "amount_claimed_kzt", "legal_costs_kzt"])
    sheet.append(["C", "honour_and_dignity_claim", date(2018, 2, 5), 1500000.5, 150000])
    sheet.append(["C", "honour_and_dignity_claim", "06.02.2018", "1 500,50", 1.5])
    path = tmp_path / "claims.xlsx"
    workbook.save(path)

    report = import_file(path_or_file=path, user=ngo_staff, confirm=False)

    assert (report.problems, report.saved) == ([], 2)
    first, second = Violation.objects.filter(block="C").order_by("occurred_on")
    assert (first.amount_claimed_kzt, first.legal_costs_kzt) == (
        Decimal("1500000.50"),
        Decimal("150000.00"),
    )
    assert (second.occurred_on, second.amount_claimed_kzt, second.legal_costs_kzt) == (
        date(2018, 2, 6),
        Decimal("1500.50"),
        Decimal("1.50"),
    )


def test_an_ambiguous_amount_in_a_text_cell_of_an_xlsx_file_is_refused(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["block", "category", "occurred_on", "amount_collected_kzt"])
    sheet.append(["C", "judicial_act", "2018-02-05", "90,000"])
    path = tmp_path / "acts.xlsx"
    workbook.save(path)

    report = import_file(path_or_file=path, user=None, confirm=False)

    assert [(p.row, p.column) for p in report.problems] == [(2, "amount_collected_kzt")]
    assert report.problems[0].message.startswith("ambiguous amount “90,000”: it reads as 90000")
    assert Violation.objects.filter(category="judicial_act").count() == 0


# --- Dates and headers ----------------------------------------------------------------------


def test_a_date_written_dd_mm_yyyy_is_read(tmp_path: Path, ngo_staff: User) -> None:
    path = write_csv(
        tmp_path / "dates.csv",
        ["block", "category", "occurred_on", "reported_on"],
        [["B", "refusal", "05.02.2018", "5.2.2018"], ["B", "refusal", "2018-02-06", ""]],
    )

    report = import_file(path_or_file=path, user=ngo_staff, confirm=True)

    assert (report.problems, report.saved) == ([], 2)
    days = Violation.objects.filter(block="B", reported_on__isnull=False).values_list(
        "occurred_on", "reported_on"
    )
    assert list(days) == [(date(2018, 2, 5), date(2018, 2, 5))]


RUSSIAN = [
    "Блок",
    "Категория",
    "Дата события",
    "Орган",
    "Пострадавший",
    "Истец",
    "Номер дела",
    "Моральный вред, тенге",
    "Материальный ущерб",
    "Судебные издержки",
    "Присуждено",
    "Взыскано",
    "Идентификатор записи",
    "Описание",
]
KAZAKH = [
    "Блок",
    "Санат",
    "Оқиға күні",
    "Орган",
    "Зардап шегуші",
    "Талапкер",
    "Іс нөмірі",
    "Моральдық зиян, теңге",
    "Материалдық залал",
    "Сот шығындары",
    "Сот тағайындаған сома",
    "Өндірілді",
    "Жазба сәйкестендіргіші",
    "Сипаттама",
]


@pytest.mark.parametrize("header", [RUSSIAN, KAZAKH], ids=["ru", "kk"])
def test_russian_and_kazakh_headers_name_the_columns(
    tmp_path: Path, ngo_staff: User, header: list[str]
) -> None:
    path = write_csv(
        tmp_path / "claims.csv",
        header,
        [
            [
                "C",
                "honour_and_dignity_claim",
                "05.02.2018",
                "police-kz-75",
                "Газета «Public position»",
                "Иванов И. И.",
                "2-1234/2018",
                "10 000 000",
                "250 000,50",
                "12 500",
                "",
                "",
                "AS-2018-02-001",
                "Иск о защите чести и достоинства",
            ]
        ],
    )

    report = import_file(path_or_file=path, user=ngo_staff, confirm=False)

    assert (report.file_problems, report.problems, report.saved) == ([], [], 1)
    violation = Violation.objects.get(row_id="AS-2018-02-001")
    assert (violation.block, violation.category, violation.occurred_on) == (
        "C",
        "honour_and_dignity_claim",
        date(2018, 2, 5),
    )
    assert violation.public_body == PublicBody.objects.get(slug="police-kz-75")
    assert (violation.victim_name, violation.plaintiff_name, violation.case_reference) == (
        "Газета «Public position»",
        "Иванов И. И.",
        "2-1234/2018",
    )
    assert (
        violation.amount_claimed_kzt,
        violation.material_damages_kzt,
        violation.legal_costs_kzt,
        violation.amount_awarded_kzt,
        violation.amount_collected_kzt,
    ) == (Decimal("10000000.00"), Decimal("250000.50"), Decimal("12500.00"), None, None)
    assert violation.description == "Иск о защите чести и достоинства"


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("ДАТА  СОБЫТИЯ", "occurred_on"),
        ("дата_события", "occurred_on"),
        ("Взыскано, тенге", "amount_collected_kzt"),
        ("Moral damages claimed, KZT", "amount_claimed_kzt"),
        ("Ёмкость", "емкость"),  # unknown: comes back folded, for the error
    ],
)
def test_a_header_is_compared_folded(header: str, column: str) -> None:
    assert column_name(header) == column


# --- Update by the row's own id -------------------------------------------------------------

HEADER = ["row_id", "block", "category", "occurred_on", "case_reference", "amount_claimed_kzt"]


def dataset(amount_of_second: str) -> list[list[str]]:
    return [
        ["AS-1", "C", "honour_and_dignity_claim", "05.02.2018", "2-17/2018", "10 000 000"],
        ["AS-2", "C", "honour_and_dignity_claim", "06.02.2018", "2-18/2018", amount_of_second],
        ["AS-3", "C", "judicial_act", "20.02.2018", "2-17/2018", ""],
    ]


def test_a_second_import_of_a_corrected_file_updates_one_row_and_creates_none(
    tmp_path: Path, ngo_staff: User
) -> None:
    # given: the file imported once, then corrected in one amount (1.5 million, not 150,000)
    import_file(
        path_or_file=write_csv(tmp_path / "first.csv", HEADER, dataset("150 000")),
        user=ngo_staff,
        confirm=False,
    )
    before = Violation.objects.count()
    ids = dict(Violation.objects.filter(row_id__isnull=False).values_list("row_id", "id"))
    corrected = write_csv(tmp_path / "corrected.csv", HEADER, dataset("1 500 000"))

    # when
    report = import_file(path_or_file=corrected, user=ngo_staff, confirm=False)

    # then: one updated, two unchanged, none created; no duplicate warning for the same rows
    assert (report.duplicates, report.problems) == ([], [])
    assert (report.created, report.updated, report.unchanged, report.saved) == (0, 1, 2, 1)
    assert Violation.objects.count() == before
    second = Violation.objects.get(row_id="AS-2")
    assert (second.pk, second.amount_claimed_kzt) == (ids["AS-2"], Decimal("1500000.00"))
    assert Violation.objects.get(row_id="AS-1").amount_claimed_kzt == Decimal("10000000.00")
    # the act and its claim share the case reference
    act = Violation.objects.get(row_id="AS-3")
    assert list(
        Violation.objects.filter(
            case_reference=act.case_reference, category="honour_and_dignity_claim"
        ).values_list("row_id", flat=True)
    ) == ["AS-1"]


def test_checking_the_corrected_file_says_what_saving_will_do_and_saves_nothing(
    tmp_path: Path, ngo_staff: User
) -> None:
    import_file(
        path_or_file=write_csv(tmp_path / "first.csv", HEADER, dataset("150 000")),
        user=ngo_staff,
        confirm=False,
    )

    report = validate_rows(
        [dict(zip(HEADER, values, strict=True)) for values in dataset("1 500 000")]
    )

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Violation.objects.get(row_id="AS-2").amount_claimed_kzt == Decimal("150000.00")


def test_an_update_writes_only_the_columns_the_file_has(tmp_path: Path, ngo_staff: User) -> None:
    # given: a row imported with a description, corrected by a file without that column
    first = write_csv(
        tmp_path / "first.csv",
        ["row_id", "block", "category", "occurred_on", "description"],
        [["AS-9", "B", "refusal", "05.02.2018", "Отказ со ссылкой на УПК 201"]],
    )
    import_file(path_or_file=first, user=ngo_staff, confirm=False)
    corrected = write_csv(
        tmp_path / "corrected.csv",
        ["row_id", "block", "category", "occurred_on"],
        [["AS-9", "B", "refusal", "07.02.2018"]],
    )

    report = import_file(path_or_file=corrected, user=ngo_staff, confirm=False)

    violation = Violation.objects.get(row_id="AS-9")
    assert (report.created, report.updated) == (0, 1)
    assert (violation.occurred_on, violation.description) == (
        date(2018, 2, 7),
        "Отказ со ссылкой на УПК 201",
    )


def test_a_correction_of_a_verified_violation_is_refused_until_it_is_a_draft(
    tmp_path: Path, ngo_staff: User
) -> None:
    import_file(
        path_or_file=write_csv(tmp_path / "first.csv", HEADER, dataset("150 000")),
        user=ngo_staff,
        confirm=False,
    )
    second = Violation.objects.get(row_id="AS-2")
    verify_violation(violation=second, user=ngo_staff)
    corrected = write_csv(tmp_path / "corrected.csv", HEADER, dataset("1 500 000"))

    report = import_file(path_or_file=corrected, user=ngo_staff, confirm=False)

    assert report.problems == [
        RowProblem(
            row=3,
            column="row_id",
            message=f"row id “AS-2” is violation #{second.pk}, which is Verified: return it to "
            "draft before importing a correction",
        )
    ]
    assert (report.saved, report.finished) == (0, False)
    assert Violation.objects.get(row_id="AS-2").amount_claimed_kzt == Decimal("150000.00")


def test_the_unchanged_file_imports_again_over_a_verified_violation(
    tmp_path: Path, ngo_staff: User
) -> None:
    path = write_csv(tmp_path / "first.csv", HEADER, dataset("150 000"))
    import_file(path_or_file=path, user=ngo_staff, confirm=False)
    verify_violation(violation=Violation.objects.get(row_id="AS-2"), user=ngo_staff)

    report = import_file(path_or_file=path, user=ngo_staff, confirm=False)

    assert (report.problems, report.finished) == ([], True)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert Violation.objects.get(row_id="AS-2").review_state == "verified"


def test_one_row_id_twice_in_a_file_is_refused() -> None:
    report = validate_rows(
        [claim(row_id="AS-1"), claim(row_id="AS-2", occurred_on="2018-02-06"), claim(row_id="AS-1")]
    )

    assert report.problems == [
        RowProblem(row=4, column="row_id", message="row id “AS-1” is also on row 2")
    ]


def test_saving_refuses_a_correction_of_a_violation_verified_after_the_check(
    tmp_path: Path, ngo_staff: User
) -> None:
    # given: the corrected file checked while the row was a draft, then the row verified
    import_file(
        path_or_file=write_csv(tmp_path / "first.csv", HEADER, dataset("150 000")),
        user=ngo_staff,
        confirm=False,
    )
    corrected = write_csv(tmp_path / "corrected.csv", HEADER, dataset("1 500 000"))
    checked = writing.check_file(path_or_file=corrected)
    assert (checked.report.is_clean, checked.report.updated) == (True, 1)
    verify_violation(violation=Violation.objects.get(row_id="AS-2"), user=ngo_staff)

    # when: the checked rows are saved
    with pytest.raises(DomainError, match="which is Verified: return it to draft"):
        writing._save(checked)

    # then
    assert Violation.objects.get(row_id="AS-2").amount_claimed_kzt == Decimal("150000.00")


def test_updating_drafts_refuses_a_violation_that_is_no_longer_a_draft(ngo_staff: User) -> None:
    (violation,) = record_violations(
        violations=[NewViolation(block="B", category="refusal", occurred_on=date(2018, 2, 5))]
    )
    verify_violation(violation=violation, user=ngo_staff)
    correction = NewViolation(block="B", category="refusal", occurred_on=date(2018, 2, 6))

    with pytest.raises(DomainError, match="Only a draft can be edited"):
        update_drafts(updates=[(violation.pk, correction)], fields=["occurred_on"])

    assert Violation.objects.get(pk=violation.pk).occurred_on == date(2018, 2, 5)


@time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=UTC), tick=False)
def test_updating_drafts_checks_the_values_like_a_new_row() -> None:
    (violation,) = record_violations(
        violations=[NewViolation(block="B", category="refusal", occurred_on=date(2018, 2, 5))]
    )
    future = NewViolation(block="B", category="refusal", occurred_on=date(2026, 3, 10))
    wrong_block = NewViolation(block="A", category="refusal", occurred_on=date(2018, 2, 5))

    with pytest.raises(DomainError, match="that date is in the future"):
        update_drafts(updates=[(violation.pk, future)], fields=["occurred_on"])
    with pytest.raises(DomainError, match="belongs to block B, not A"):
        update_drafts(updates=[(violation.pk, wrong_block)], fields=["block"])

    assert Violation.objects.values_list("block", "occurred_on").get(pk=violation.pk) == (
        "B",
        date(2018, 2, 5),
    )


def test_a_header_naming_two_columns_is_a_programming_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(headers.TRANSLATED, "region", (("Орган",), ()))

    with pytest.raises(ValueError, match="the header 'орган' would name two columns"):
        headers._aliases()
