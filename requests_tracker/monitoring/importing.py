"""Importing violations from a CSV (UTF-8, with a header) or an XLSX file, all or nothing.

Columns, by their header (case and spaces do not matter; only ``block``, ``category`` and
``occurred_on`` are required, and a missing optional column is left blank):

==========================  =================================================================
``block``                   A, B or C (kz-rules.md §9)
``category``                a category code, e.g. ``refusal_cpc_201``; it must fit the block
``occurred_on``             the date of the event, YYYY-MM-DD (an XLSX date cell also works)
``reported_on``             the date it was reported, YYYY-MM-DD
``region``                  the region's ISO 3166-2 code, e.g. ``KZ-75``; the body's by default
``body``                    the public body's slug in the directory, e.g. ``police-kz-75``
``victim_type``             journalist, media_outlet, blogger, citizen or newsmaker
``victim_name``             kept private: the open data shows it only with the victim's consent,
                            which is recorded on the violation's page, never by an import
``victim_outlet``           the media outlet
``perpetrator_type``        state_body, law_enforcement, quasi_state, court, private or unknown
``article``                 e.g. ``CC 274``
``stage``                   letter_before_action, first_instance, appeal or cassation
``outcome``                 for_media, against_media or pending
``amount_claimed_kzt``      tenge, not negative, at most two decimals; ``1 500 000,50`` works
``amount_awarded_kzt``      as above
``amount_collected_kzt``    as above
``source_url``              an http(s) address
``correspondent``           who reported it
``description``             free text
``legal_ground_cited``      e.g. ``УПК 201``, ``ДСП``
==========================  =================================================================

Row numbers are those a spreadsheet shows: the header is row 1, the first violation row 2.
Blank rows are skipped. The file is read twice, streaming both times: once to check every row
(nothing is saved while any row is bad, and likely duplicates need ``confirm=True``), once to
save the rows as drafts in batches.
"""

import csv
import io
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_tracker.accounts.roles import is_ngo_staff
from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.core.errors import DomainError
from requests_tracker.core.row_problems import RowProblem
from requests_tracker.core.text import is_text
from requests_tracker.monitoring.models import (
    Block,
    Category,
    Outcome,
    PerpetratorType,
    ReviewState,
    Stage,
    VictimType,
    Violation,
)
from requests_tracker.monitoring.services import block_mismatch

BATCH_SIZE = 1000
PROGRESS_EVERY = 500
REQUIRED = ("block", "category", "occurred_on")
CHOICES: dict[str, list[str]] = {
    "block": Block.values,
    "category": Category.values,
    "victim_type": VictimType.values,
    "perpetrator_type": PerpetratorType.values,
    "stage": Stage.values,
    "outcome": Outcome.values,
}
DATES = ("occurred_on", "reported_on")
AMOUNTS = ("amount_claimed_kzt", "amount_awarded_kzt", "amount_collected_kzt")
# Free text, with the longest each field takes.
TEXTS = {
    "victim_name": 300,
    "victim_outlet": 300,
    "article": 100,
    "source_url": 500,
    "correspondent": 200,
    "description": 100_000,
    "legal_ground_cited": 300,
}
COLUMNS = (
    "block",
    "category",
    "occurred_on",
    "reported_on",
    "region",
    "body",
    "victim_type",
    "victim_name",
    "victim_outlet",
    "perpetrator_type",
    "article",
    "stage",
    "outcome",
    *AMOUNTS,
    "source_url",
    "correspondent",
    "description",
    "legal_ground_cited",
)
ALIASES = {"region_code": "region", "body_slug": "body", "public_body": "body"}
# DecimalField(max_digits=16, decimal_places=2)
LARGEST_AMOUNT = Decimal(10) ** 14
_validate_url = URLValidator(schemes=["http", "https"])

Progress = Callable[[int, int], None]
Row = Mapping[str, Any]


