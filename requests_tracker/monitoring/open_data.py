"""The open data: published violations in one public schema, as CSV, JSON, XLSX and the API.

The schema is versioned (``SCHEMA_VERSION``) and documented in ``docs/open-data-schema.md``: a
column is added in a new version, never renamed or removed within one. It says nothing about the
person who filed the request behind a violation (no user, no subject, no text), and a victim is
named only with their consent: the name is left out in SQL, so no export ever holds it.
"""

import csv
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

import django_filters
from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import Case, CharField, F, Func, QuerySet, TextField, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.core.csv_copy import copy_csv
from requests_tracker.core.spreadsheets import SafeTextSQL, safe_row
from requests_tracker.monitoring.categories import category_choices
from requests_tracker.monitoring.models import ReviewState, Violation

SCHEMA_VERSION = "1"
CHUNK_SIZE = 2000
XLSX_IN_MEMORY_BYTES = 8 * 1024 * 1024  # larger workbooks spill to a temporary file
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    name: str
    source: str  # a field of Violation, or one of the annotations below
    type: str  # a Frictionless Table Schema type
    description: Promise


def _with_consent(field: str) -> Case:
    """The victim's own value if they agreed to be named, else empty."""
    return Case(
        When(victim_consents_to_publication=True, then=F(field)),
        default=Value(""),
        output_field=CharField(),
    )


# Related values and consented names, each under a name that no Violation field has.
_ANNOTATIONS: dict[str, Any] = {
    "open_region": F("region__code"),
    "open_body_slug": F("public_body__slug"),
    "open_body_name_ru": F("public_body__name_ru"),
    "open_body_name_kk": F("public_body__name_kk"),
    "open_body_name_en": F("public_body__name_en"),
    "open_victim_name": _with_consent("victim_name"),
    "open_victim_outlet": _with_consent("victim_outlet"),
}

# Version 1, in its order. Nothing here leads to the requester: keep it that way.
COLUMNS: tuple[Column, ...] = (
    Column("id", "id", "integer", _("Number of the violation; never reused.")),
    Column("block", "block", "string", _("Block of the monitoring: A, B or C.")),
    Column("category", "category", "string", _("Kind of violation (a code, see the list).")),
    Column("occurred_on", "occurred_on", "date", _("Date of the event.")),
    Column("reported_on", "reported_on", "date", _("Date it was reported; may be empty.")),
    Column("region", "open_region", "string", _("ISO 3166-2 code of the region; may be empty.")),
    Column("body_slug", "open_body_slug", "string", _("Identifier of the public body.")),
    Column("body_name_ru", "open_body_name_ru", "string", _("Name of the body in Russian.")),
    Column("body_name_kk", "open_body_name_kk", "string", _("Name of the body in Kazakh.")),
    Column("body_name_en", "open_body_name_en", "string", _("Name of the body in English.")),
    Column("perpetrator_type", "perpetrator_type", "string", _("Who committed it (a code).")),
    Column("victim_type", "victim_type", "string", _("Who suffered it (a code).")),
    Column(
        "victim_name",
        "open_victim_name",
        "string",
        _("Name of the victim, only if they agreed to be named; otherwise empty."),
    ),
    Column(
        "victim_outlet",
        "open_victim_outlet",
        "string",
        _("Media outlet of the victim, only if they agreed to be named; otherwise empty."),
    ),
    Column("article", "article", "string", _("Article breached or charged, e.g. CC 274.")),
    Column("stage", "stage", "string", _("Stage of a claim or charge (a code).")),
    Column("outcome", "outcome", "string", _("Outcome of a claim or charge (a code).")),
    Column("amount_claimed_kzt", "amount_claimed_kzt", "number", _("Damages claimed, tenge.")),
    Column("amount_awarded_kzt", "amount_awarded_kzt", "number", _("Damages awarded, tenge.")),
    Column(
        "amount_collected_kzt",
        "amount_collected_kzt",
        "number",
        _("Sums collected by the courts, tenge."),
    ),
    Column("legal_ground_cited", "legal_ground_cited", "string", _("Legal ground the body cited.")),
    Column("source_url", "source_url", "string", _("Where the violation was reported.")),
    # The public description (items16): the internal one is never published.
    Column(
        "description", "public_description", "string", _("What happened, as reviewed by the staff.")
    ),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)


def published_violations() -> QuerySet[Violation]:
    """The violations the staff published: the only ones the open data ever shows."""
    return Violation.objects.filter(review_state=ReviewState.PUBLISHED)


def with_public_fields(queryset: QuerySet[Violation]) -> QuerySet[Violation]:
    """``queryset`` with every column of the schema readable under its source name."""
    return queryset.annotate(**_ANNOTATIONS)


def _rows(queryset: QuerySet[Violation]) -> Iterator[tuple[Any, ...]]:
    """The schema's values, row by row, fetched in chunks so that memory does not grow."""
    return (
        with_public_fields(queryset)
        .order_by("occurred_on", "id")
        .values_list(*(column.source for column in COLUMNS))
        .iterator(chunk_size=CHUNK_SIZE)
    )


# --- Exports -----------------------------------------------------------------------------------


class _Line:
    """A file-like object that hands back what csv.writer writes, one line at a time."""

    def write(self, text: str) -> str:
        return text


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value


