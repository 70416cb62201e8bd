"""Loading the directory of regions and public bodies from ``bodies/data``."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from requests_tracker.bodies.contacts import add_contact, clean_contact, refresh_current_fields
from requests_tracker.bodies.models import (
    BodyContact,
    ComplaintRoute,
    ContactOrigin,
    PublicBody,
    Region,
)
from requests_tracker.core.errors import DomainError
from requests_tracker.core.reference_data import (
    Change,
    LoadReport,
    by_language,
    read_yaml,
    sync_row,
)
from requests_tracker.laws.models import Jurisdiction

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def load_directory(
    *,
    path: Path = DATA_DIR / "kz_directory.yaml",
    jurisdiction_code: str = "KZ",
    report: LoadReport,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Regions, then bodies, then the links between bodies; a second run changes nothing."""
    data = read_yaml(path)
    jurisdiction = Jurisdiction.objects.get(code=jurisdiction_code)
    regions = {}
    for row in data["regions"]:
        regions[row["code"]], change = sync_row(
            Region,
            lookup={"code": row["code"]},
            values={
                "jurisdiction": jurisdiction,
                "kind": row["kind"],
                **by_language(row["name"], "name"),
            },
        )
        report.add("regions", change)

    rows: list[dict[str, Any]] = data["bodies"]
    bodies: dict[str, PublicBody] = {}
    # Bodies first, without links, so that a body may name a superior listed after it.
    for done, row in enumerate(rows, start=1):
        _refuse_contacts_outside_the_list(row)
        bodies[row["slug"]], change = sync_row(
            PublicBody,
            lookup={"slug": row["slug"]},
            values={
                "jurisdiction": jurisdiction,
                "kind": row["kind"],
                **by_language(row["name"], "name"),
                **_name_forms(row),
                "region": regions[row["region"]] if row.get("region") else None,
                "accepts_e_otinish": bool(row.get("accepts_e_otinish")),
                "accepts_complaints": row.get("accepts_complaints", True),
                "complaint_route": _complaint_route(row),
            },
        )
        report.add("public bodies", change)
        if progress is not None:
            progress(done, len(rows) * 2)

    for done, row in enumerate(rows, start=len(rows) + 1):
        _refuse_an_unsettled_superior(bodies, row)
        _body, change = sync_row(
            PublicBody,
            lookup={"slug": row["slug"]},
            values={
                "superior_body": _linked(bodies, row, "superior"),
                "parent": _linked(bodies, row, "parent"),
            },
        )
        report.add("links between bodies", change)
        if progress is not None:
            progress(done, len(rows) * 2)

    for row in rows:
        sync_file_contacts(
            body=bodies[row["slug"]], contacts=row.get("contacts") or [], report=report
        )


NAME_FORMS = ("ru_genitive", "ru_dative", "kk_genitive", "kk_dative")


def _name_forms(row: dict[str, Any]) -> dict[str, str]:
    """The name's genitive and dative (ru, kk) as the file states them ("" where it does not)."""
    forms = row.get("name_forms") or {}
    if unknown := set(forms) - set(NAME_FORMS):
        raise ValueError(f"body {row['slug']}: unknown name forms {sorted(unknown)}")
    return {f"name_{form}": str(forms.get(form) or "") for form in NAME_FORMS}


def _linked(bodies: dict[str, PublicBody], row: dict[str, Any], key: str) -> PublicBody | None:
    slug = row.get(key)
    if not slug:
        return None
    if slug not in bodies:
        raise ValueError(f"body {row['slug']}: its {key} {slug} is not in the directory")
    return bodies[slug]


def _complaint_route(row: dict[str, Any]) -> str:
    route = row.get("complaint_route") or ComplaintRoute.SUPERIOR_BODY
    if route not in ComplaintRoute.values:
        raise ValueError(
            f"body {row['slug']}: complaint_route {route!r} is not one of {ComplaintRoute.values}"
        )
    if route == ComplaintRoute.HEAD_OF_BODY and not row.get("accepts_complaints", True):
        # APPC Art. 91(3): the President, the Prime Minister and the Government decide none.
        raise ValueError(f"body {row['slug']}: its head may not decide a complaint")
    return str(route)


def _refuse_an_unsettled_superior(bodies: dict[str, PublicBody], row: dict[str, Any]) -> None:
    """Every body states its complaint route: a body routed to its superior must have one that
    may decide a complaint (APPC Art. 91(3)), else the file says head_of_body or not_settled."""
    if _complaint_route(row) != ComplaintRoute.SUPERIOR_BODY:
        return
    superior = _linked(bodies, row, "superior")
    if superior is None or not superior.accepts_complaints:
        raise ValueError(
            f"body {row['slug']}: no superior body may decide a complaint about it "
            "(APPC Art. 91(3)): give it complaint_route head_of_body or not_settled"
        )


# Contacts go in a body's "contacts:" list, each with its source; these keys are refused.
CONTACT_KEYS = ("email", "website", "postal_address")


def _refuse_contacts_outside_the_list(row: dict[str, Any]) -> None:
    for key in CONTACT_KEYS:
        if row.get(key):
            raise ValueError(
                f"body {row['slug']}: {key} must be listed under contacts: with its source"
            )


def sync_file_contacts(
    *, body: PublicBody, contacts: list[dict[str, Any]], report: LoadReport
) -> None:
    """Make the body's contacts from the file match ``contacts``: new ones are added, changed
    sources updated, those gone from the file retired. Contacts from staff or demo data stay."""
    now = timezone.now()
    current = {
        (contact.kind, contact.value): contact
        for contact in body.contacts.filter(retired_at__isnull=True)
    }
    listed = set()
    for entry in contacts:
        kind, source_url = str(entry.get("kind") or ""), str(entry.get("source_url") or "")
        source_note = str(entry.get("source_note") or "")
        checked_on = entry.get("checked_on")
        if checked_on is not None and not isinstance(checked_on, date):
            raise ValueError(f"body {body.slug}: checked_on {checked_on!r} is not a date")
        try:
            value, source_url = clean_contact(
                kind=kind,
                value=str(entry.get("value") or ""),
                source_url=source_url,
                source_note=source_note,
            )
        except DomainError as error:
            raise ValueError(f"body {body.slug}: contact {entry!r}: {error}") from error
        listed.add((kind, value))
        existing = current.get((kind, value))
        if existing is None:
            add_contact(
                body=body,
                kind=kind,
                value=value,
                source_url=source_url,
                source_note=source_note,
                checked_on=checked_on,
                origin=ContactOrigin.DATA_FILE,
                added_by=None,
                now=now,
            )
            report.add("contacts", Change.CREATED)
            continue
        if existing.origin != ContactOrigin.DATA_FILE:
            report.add("contacts", Change.UNCHANGED)  # staff already hold it, with their source
            continue
        values = {"source_url": source_url, "source_note": source_note, "checked_on": checked_on}
        differing = [name for name, new in values.items() if getattr(existing, name) != new]
        for name in differing:
            setattr(existing, name, values[name])
        if differing:
            existing.save(update_fields=differing)
        report.add("contacts", Change.UPDATED if differing else Change.UNCHANGED)
    for key, contact in current.items():
        if contact.origin == ContactOrigin.DATA_FILE and key not in listed:
            BodyContact.objects.filter(pk=contact.pk).update(retired_at=now)
            report.add("contacts", Change.UPDATED)
    body.refresh_from_db()
    if refresh_current_fields(body):
        report.add("current contacts of bodies", Change.UPDATED)