@dataclass(frozen=True)
class LikelyDuplicate:
    """A row that looks like an earlier row of the file or like a violation already recorded."""

    row: int
    of_row: int | None = None
    of_violation: int | None = None


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    # What makes the whole file unusable: not UTF-8, an unknown or a missing column.
    file_problems: list[str] = field(default_factory=list)
    duplicates: list[LikelyDuplicate] = field(default_factory=list)
    saved: int = 0

    @property
    def is_clean(self) -> bool:
        return not self.problems and not self.file_problems

    @property
    def needs_confirmation(self) -> bool:
        return self.is_clean and bool(self.duplicates) and not self.saved

    @property
    def bad_rows(self) -> list[int]:
        return sorted({problem.row for problem in self.problems})

    def lines(self) -> list[str]:
        """The report as text, for the command."""
        lines = [*self.file_problems]
        lines += [
            _("Row %(row)d, %(column)s: %(message)s")
            % {"row": p.row, "column": p.column, "message": p.message}
            for p in self.problems
        ]
        for duplicate in self.duplicates:
            if duplicate.of_row is not None:
                lines.append(
                    _("Row %(row)d looks like row %(other)d.")
                    % {"row": duplicate.row, "other": duplicate.of_row}
                )
            else:
                lines.append(
                    _("Row %(row)d looks like violation #%(id)d, already recorded.")
                    % {"row": duplicate.row, "id": duplicate.of_violation}
                )
        return lines


class _FileProblemError(Exception):
    """The file cannot be read as a table of violations."""


# --- Reading rows, streaming ------------------------------------------------------------------


def _column_name(header: Any) -> str:
    name = "_".join(str(header or "").strip().lower().split())
    return ALIASES.get(name, name)


