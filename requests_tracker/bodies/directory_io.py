"""The whole directory as a CSV or XLSX table, and back, all or nothing.

One row a body: its fields, then for each kind of contact the newest current value, its source
(an address, or a note) and the date it was checked. Importing checks every row first and saves
nothing while any row is bad; a clean file creates the bodies it does not know and updates those
that differ. An empty contact cell leaves the body's contacts of that kind as they are; a new
value becomes the current contact and retires the one it replaces. Exported text cells that a
spreadsheet would take for a formula carry a quote before them, which the import removes again.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from requests_tracker.bodies.contacts import add_contact, clean_contact
from requests_tracker.bodies.models import (
    BodyContact,
    BodyKind,
    ContactKind,
    ContactOrigin,
    PublicBody,
    Region,
)
from requests_tracker.core.errors import DomainError
from requests_tracker.core.row_problems import RowProblem
from requests_tracker.core.spreadsheets import FORMULA_STARTS, safe_row
from requests_tracker.laws.models import Jurisdiction

FIELDS = (
    "slug",
    "kind",
    "region",
    "superior",
    "parent",
    "name_ru",
    "name_kk",
    "name_en",
    "accepts_complaints",
    "accepts_e_otinish",
    "is_active",
)
FLAGS = ("accepts_complaints", "accepts_e_otinish", "is_active")
CONTACT_COLUMNS = tuple(
    column
    for kind in ContactKind.values
    for column in (kind, f"{kind}_source", f"{kind}_checked_on")
)
COLUMNS = (*FIELDS, *CONTACT_COLUMNS)
YES, NO = ("yes", "true", "1"), ("no", "false", "0")


@dataclass
class DirectoryReport:
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def is_clean(self) -> bool:
        return not self.problems and not self.file_problems

    @property
    def bad_rows(self) -> list[int]:
        return sorted({problem.row for problem in self.problems})

    def lines(self) -> list[str]:
        lines = [*self.file_problems]
        lines += [
            _("Row %(row)d, %(column)s: %(message)s")
            % {"row": p.row, "column": p.column, "message": p.message}
            for p in self.problems
        ]
        if self.is_clean:
            lines.append(
                _("%(created)d created, %(updated)d updated.")
                % {"created": self.created, "updated": self.updated}
            )
        return lines


# --- Export -----------------------------------------------------------------------------------


def _source(contact: BodyContact) -> str:
    return contact.source_url or contact.source_note


def export_rows() -> list[list[Any]]:
    newest: dict[tuple[int, str], BodyContact] = {}
    for contact in BodyContact.objects.filter(retired_at__isnull=True).order_by("created_at", "id"):
        newest[(contact.body_id, contact.kind)] = contact
    rows: list[list[Any]] = [list(COLUMNS)]
    bodies = PublicBody.objects.select_related("region", "superior_body", "parent").order_by("slug")
    for body in bodies:
        row: list[Any] = [
            body.slug,
            body.kind,
            body.region.code if body.region else "",
            body.superior_body.slug if body.superior_body else "",
            body.parent.slug if body.parent else "",
            body.name_ru,
            body.name_kk,
            body.name_en,
            *("yes" if getattr(body, flag) else "no" for flag in FLAGS),
        ]
        for kind in ContactKind.values:
            found = newest.get((body.pk, kind))
            if found is None:
                row += ["", "", ""]
            else:
                checked = found.checked_on.isoformat() if found.checked_on else ""
                row += [found.value, _source(found), checked]
        rows.append(safe_row(row))
    return rows


def export_csv() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(export_rows())
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("directory")
    for row in export_rows():
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Reading ----------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]  # the quote our export puts before what looks like a formula
    return text


def read_table(content: bytes) -> list[list[Any]]:
    """The rows of a CSV (UTF-8) or an XLSX file; a DomainError when it is neither."""
    if content.startswith(b"PK"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
            workbook.close()
        except Exception as error:  # openpyxl raises a variety of errors for a damaged file
            raise DomainError(_("The file is not a readable XLSX workbook.")) from error
        return rows
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError(_("The file is not UTF-8 text.")) from error
    return [list(row) for row in csv.reader(io.StringIO(text))]


# --- Import -----------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    contacts: list[dict[str, Any]]


def _check(number: int, raw: dict[str, str], known: set[str], report: DirectoryReport) -> _Row:
    def problem(column: str, message: str) -> None:
        report.problems.append(RowProblem(row=number, column=column, message=message))

    values: dict[str, Any] = {"slug": raw["slug"]}
    try:
        validate_slug(raw["slug"])
    except Exception:
        problem("slug", _("A slug holds only Latin letters, digits, - and _."))
    if raw["kind"] not in BodyKind.values:
        problem("kind", _("Unknown kind of body: %(value)s.") % {"value": raw["kind"]})
    values["kind"] = raw["kind"]
    for language in ("ru", "kk", "en"):
        values[f"name_{language}"] = raw[f"name_{language}"]
    if not raw["name_ru"]:
        problem("name_ru", _("The body needs a name in Russian."))
    values["region_code"] = raw["region"]
    if raw["region"] and not Region.objects.filter(code=raw["region"]).exists():
        problem("region", _("Unknown region: %(value)s.") % {"value": raw["region"]})
    for column in ("superior", "parent"):
        if raw[column] and raw[column] not in known:
            problem(column, _("No body has the slug %(value)s.") % {"value": raw[column]})
        values[column] = raw[column]
    for flag in FLAGS:
        if raw[flag].lower() not in (*YES, *NO):
            problem(flag, _("Write yes or no."))
        values[flag] = raw[flag].lower() in YES
    contacts = []
    for kind in ContactKind.values:
        value, source = raw[kind], raw[f"{kind}_source"]
        if not value:
            continue
        checked_on = None
        if raw[f"{kind}_checked_on"]:
            try:
                checked_on = date.fromisoformat(raw[f"{kind}_checked_on"])
            except ValueError:
                problem(f"{kind}_checked_on", _("Write the date as YYYY-MM-DD."))
        is_url = source.startswith(("https://", "http://"))
        try:
            value, source_url = clean_contact(
                kind=kind,
                value=value,
                source_url=source if is_url else "",
                source_note="" if is_url else source,
            )
        except DomainError as error:
            problem(kind, str(error))
            continue
        contacts.append(
            {
                "kind": kind,
                "value": value,
                "source_url": source_url,
                "source_note": "" if is_url else source,
                "checked_on": checked_on,
            }
        )
    return _Row(number=number, values=values, contacts=contacts)


def check_table(table: list[list[Any]], report: DirectoryReport) -> list[_Row]:
    if not table:
        report.file_problems.append(_("The file is empty."))
        return []
    header = [_cell(name).lower() for name in table[0]]
    if missing := [name for name in COLUMNS if name not in header]:
        report.file_problems.append(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
        return []
    records = [
        (number, {name: _cell(value) for name, value in zip(header, row, strict=False)})
        for number, row in enumerate(table[1:], start=2)
        if any(_cell(value) for value in row)
    ]
    known = set(PublicBody.objects.values_list("slug", flat=True))
    known |= {raw.get("slug", "") for _number, raw in records}
    seen: dict[str, int] = {}
    rows = []
    for number, raw in records:
        raw = {name: raw.get(name, "") for name in COLUMNS}
        report.rows += 1
        if raw["slug"] in seen:
            report.problems.append(
                RowProblem(
                    row=number,
                    column="slug",
                    message=_("The slug %(value)s is already in row %(row)d.")
                    % {"value": raw["slug"], "row": seen[raw["slug"]]},
                )
            )
            continue
        seen[raw["slug"]] = number
        rows.append(_check(number, raw, known, report))
    return rows


def import_directory(*, content: bytes, user: Any | None, now: datetime) -> DirectoryReport:
    """Check every row; only when all are good, save them in one transaction and count."""
    report = DirectoryReport()
    try:
        table = read_table(content)
    except DomainError as error:
        report.file_problems.append(str(error))
        return report
    rows = check_table(table, report)
    if report.is_clean:
        _save(rows, report, user=user, now=now)
    return report


@transaction.atomic
def _save(rows: list[_Row], report: DirectoryReport, *, user: Any | None, now: datetime) -> None:
    jurisdiction = Jurisdiction.objects.get(code="KZ")
    regions = {region.code: region for region in Region.objects.all()}
    bodies = {body.slug: body for body in PublicBody.objects.all()}
    changed: set[str] = set()
    created: set[str] = set()
    for row in rows:
        values = dict(row.values)
        slug, code = values.pop("slug"), values.pop("region_code")
        values.pop("superior")
        values.pop("parent")
        values["region"] = regions.get(code) if code else None
        body = bodies.get(slug)
        if body is None:
            body = PublicBody(slug=slug, jurisdiction=jurisdiction, **values)
            body.save()
            bodies[slug] = body
            created.add(slug)
            report.created += 1
            continue
        differing = [name for name, value in values.items() if getattr(body, name) != value]
        if differing:
            for name in differing:
                setattr(body, name, values[name])
            body.save(update_fields=differing)
            changed.add(slug)
    for row in rows:
        body = bodies[row.values["slug"]]
        links = {
            "superior_body": bodies.get(row.values["superior"]),
            "parent": bodies.get(row.values["parent"]),
        }
        differing = [name for name, value in links.items() if getattr(body, name) != value]
        if differing:
            for name in differing:
                setattr(body, name, links[name])
            body.save(update_fields=differing)
            changed.add(body.slug)
        for contact in row.contacts:
            if _sync_contact(body, contact, user=user, now=now):
                changed.add(body.slug)
    report.updated = len(changed - created)


def _sync_contact(body: PublicBody, contact: dict[str, Any], *, user: Any, now: datetime) -> bool:
    current = list(
        body.contacts.filter(kind=contact["kind"], retired_at__isnull=True).order_by(
            "created_at", "id"
        )
    )
    same = next((c for c in current if c.value == contact["value"]), None)
    if same is not None:
        source = contact["source_url"] or contact["source_note"]
        if _source(same) == source and same.checked_on == contact["checked_on"]:
            return False
        same.source_url, same.source_note = contact["source_url"], contact["source_note"]
        same.checked_on = contact["checked_on"]
        same.save(update_fields=["source_url", "source_note", "checked_on"])
        return True
    add_contact(
        body=body,
        **contact,
        origin=ContactOrigin.STAFF,
        added_by=user,
        now=now,
        replaces=current[-1] if current else None,
    )
    return True
