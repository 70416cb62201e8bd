"""Reading a CSV (UTF-8, with a header) or an XLSX file as rows of values by column, streaming."""

import csv
import io
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from requests_tracker.monitoring.importing.headers import column_name

REQUIRED = ("block", "category", "occurred_on")
AMOUNTS = (
    "amount_claimed_kzt",
    "material_damages_kzt",
    "legal_costs_kzt",
    "amount_awarded_kzt",
    "amount_collected_kzt",
)
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
    "public_description",
    "legal_ground_cited",
    "plaintiff_name",
    "case_reference",
    "row_id",
)


class FileProblemError(Exception):
    """The file cannot be read as a table of violations."""


def _check_header(raw: Iterable[Any]) -> list[str]:
    header = [column_name(cell) for cell in raw]
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise FileProblemError(
            _("Unknown columns: %(columns)s. The columns are: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    if missing := [name for name in REQUIRED if name not in header]:
        raise FileProblemError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if doubled := sorted({name for name in header if name and header.count(name) > 1}):
        raise FileProblemError(
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
class Table:
    total: int
    rows: Iterator[tuple[int, dict[str, Any]]]
    # The columns the file has: an update by ``row_id`` changes only these.
    columns: frozenset[str] = frozenset()


@contextmanager
def read_table(source: Any) -> Iterator[Table]:
    """The rows of the file as (row number, values by column), blank rows left out."""
    with _binary(source) as stream:
        if _is_xlsx(source, stream):
            yield from _xlsx_table(stream)
        else:
            yield from _csv_table(stream)


def _csv_table(stream: IO[bytes]) -> Iterator[Table]:
    def records() -> Generator[list[str], None, None]:
        stream.seek(0)
        # utf-8-sig: Excel writes a byte order mark before the header.
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        try:
            yield from csv.reader(text)
        except UnicodeDecodeError as error:
            raise FileProblemError(
                _("The file is not in UTF-8: save it as “CSV UTF-8”.")
            ) from error
        except csv.Error as error:
            raise FileProblemError(
                _("The file is not a readable CSV: %(error)s") % {"error": error}
            ) from error
        finally:
            text.detach()  # leave the caller's file open

    # The count for the progress: the records with a cell that is not blank, the header's
    # too. Counted in C (csv, join, strip), it costs a tenth of reading the rows.
    total = sum(map(bool, map(str.strip, map("".join, records())))) - 1
    reader = records()
    try:
        header = _check_header(next(reader, []))

        def rows() -> Iterator[tuple[int, dict[str, Any]]]:
            for number, record in enumerate(reader, start=2):
                if not "".join(record).strip():  # blank: no cell holds more than spaces
                    continue
                values: dict[str, Any] = dict(zip(header, record, strict=False))
                if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                    values[""] = record[len(header) :]
                yield number, values

        yield Table(total=max(total, 0), rows=rows(), columns=frozenset(header) - {""})
    finally:
        reader.close()  # before the caller closes the file


def _xlsx_table(stream: IO[bytes]) -> Iterator[Table]:
    from openpyxl import load_workbook  # only imports that read XLSX pay for it

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises a variety of errors for a damaged file
        raise FileProblemError(_("The file is not a readable XLSX workbook.")) from error
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

        yield Table(total=max(total, 0), rows=rows(), columns=frozenset(header) - {""})
    finally:
        workbook.close()
