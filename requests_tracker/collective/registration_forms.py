"""Recording the registrations of many addressees: one table, or a CSV file of the same columns.

Both check every row and give each bad one its reason; rows left empty are skipped; nothing is
saved while one row is wrong.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from requests_tracker.collective.models import Addressee, CollectiveAppeal
from requests_tracker.collective.submission import Registration, check_registration

CSV_COLUMNS = ("addressee", "registration_number", "registered_on")
CSV_MAX_BYTES = 1024 * 1024


class RegistrationTableForm(forms.Form):
    """A row per addressee awaiting registration: its number and the date the body registered it."""

    def __init__(
        self,
        *args: Any,
        appeal: CollectiveAppeal,
        addressees: list[Addressee],
        now: datetime,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.appeal, self.addressees, self.now = appeal, addressees, now
        for addressee in addressees:
            self.fields[f"number_{addressee.pk}"] = forms.CharField(
                label=gettext_lazy("Registration number"), max_length=100, required=False
            )
            self.fields[f"date_{addressee.pk}"] = forms.DateField(
                label=gettext_lazy("Registration date"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def rows(self) -> list[tuple[Addressee, forms.BoundField, forms.BoundField]]:
        return [
            (addressee, self[f"number_{addressee.pk}"], self[f"date_{addressee.pk}"])
            for addressee in self.addressees
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        registrations = []
        for addressee in self.addressees:
            number_field, date_field = f"number_{addressee.pk}", f"date_{addressee.pk}"
            number = (cleaned.get(number_field) or "").strip()
            registered_on = cleaned.get(date_field)
            if date_field in self.errors or number_field in self.errors:
                continue
            if not number and registered_on is None:
                continue  # a row left empty is skipped
            if not number:
                self.add_error(
                    number_field,
                    _("%(body)s: the registration number is missing.")
                    % {"body": addressee.public_body.name},
                )
                continue
            if registered_on is None:
                self.add_error(
                    date_field,
                    _("%(body)s: the registration date is missing.")
                    % {"body": addressee.public_body.name},
                )
                continue
            problem = check_registration(
                appeal=self.appeal, addressee=addressee, registered_on=registered_on, now=self.now
            )
            if problem:
                self.add_error(date_field, problem)
                continue
            registrations.append(Registration(addressee.pk, number, registered_on))
        if not registrations and not self.errors:
            raise forms.ValidationError(_("Fill in at least one row."))
        cleaned["registrations"] = registrations
        return cleaned


class RegistrationUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: addressee (the body's slug or the addressee's number), "
            "registration_number, registered_on (YYYY-MM-DD or DD.MM.YYYY)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


@dataclass(frozen=True)
class ReportRow:
    line: int
    addressee: str
    registration_number: str
    registered_on: str
    error: str


@dataclass(frozen=True)
class UploadReport:
    rows: list[ReportRow]
    registrations: list[Registration]
    error: str = ""  # a fault of the whole file (encoding, columns)

    @property
    def is_clean(self) -> bool:
        return not self.error and all(not row.error for row in self.rows)


def _parse_date(value: str) -> date | None:
    try:
        if "." in value:
            day, month, year = value.split(".")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(value)
    except ValueError:
        return None


def read_registrations(
    *, content: bytes, appeal: CollectiveAppeal, addressees: list[Addressee], now: datetime
) -> UploadReport:
    """Check a CSV of registrations row by row, against the addressees awaiting registration."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return UploadReport([], [], _("The file is not UTF-8 text."))
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    if tuple(header[:3]) != CSV_COLUMNS:
        return UploadReport(
            [],
            [],
            _("The first line must name the columns: %(columns)s.")
            % {"columns": ", ".join(CSV_COLUMNS)},
        )
    by_key: dict[str, Addressee] = {}
    for known in addressees:
        by_key[str(known.pk)] = known
        by_key[known.public_body.slug] = known
    rows, registrations, seen = [], [], set()
    for line, record in enumerate(reader, start=2):
        values = [(record.get(name) or "").strip() for name in CSV_COLUMNS]
        key, number, day = values
        if not any(values):
            continue
        addressee: Addressee | None = by_key.get(key)
        registered_on = _parse_date(day)
        error = ""
        if addressee is None:
            error = _("No addressee of this appeal awaiting registration is %(key)s.") % {
                "key": key
            }
        elif addressee.pk in seen:
            error = _("This addressee is already on an earlier line.")
        elif not number:
            error = _("The registration number is missing.")
        elif len(number) > 100:
            error = _("The registration number is longer than 100 characters.")
        elif registered_on is None:
            error = _("The date %(date)s is not a date (YYYY-MM-DD or DD.MM.YYYY).") % {"date": day}
        else:
            error = (
                check_registration(
                    appeal=appeal, addressee=addressee, registered_on=registered_on, now=now
                )
                or ""
            )
        if addressee is not None:
            seen.add(addressee.pk)
        if not error and addressee is not None and registered_on is not None:
            registrations.append(Registration(addressee.pk, number, registered_on))
        rows.append(ReportRow(line, key, number, day, error))
    if not rows:
        return UploadReport([], [], _("The file has no rows."))
    return UploadReport(rows, registrations)