def stream_csv(queryset: QuerySet[Violation]) -> Iterator[bytes]:
    """The header, then one CSV line (UTF-8, RFC 4180 quoting) per violation of ``queryset``.

    A text that a spreadsheet would run as a formula is written with a quote before it. On
    PostgreSQL the database writes the lines (``COPY``), in chunks; elsewhere ``csv.writer``
    does, a line at a time. Both write the same bytes (a test holds them so).
    """
    if connections[queryset.db].vendor == "postgresql":
        return csv_by_copy(queryset)
    return csv_by_writer(queryset)


def csv_by_writer(queryset: QuerySet[Violation]) -> Iterator[bytes]:
    """``stream_csv`` in Python: the rows fetched in chunks, each written by ``csv.writer``."""
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMN_NAMES).encode()
    for row in _rows(queryset):
        yield writer.writerow(safe_row(_text(value) for value in row)).encode()


def csv_by_copy(queryset: QuerySet[Violation]) -> Iterator[bytes]:
    """``stream_csv`` on PostgreSQL: the same lines, written by ``COPY`` (``core.csv_copy``)."""
    yield csv.writer(_Line()).writerow(COLUMN_NAMES).encode()
    yield from copy_csv(_csv_cells(queryset))


def _csv_cell(column: Column) -> Any:
    """The cell of ``column`` as the database writes it in the CSV, as ``stream_csv`` would."""
    if column.type == "string":
        return SafeTextSQL(F(column.source))
    if column.type == "date":  # as date.isoformat()
        return Func(
            F(column.source), Value("YYYY-MM-DD"), function="to_char", output_field=TextField()
        )
    return F(column.source)  # integers, and amounts as numeric(16, 2) writes them: 150000.50


def _csv_cells(queryset: QuerySet[Violation]) -> QuerySet[Violation]:
    cells = {f"csv_cell_{index}": _csv_cell(column) for index, column in enumerate(COLUMNS)}
    return (
        with_public_fields(queryset)
        .annotate(**cells)
        .order_by("occurred_on", "id")
        .values_list(*cells)
    )


def stream_json(queryset: QuerySet[Violation]) -> Iterator[str]:
    """``{"schema_version": "1", "violations": [...]}``, written one violation at a time.

    Amounts are strings ("1500.00"), so that no reader rounds them; dates are YYYY-MM-DD.
    """
    yield f'{{"schema_version": {json.dumps(SCHEMA_VERSION)}, "violations": ['
    separator = ""
    for row in _rows(queryset):
        item = dict(zip(COLUMN_NAMES, row, strict=True))
        yield separator + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ", "
    yield "]}"


def _xlsx_cell(sheet: Any, value: Any, cell_type: Any, illegal: re.Pattern[str]) -> Any:
    if not isinstance(value, str):
        return value
    # A workbook cannot hold most control characters (openpyxl refuses them); a description
    # pasted with one still exports, with U+FFFD where it stood.
    value = illegal.sub("\ufffd", value)
    if value.startswith("="):
        # Text, not a formula: a description starting with "=" must not run in a spreadsheet.
        # (openpyxl takes only "=" for a formula; a text starting "+", "-" or "@" is already
        # stored as a string cell, which no spreadsheet evaluates.)
        cell = cell_type(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_xlsx(queryset: QuerySet[Violation], file: IO[bytes]) -> None:
    """A workbook with one sheet, header first, written row by row (openpyxl's write-only mode)."""
    # openpyxl is imported where a workbook is written, not at start-up, which every page and
    # worker would pay for nothing (tests/core/test_startup_imports.py).
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="violations")
    sheet.append(list(COLUMN_NAMES))
    for row in _rows(queryset):
        sheet.append(
            [_xlsx_cell(sheet, value, WriteOnlyCell, ILLEGAL_CHARACTERS_RE) for value in row]
        )
    workbook.save(file)


def xlsx_file(queryset: QuerySet[Violation]) -> IO[bytes]:
    """The workbook in a temporary file, rewound: in memory while small, on disk past that."""
    # Handed open to the response, which closes it once sent.
    file = tempfile.SpooledTemporaryFile(max_size=XLSX_IN_MEMORY_BYTES)  # noqa: SIM115
    write_xlsx(queryset, file)
    file.seek(0)
    return file


def stream_xlsx(queryset: QuerySet[Violation], chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """The workbook's bytes in chunks."""
    with xlsx_file(queryset) as file:
        while chunk := file.read(chunk_size):
            yield chunk


# --- Filters, shared by the downloads and the API -----------------------------------------------


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    default_error_messages = {"invalid": _("Give a month as YYYY-MM, e.g. 2026-03.")}

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        year, dash, month = text.partition("-")
        if not (dash and len(year) == 4 and len(month) == 2 and year.isdigit() and month.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return date(int(year), int(month), 1)
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, queryset: QuerySet[Any], value: date | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        following = date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return queryset.filter(
            **{f"{self.field_name}__gte": value, f"{self.field_name}__lt": following}
        )


class OpenDataFilter(django_filters.FilterSet):
    month = MonthFilter(field_name="occurred_on", label=_("Month of the event (YYYY-MM)"))
    category = django_filters.ChoiceFilter(choices=category_choices, label=_("Category"))
    region = django_filters.ModelChoiceFilter(
        field_name="region", to_field_name="code", queryset=Region.objects.all(), label=_("Region")
    )
    body = django_filters.ModelChoiceFilter(
        field_name="public_body",
        to_field_name="slug",
        queryset=PublicBody.objects.all(),
        label=_("Public body"),
    )

    class Meta:
        model = Violation
        fields = ("month", "category", "region", "body")
