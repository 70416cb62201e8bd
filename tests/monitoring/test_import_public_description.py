"""The import reads the public description, the text the open data shows, apart from the
internal one, under its English name or its Russian and Kazakh headers; a second import of a
corrected file updates it; publishing still checks it for the victim's name."""

import csv
from pathlib import Path

import pytest

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.importing import import_file
from requests_tracker.monitoring.models import ReviewState, Violation
from requests_tracker.monitoring.services import publish_violation, verify_violation

pytestmark = pytest.mark.django_db


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def claim_row(public_description: str) -> list[str]:
    return [
        "C",
        "privacy_claim",
        "26.02.2018",
        "Жамиля Маричева",
        "Асель Айдашева поручила проверить, кто опубликовал её фото",
        public_description,
        "AS-2018-02-019",
    ]


@pytest.mark.parametrize(
    "header",
    [
        ["block", "category", "occurred_on", "victim_name", "description"],
        ["Блок", "Категория", "Дата события", "Имя пострадавшего", "Описание"],
        ["Блок", "Санат", "Оқиға күні", "Зардап шегушінің аты", "Сипаттама"],
    ],
)
def test_the_public_description_is_read_apart_from_the_internal_one(
    tmp_path: Path, ngo_staff: User, header: list[str]
) -> None:
    public = {"block": "public_description", "Блок": "Публичное описание"}
    columns = [
        *header,
        "Жария сипаттама" if header[1] == "Санат" else public[header[0]],
        "row_id",
    ]
    path = write_csv(
        tmp_path / "claims.csv",
        columns,
        [claim_row("Иск о защите частной жизни к журналисту ratel.kz")],
    )

    report = import_file(path_or_file=path, user=ngo_staff, confirm=False)

    assert (report.file_problems, report.problems, report.saved) == ([], [], 1)
    violation = Violation.objects.get(row_id="AS-2018-02-019")
    assert violation.description == "Асель Айдашева поручила проверить, кто опубликовал её фото"
    assert violation.public_description == "Иск о защите частной жизни к журналисту ratel.kz"


def test_a_corrected_public_description_updates_the_row_and_is_checked_when_published(
    tmp_path: Path, ngo_staff: User
) -> None:
    header = [
        "block",
        "category",
        "occurred_on",
        "victim_name",
        "description",
        "public_description",
        "row_id",
    ]
    import_file(
        path_or_file=write_csv(tmp_path / "first.csv", header, [claim_row("Иск к Маричевой")]),
        user=ngo_staff,
        confirm=False,
    )
    first = Violation.objects.get(row_id="AS-2018-02-019")
    verify_violation(violation=first, user=ngo_staff)
    # the journalist has not agreed to be named: publishing is refused
    with pytest.raises(DomainError, match="Маричевой"):
        publish_violation(violation=first, user=ngo_staff)
    Violation.objects.filter(pk=first.pk).update(review_state=ReviewState.DRAFT)

    corrected = write_csv(
        tmp_path / "corrected.csv", header, [claim_row("Иск к журналисту ratel.kz")]
    )
    report = import_file(path_or_file=corrected, user=ngo_staff, confirm=False)

    assert (report.problems, report.saved) == ([], 1)
    assert Violation.objects.count() == 1
    violation = Violation.objects.get()
    assert violation.public_description == "Иск к журналисту ratel.kz"
    verify_violation(violation=violation, user=ngo_staff)
    assert publish_violation(violation=violation, user=ngo_staff).review_state == (
        ReviewState.PUBLISHED
    )