def _check_header(raw: Iterable[Any]) -> list[str]:
    header = [_column_name(cell) for cell in raw]
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise _FileProblemError(
            _("Unknown columns: %(columns)s. The columns are: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    if missing := [name for name in REQUIRED if name not in header]:
        raise _FileProblemError(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if doubled := sorted({name for name in header if name and header.count(name) > 1}):
        raise _FileProblemError(
            _("Columns given twice: %(columns)s.") % {"columns": ", ".join(doubled)}
        )
    return header


def _is_xlsx(source: Any, stream: IO[bytes]) -> bool:
    name = str(getattr(source, "name", source) or "")
    if name.lower().endswith((".xlsx", ".xlsm")):
        return True
    if name.lower().endswith(".csv"):
        return False
    start = stream.read(4)
    stream.seek(0)
    return start == b"PK\x03\x04"  # a ZIP archive, as every XLSX file is


@contextmanager
def _binary(source: Any) -> Iterator[IO[bytes]]:
    if isinstance(source, str | Path):
        with open(source, "rb") as stream:
            yield stream
        return
    source.seek(0)
    yield source


@dataclass
class _Table:
    total: int
    rows: Iterator[tuple[int, dict[str, Any]]]


@contextmanager
def _table(source: Any) -> Iterator[_Table]:
    """The rows of the file as (row number, values by column), blank rows left out."""
    with _binary(source) as stream:
        if _is_xlsx(source, stream):
            yield from _xlsx_table(stream)
        else:
            yield from _csv_table(stream)


def _csv_table(stream: IO[bytes]) -> Iterator[_Table]:
    def records() -> Generator[list[str], None, None]:
        stream.seek(0)
        # utf-8-sig: Excel writes a byte order mark before the header.
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        try:
            yield from csv.reader(text)
        except UnicodeDecodeError as error:
            raise _FileProblemError(
                _("The file is not in UTF-8: save it as “CSV UTF-8”.")
            ) from error
        except csv.Error as error:
            raise _FileProblemError(
                _("The file is not a readable CSV: %(error)s") % {"error": error}
            ) from error
        finally:
            text.detach()  # leave the caller's file open

    total = sum(1 for record in records() if any(cell.strip() for cell in record)) - 1
    reader = records()
    try:
        header = _check_header(next(reader, []))

        def rows() -> Iterator[tuple[int, dict[str, Any]]]:
            for number, record in enumerate(reader, start=2):
                if not any(cell.strip() for cell in record):
                    continue
                values: dict[str, Any] = dict(zip(header, record, strict=False))
                if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                    values[""] = record[len(header) :]
                yield number, values

        yield _Table(total=max(total, 0), rows=rows())
    finally:
        reader.close()  # before the caller closes the file


def _xlsx_table(stream: IO[bytes]) -> Iterator[_Table]:
    from openpyxl import load_workbook  # only imports that read XLSX pay for it

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises a variety of errors for a damaged file
        raise _FileProblemError(_("The file is not a readable XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        cells = sheet.iter_rows(values_only=True)
        header = _check_header(next(cells, ()))
        total = (sheet.max_row or 1) - 1

        def rows() -> Iterator[tuple[int, dict[str, Any]]]:
            for number, record in enumerate(cells, start=2):
                if all(cell is None or str(cell).strip() == "" for cell in record):
                    continue
                values: dict[str, Any] = dict(zip(header, record, strict=False))
                extra = record[len(header) :]
                if any(cell is not None and str(cell).strip() for cell in extra):
                    values[""] = extra
                yield number, values

        yield _Table(total=max(total, 0), rows=rows())
    finally:
        workbook.close()


# --- Checking one row -------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _normalized_name(name: str) -> str:
    return " ".join(name.casefold().replace("ё", "е").split())


class _RowChecker:
    """Turns a row into an unsaved draft, or says what is wrong with it; caches the directory."""

    def __init__(self, *, today: date) -> None:
        self.today = today
        self.regions = dict(Region.objects.values_list("code", "id"))
        self.bodies = {
            slug: (body_id, region_id)
            for slug, body_id, region_id in PublicBody.objects.values_list(
                "slug", "id", "region_id"
            )
        }

    def check(self, number: int, row: Row) -> Violation | list[RowProblem]:
        problems: list[RowProblem] = []

        def problem(column: str, message: str) -> None:
            problems.append(RowProblem(row=number, column=column, message=message))

        if row.get(""):
            problem("", _("more cells than columns"))
        values: dict[str, Any] = {}
        for column in REQUIRED:
            if _text(row.get(column)) == "":
                problem(column, _("missing required field"))
        for column, allowed in CHOICES.items():
            text = _text(row.get(column))
            text = text.upper() if column == "block" else text.lower()
            if text and text not in allowed:
                problem(
                    column,
                    _("unknown %(column)s “%(value)s”") % {"column": column, "value": text},
                )
            values[column] = text
        if (
            values["block"] in Block.values
            and values["category"] in Category.values
            and (mismatch := block_mismatch(block=values["block"], category=values["category"]))
        ):
            problem("category", mismatch)
        for column in DATES:
            values[column] = self._date(row.get(column), column, problem)
        if (
            values["occurred_on"]
            and values["reported_on"]
            and (values["reported_on"] < values["occurred_on"])
        ):
            problem("reported_on", _("reported before the event"))
        for column in AMOUNTS:
            values[column] = _amount(row.get(column), problem, column)
        for column, longest in TEXTS.items():
            values[column] = _text(row.get(column))
            if len(values[column]) > longest:
                problem(column, _("longer than %(count)d characters") % {"count": longest})
            if not is_text(values[column]):
                problem(column, _("holds a NUL character or another character that is not text"))
        if values["source_url"]:
            try:
                _validate_url(values["source_url"])
            except ValidationError:
                problem(
                    "source_url",
                    _("not a web address: “%(value)s”") % {"value": values["source_url"]},
                )
        body_id, region_id = self._place(row, problem)
        if problems:
            return problems
        return Violation(
            **values,
            public_body_id=body_id,
            region_id=region_id,
            review_state=ReviewState.DRAFT,
        )

    def _date(self, value: Any, column: str, problem: Callable[[str, str], None]) -> date | None:
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        elif (text := _text(value)) == "":
            return None
        else:
            try:
                day = datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007 (a day, no time)
            except ValueError:
                problem(column, _("bad date “%(value)s”: use YYYY-MM-DD") % {"value": text})
                return None
        if day > self.today:
            problem(column, _("date in the future: %(value)s") % {"value": day.isoformat()})
            return None
        return day

    def _place(
        self, row: Row, problem: Callable[[str, str], None]
    ) -> tuple[int | None, int | None]:
        body_id = region_id = body_region_id = None
        if slug := _text(row.get("body")):
            if slug in self.bodies:
                body_id, body_region_id = self.bodies[slug]
            else:
                problem("body", _("unknown body “%(value)s”") % {"value": slug})
        if code := _text(row.get("region")).upper():
            if code in self.regions:
                region_id = self.regions[code]
            else:
                problem("region", _("unknown region “%(value)s”") % {"value": code})
        if body_region_id is not None and region_id is not None and region_id != body_region_id:
            problem(
                "region",
                _("the body “%(body)s” is in another region") % {"body": slug},
            )
        return body_id, region_id if region_id is not None else body_region_id


def _amount(value: Any, problem: Callable[[str, str], None], column: str) -> Decimal | None:
    if isinstance(value, bool):
        problem(column, _("not a number: “%(value)s”") % {"value": value})
        return None
    if isinstance(value, int | float | Decimal):
        text = str(value)
    else:
        text = _text(value)
        if text == "":
            return None
        # Spreadsheets in Russian write 1 500 000,50: spaces group the digits, a comma decimals.
        text = "".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
        if "," in text and "." not in text:
            text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        problem(column, _("not a number: “%(value)s”") % {"value": _text(value)})
        return None
    if not amount.is_finite():
        problem(column, _("not a number: “%(value)s”") % {"value": _text(value)})
    elif amount < 0:
        problem(column, _("negative amount: %(value)s") % {"value": _text(value)})
    elif amount >= LARGEST_AMOUNT:
        problem(column, _("amount too large: %(value)s") % {"value": _text(value)})
    elif amount != amount.quantize(Decimal("0.01")):
        problem(column, _("more than two decimals: %(value)s") % {"value": _text(value)})
    else:
        return amount.quantize(Decimal("0.01"))
    return None


# --- Likely duplicates ------------------------------------------------------------------------

_Key = tuple[str, date, int | None, int | None, str]


def _key(violation: Violation) -> _Key:
    # Same cause, same day, same body (or, without one, the same region), same victim.
    return (
        violation.category,
        violation.occurred_on,
        violation.public_body_id,
        violation.region_id if violation.public_body_id is None else None,
        _normalized_name(violation.victim_name),
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
                _normalized_name(victim_name),
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
    checker = _RowChecker(today=timezone.localdate())
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
        with _table(path_or_file) as table:
            return _validate(table.rows, total=table.total, progress=progress)
    except _FileProblemError as problem:
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
    except _FileProblemError as problem:  # the directory changed between the two readings
        report.file_problems.append(str(problem))
    return report


@transaction.atomic
def _save(path_or_file: Any) -> int:
    checker = _RowChecker(today=timezone.localdate())
    saved = 0
    batch: list[Violation] = []
    with _table(path_or_file) as table:
        for number, row in table.rows:
            checked = checker.check(number, row)
            if isinstance(checked, list):
                raise _FileProblemError(
                    _("Row %(row)d changed meaning while importing: %(message)s")
                    % {"row": number, "message": checked[0].message}
                )
            batch.append(checked)
            if len(batch) == BATCH_SIZE:
                Violation.objects.bulk_create(batch)
                saved += len(batch)
                batch = []
    Violation.objects.bulk_create(batch)
    return saved + len(batch)
