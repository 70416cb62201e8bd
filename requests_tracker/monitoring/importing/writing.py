"""Checking a whole file once, finding likely duplicates, and saving its checked rows all or
nothing."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.db import connections, transaction
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from requests_tracker.accounts.roles import is_ngo_staff
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.importing.reading import FileProblemError, read_table
from requests_tracker.monitoring.importing.results import (
    ImportReport,
    LikelyDuplicate,
    Progress,
    Row,
    RowProblem,
)
from requests_tracker.monitoring.importing.rows import RowChecker, normalized_name
from requests_tracker.monitoring.importing.updates import stored_by_row_id, updated_fields
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.recording import (
    NewViolation,
    latest_possible_day,
    record_checked_drafts,
    update_drafts,
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
    """Rows whose key matches a violation already in the dataset: those recorded on a row's
    (category, day) are read, the latest first, and compared by the whole key."""
    found: dict[int, int] = {}
    days = sorted({key[1] for key in keys})
    for recorded in _recorded_on(days=days, categories=sorted({key[0] for key in keys})):
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


_RECORDED = ("id", "category", "occurred_on", "public_body_id", "region_id", "victim_name")


def _recorded_on(*, days: list[date], categories: list[str]) -> Iterator[Iterable[tuple[Any, ...]]]:
    """The violations recorded on these days in these categories, the latest first: on
    PostgreSQL in one query, the days one array parameter; elsewhere 500 days a query."""
    violations = Violation.objects.filter(category__in=categories).order_by("-id")
    if connections[violations.db].vendor == "postgresql":
        on_days = RawSQL("SELECT unnest(%s::date[])", (days,))
        yield violations.filter(occurred_on__in=on_days).values_list(*_RECORDED)
        return
    for start in range(0, len(days), 500):
        yield violations.filter(occurred_on__in=days[start : start + 500]).values_list(*_RECORDED)


# --- The public functions -----------------------------------------------------------------------


@dataclass
class Checked:
    """A file checked once: its report, and the drafts of its rows (all of them, when it is clean),
    which saving writes without reading or checking the file again."""

    report: ImportReport
    rows: list[NewViolation] = field(default_factory=list)
    columns: frozenset[str] = frozenset()


def validate_rows(
    rows: Iterable[Row], *, total: int = 0, progress: Progress | None = None
) -> ImportReport:
    """Check every row without saving anything: the bad rows with their reasons, the duplicates.

    ``rows`` are mappings of column to value; the first is row 2, the header being row 1.
    """
    rows = list(rows)
    columns = frozenset(column for row in rows for column in row) - {""}
    return _validate(
        enumerate(rows, start=2), columns=columns, total=total, progress=progress
    ).report


def _validate(
    rows: Iterable[tuple[int, Row]],
    *,
    columns: frozenset[str],
    total: int,
    progress: Progress | None,
) -> Checked:
    report = ImportReport()
    checker = RowChecker(today=latest_possible_day())
    keys: dict[_Key, int] = {}
    by_row_id: dict[str, tuple[int, NewViolation]] = {}
    drafts: list[NewViolation] = []
    for number, row in rows:
        report.rows += 1
        checked = checker.check(number, row)
        if isinstance(checked, list):
            report.problems.extend(checked)
        else:
            drafts.append(checked)
            key = _key(checked)
            if key in keys:
                report.duplicates.append(LikelyDuplicate(row=number, of_row=keys[key]))
            else:
                keys[key] = number
            if checked.row_id is not None:
                if checked.row_id in by_row_id:
                    report.problems.append(_row_id_twice(number, checked.row_id, by_row_id))
                else:
                    by_row_id[checked.row_id] = (number, checked)
        if progress is not None and report.rows % PROGRESS_EVERY == 0:
            progress(report.rows, max(total, report.rows))
    if progress is not None:
        progress(report.rows, report.rows)
    updating = _plan_updates(report, by_row_id, columns)
    report.problems.sort(key=lambda problem: problem.row)
    if report.is_clean and keys:
        new_keys = {key: number for key, number in keys.items() if number not in updating}
        report.duplicates.extend(_recorded_duplicates(new_keys))
        report.duplicates.sort(key=lambda duplicate: duplicate.row)
    return Checked(report=report, rows=drafts if report.is_clean else [], columns=columns)


def _row_id_twice(
    number: int, row_id: str, by_row_id: dict[str, tuple[int, NewViolation]]
) -> RowProblem:
    return RowProblem(
        row=number,
        column="row_id",
        message=_("row id “%(row_id)s” is also on row %(row)d")
        % {"row_id": row_id, "row": by_row_id[row_id][0]},
    )


def _plan_updates(
    report: ImportReport,
    by_row_id: dict[str, tuple[int, NewViolation]],
    columns: frozenset[str],
) -> set[int]:
    """Count what saving would create, update and leave unchanged; refuse a correction of a
    violation that is not a draft. The numbers of the rows that update are returned."""
    fields = updated_fields(columns)
    stored = stored_by_row_id(by_row_id, fields) if by_row_id else {}
    updating = set()
    for row_id, (number, new) in by_row_id.items():
        if row_id not in stored:
            continue
        updating.add(number)
        if refusal := stored[row_id].refusal(new, fields):
            report.problems.append(RowProblem(row=number, column="row_id", message=refusal))
        elif stored[row_id].changes(new, fields):
            report.updated += 1
        else:
            report.unchanged += 1
    report.created = report.rows - len(report.bad_rows) - len(updating)
    return updating


def check_file(*, path_or_file: Any, progress: Progress | None = None) -> Checked:
    """Read a CSV or XLSX file once, streaming, checking every row; save nothing."""
    try:
        with read_table(path_or_file) as table:
            return _validate(
                table.rows, columns=table.columns, total=table.total, progress=progress
            )
    except FileProblemError as problem:
        return Checked(report=ImportReport(file_problems=[str(problem)]))


def validate_file(*, path_or_file: Any, progress: Progress | None = None) -> ImportReport:
    """Check a CSV or XLSX file, streaming, and save nothing."""
    return check_file(path_or_file=path_or_file, progress=progress).report


def import_file(
    *,
    path_or_file: str | Path | IO[bytes],
    user: Any,
    confirm: bool,
    progress: Progress | None = None,
) -> ImportReport:
    """Save every row of the file as a draft, or nothing at all.

    A row whose ``row_id`` is recorded updates that violation (a draft) instead, when it changes
    it. Nothing is saved while any row is bad, nor, without ``confirm``, while any row looks like
    a duplicate. ``user`` must be NGO staff; None is an operator's import from the command line.
    The file is read and checked once; the checked rows are saved in batches.
    """
    if user is not None and not is_ngo_staff(user):
        raise DomainError(_("Only NGO staff may import violations."))
    checked = check_file(path_or_file=path_or_file, progress=progress)
    report = checked.report
    if not report.is_clean or (report.duplicates and not confirm):
        return report
    try:
        report.created, report.updated, report.unchanged = _save(checked)
    except DomainError as problem:  # the dataset changed since the check (a row verified)
        report.file_problems.append(str(problem))
        report.created = report.updated = report.unchanged = 0
        return report
    report.saved = report.created + report.updated
    report.finished = True
    return report


@transaction.atomic
def _save(checked: Checked) -> tuple[int, int, int]:
    """Create the new rows and update the changed ones: (created, updated, unchanged).

    The violations the rows' ids name are read again, and those a row changes are locked and
    compared once more, since one may have been verified since the check: a correction of it
    refuses the whole file, unsaved. A row that changes nothing locks nothing."""
    created = unchanged = 0
    fields = updated_fields(checked.columns)
    by_row_id = {new.row_id: new for new in checked.rows if new.row_id is not None}
    stored = stored_by_row_id(by_row_id, fields)
    changing = {row_id for row_id, row in stored.items() if row.changes(by_row_id[row_id], fields)}
    stored |= stored_by_row_id(changing, fields, lock=True) if changing else {}
    batch: list[NewViolation] = []
    updates: list[tuple[int, NewViolation]] = []
    for new in checked.rows:
        if new.row_id is not None and new.row_id in stored:
            if refusal := stored[new.row_id].refusal(new, fields):
                raise DomainError(refusal)
            if stored[new.row_id].changes(new, fields):
                updates.append((stored[new.row_id].pk, new))
            else:
                unchanged += 1
            continue
        batch.append(new)
        if len(batch) == BATCH_SIZE:
            created += record_checked_drafts(violations=batch)
            batch = []
    created += record_checked_drafts(violations=batch)
    updated = 0
    for start in range(0, len(updates), BATCH_SIZE):
        updated += update_drafts(updates=updates[start : start + BATCH_SIZE], fields=fields)
    return created, updated, unchanged
