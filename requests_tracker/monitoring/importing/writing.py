"""Checking a whole file, finding likely duplicates, and saving it all or nothing."""

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from requests_tracker.accounts.roles import is_ngo_staff
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.importing.reading import FileProblemError, read_table
from requests_tracker.monitoring.importing.results import (
    ImportReport,
    LikelyDuplicate,
    Progress,
    Row,
)
from requests_tracker.monitoring.importing.rows import RowChecker, normalized_name
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.recording import (
    NewViolation,
    latest_possible_day,
    record_violations,
)

BATCH_SIZE = 1000
PROGRESS_EVERY = 500

_Key = tuple[str, date, int | None, int | None, str]


def _key(violation: NewViolation) -> _Key:
    # Same cause, same day, same body (or, without one, the same region), same victim.
    return (
        violation.category,
        violation.occurred_on,
        violation.public_body_id,
        violation.region_id if violation.public_body_id is None else None,
        normalized_name(violation.victim_name),
    )


def _recorded_duplicates(keys: dict[_Key, int]) -> list[LikelyDuplicate]:
    """Rows whose key matches a violation already in the dataset, queried by day in chunks."""
    days = sorted({key[1] for key in keys})
    categories = sorted({key[0] for key in keys})
    found: dict[int, int] = {}
    for start in range(0, len(days), 500):
        recorded = Violation.objects.filter(
            occurred_on__in=days[start : start + 500], category__in=categories
        ).values_list("id", "category", "occurred_on", "public_body_id", "region_id", "victim_name")
        for pk, category, occurred_on, body_id, region_id, victim_name in recorded:
            key = (
                category,
                occurred_on,
                body_id,
                region_id if body_id is None else None,
                normalized_name(victim_name),
            )
            if key in keys:
                found.setdefault(keys[key], pk)
    return [LikelyDuplicate(row=row, of_violation=pk) for row, pk in sorted(found.items())]


# --- The public functions -----------------------------------------------------------------------


def validate_rows(
    rows: Iterable[Row], *, total: int = 0, progress: Progress | None = None
) -> ImportReport:
    """Check every row without saving anything: the bad rows with their reasons, the duplicates.

    ``rows`` are mappings of column to value; the first is row 2, the header being row 1.
    """
    return _validate(enumerate(rows, start=2), total=total, progress=progress)


def _validate(
    rows: Iterable[tuple[int, Row]], *, total: int, progress: Progress | None
) -> ImportReport:
    report = ImportReport()
    checker = RowChecker(today=latest_possible_day())
    keys: dict[_Key, int] = {}
    for number, row in rows:
        report.rows += 1
        checked = checker.check(number, row)
        if isinstance(checked, list):
            report.problems.extend(checked)
        else:
            key = _key(checked)
            if key in keys:
                report.duplicates.append(LikelyDuplicate(row=number, of_row=keys[key]))
            else:
                keys[key] = number
        if progress is not None and report.rows % PROGRESS_EVERY == 0:
            progress(report.rows, max(total, report.rows))
    if progress is not None:
        progress(report.rows, report.rows)
    if report.is_clean and keys:
        report.duplicates.extend(_recorded_duplicates(keys))
        report.duplicates.sort(key=lambda duplicate: duplicate.row)
    return report


def validate_file(*, path_or_file: Any, progress: Progress | None = None) -> ImportReport:
    """Check a CSV or XLSX file, streaming, and save nothing."""
    try:
        with read_table(path_or_file) as table:
            return _validate(table.rows, total=table.total, progress=progress)
    except FileProblemError as problem:
        return ImportReport(file_problems=[str(problem)])


def import_file(
    *,
    path_or_file: str | Path | IO[bytes],
    user: Any,
    confirm: bool,
    progress: Progress | None = None,
) -> ImportReport:
    """Save every row of the file as a draft, or nothing at all.

    Nothing is saved while any row is bad, nor, without ``confirm``, while any row looks like a
    duplicate. ``user`` must be NGO staff; None is an operator's import from the command line.
    """
    if user is not None and not is_ngo_staff(user):
        raise DomainError(_("Only NGO staff may import violations."))
    report = validate_file(path_or_file=path_or_file, progress=progress)
    if not report.is_clean or (report.duplicates and not confirm):
        return report
    try:
        report.saved = _save(path_or_file)
    except FileProblemError as problem:  # the directory changed between the two readings
        report.file_problems.append(str(problem))
    return report


@transaction.atomic
def _save(path_or_file: Any) -> int:
    checker = RowChecker(today=latest_possible_day())
    saved = 0
    batch: list[NewViolation] = []
    with read_table(path_or_file) as table:
        for number, row in table.rows:
            checked = checker.check(number, row)
            if isinstance(checked, list):
                raise FileProblemError(
                    _("Row %(row)d changed meaning while importing: %(message)s")
                    % {"row": number, "message": checked[0].message}
                )
            batch.append(checked)
            if len(batch) == BATCH_SIZE:
                record_violations(violations=batch)
                saved += len(batch)
                batch = []
    record_violations(violations=batch)
    return saved + len(batch)
