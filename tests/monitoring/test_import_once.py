"""An import reads and checks its file once, then writes the checked rows in bulk, all or none."""

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.importing import import_file, validate_rows, writing
from requests_tracker.monitoring.importing.rows import RowChecker
from requests_tracker.monitoring.models import Violation, ViolationCategory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


THREE = (
    ["Блок", "Категория", "Дата события", "Орган", "Моральный вред", "Идентификатор записи"],
    [
        ["B", "refusal", "05.02.2018", "police-kz-75", "", "NGO-1"],
        ["C", "honour_and_dignity_claim", "06.02.2018", "", "1 500 000,50", "NGO-2"],
        ["A", "threat", "2018-02-07", "akimat-kz-79", "", "NGO-3"],
    ],
)


def test_each_row_is_checked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # given: a file of three rows, and the checks counted
    path = write_csv(tmp_path / "three.csv", *THREE)
    checked: list[int] = []
    check = RowChecker.check

    def counted(self: RowChecker, number: int, row: Any) -> Any:
        checked.append(number)
        return check(self, number, row)

    monkeypatch.setattr(RowChecker, "check", counted)

    # when
    report = import_file(path_or_file=path, user=None, confirm=False)

    # then
    assert (report.created, report.finished, checked) == (3, True, [2, 3, 4])


@time_machine.travel(NOW, tick=False)
def test_a_new_row_is_stored_as_a_draft_with_every_value_it_was_given(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "three.csv", *THREE)

    import_file(path_or_file=path, user=None, confirm=False)

    police = PublicBody.objects.get(slug="police-kz-75")
    stored = Violation.objects.values().get(row_id="NGO-1")
    assert stored == {
        "id": stored["id"],
        "created_at": NOW,
        "updated_at": NOW,
        "block": "B",
        "category": "refusal",
        "information_request_id": None,
        "deadline_id": None,
        "public_body_id": police.pk,
        "region_id": police.region_id,
        "occurred_on": date(2018, 2, 5),
        "reported_on": None,
        "legal_ground_cited": "",
        "description": "",
        "victim_type": "",
        "victim_name": "",
        "victim_outlet": "",
        "victim_consents_to_publication": False,
        "perpetrator_type": "",
        "article": "",
        "stage": "",
        "outcome": "",
        "amount_claimed_kzt": None,
        "amount_awarded_kzt": None,
        "amount_collected_kzt": None,
        "source_url": "",
        "correspondent": "",
        "review_state": "draft",
        "reviewed_by_id": None,
        "material_damages_kzt": None,
        "legal_costs_kzt": None,
        "plaintiff_name": "",
        "case_reference": "",
        "row_id": "NGO-1",
        "public_description": "",
    }
    assert Violation.objects.get(row_id="NGO-2").amount_claimed_kzt == Decimal("1500000.50")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("removed", "unknown category “threat”"),
        ("moved", "category “threat” belongs to block C, not A"),
    ],
)
def test_a_category_changed_between_the_check_and_the_save_refuses_the_file(
    tmp_path: Path, change: str, message: str
) -> None:
    # given: the file checked while "threat" was a category of block A
    checked = writing.check_file(path_or_file=write_csv(tmp_path / "three.csv", *THREE))
    assert checked.report.is_clean
    before = Violation.objects.count()

    # when: the category is removed, or moved to block C, before the rows are saved
    threat = ViolationCategory.objects.filter(code="threat")
    if change == "removed":
        assert Violation.objects.filter(category="threat").count() == 0
        threat.delete()
    else:
        threat.update(block="C", figure="none")  # block A's figure cannot follow it

    # then
    with pytest.raises(DomainError) as refusal:
        writing._save(checked)
    assert str(refusal.value) == message
    assert Violation.objects.count() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite locks no rows")
def test_a_correction_locks_only_the_violation_it_changes(tmp_path: Path) -> None:
    # given: the three rows imported, then a file correcting the second
    import_file(path_or_file=write_csv(tmp_path / "first.csv", *THREE), user=None, confirm=False)
    header, rows = THREE
    corrected = [[*row[:4], "1 600 000,00", row[5]] if row[5] == "NGO-2" else row for row in rows]
    path = write_csv(tmp_path / "corrected.csv", header, corrected)

    # when
    with CaptureQueriesContext(connection) as queries:
        report = import_file(path_or_file=path, user=None, confirm=False)

    # then: one row updated, and the one query that locks names only its row id
    assert (report.updated, report.unchanged) == (1, 2)
    locking = [query["sql"] for query in queries.captured_queries if "FOR UPDATE" in query["sql"]]
    assert len(locking) == 1
    assert "'NGO-2'" in locking[0]
    assert "'NGO-1'" not in locking[0]
    assert "'NGO-3'" not in locking[0]


HOST_253 = ".".join(["a" * 63] * 3) + "." + "b" * 57 + ".org"
HOST_254 = ".".join(["a" * 63] * 3) + "." + "b" * 58 + ".org"
LONG_PATH = "https://example.org/" + "a" * 2029  # 2,049 characters, one past the validator's


def test_a_source_url_is_refused_exactly_when_it_is_not_an_http_or_https_address() -> None:
    # given: plain addresses (the shortcut), those only Django's validator reads, and bad ones
    urls = [
        "https://example.org/news/1?page=2#top",
        "http://example.org:8080/",
        f"https://{HOST_253}/",
        "HTTPS://EXAMPLE.ORG/",
        "https://пример.рф/путь",
        "https://xn--e1afmkfd.xn--p1ai/",
        "http://localhost:8000/",
        "https://user:secret@example.org/",
        "http://192.168.0.1/",
        "http://[::1]/",
        f"https://{HOST_254}/",
        LONG_PATH,
        "ftp://example.org/",
        "https://exa mple.org/",
        "https://-example.org/",
        "https://example.org/a b",
        "https://exa\nmple.org/",
        "https://example.o/",
        "http://[::1::2]/",
    ]
    rows = [
        {"block": "B", "category": "refusal", "occurred_on": "05.02.2018", "source_url": url}
        for url in urls
    ]

    # when
    report = validate_rows(rows)

    # then: rows 2 to 11 are addresses; 12 to 20 are not (13 is also too long to store)
    assert [(p.row, p.message) for p in report.problems if p.column == "source_url"] == [
        (12, f"not a web address: “https://{HOST_254}/”"),
        (13, "longer than 500 characters"),
        (13, f"not a web address: “{LONG_PATH}”"),
        (14, "not a web address: “ftp://example.org/”"),
        (15, "not a web address: “https://exa mple.org/”"),
        (16, "not a web address: “https://-example.org/”"),
        (17, "not a web address: “https://example.org/a b”"),
        (18, "not a web address: “https://exa\nmple.org/”"),
        (19, "not a web address: “https://example.o/”"),
        (20, "not a web address: “http://[::1::2]/”"),
    ]


def test_a_cell_that_is_not_text_is_refused_in_its_column() -> None:
    # given: a NUL in a description, a lone surrogate in a name, and a clean row
    rows = [
        {"block": "B", "category": "refusal", "occurred_on": "05.02.2018", "description": "a\x00b"},
        {
            "block": "B",
            "category": "refusal",
            "occurred_on": "05.02.2018",
            "victim_name": "Иван \ud800",
            "article": "x" * 101,
        },
        {"block": "B", "category": "refusal", "occurred_on": "06.02.2018", "victim_name": "Иван"},
    ]

    # when
    report = validate_rows(rows)

    # then: each in its column, in the order of the columns
    not_text = "holds a NUL character or another character that is not text"
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "description", not_text),
        (3, "victim_name", not_text),
        (3, "article", "longer than 100 characters"),
    ]
