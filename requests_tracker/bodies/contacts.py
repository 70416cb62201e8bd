"""A body's contacts: checked per kind, added with their source, retired (never deleted) when
they change, and mirrored into the body's current fields (``email``, ``postal_address``,
``website``, ``accepts_e_otinish``) that the rest of the tracker reads."""

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from requests_tracker.bodies.models import BodyContact, ContactKind, ContactOrigin, PublicBody
from requests_tracker.core.errors import DomainError

_PHONE = re.compile(r"^[0-9 +()\-]+$")
_WEB = URLValidator(schemes=["http", "https"])
MAX_VALUE_LENGTH = 1000
MAX_NOTE_LENGTH = 300
# The lengths of the body's own fields that mirror the current contacts.
MAX_EMAIL_LENGTH = 254
MAX_WEB_ADDRESS_LENGTH = 200


def clean_contact(*, kind: str, value: str, source_url: str, source_note: str) -> tuple[str, str]:
    """The value and source URL as stored; a DomainError saying what is wrong otherwise."""
    if kind not in ContactKind.values:
        raise DomainError(_("Unknown kind of contact."))
    value = value.strip()
    source_url = source_url.strip()
    if not value:
        raise DomainError(_("Enter the contact."))
    if len(value) > MAX_VALUE_LENGTH:
        raise DomainError(_("The contact is too long."))
    if kind == ContactKind.EMAIL:
        try:
            validate_email(value)
        except ValidationError as error:
            raise DomainError(_("Enter a valid email address.")) from error
        if len(value) > MAX_EMAIL_LENGTH:
            raise DomainError(_("Enter a valid email address."))
        value = value.lower()
    elif kind in (ContactKind.WEBSITE, ContactKind.E_OTINISH):
        if not _is_web_address(value):
            raise DomainError(_("Enter an address that starts with https:// or http://."))
    elif kind == ContactKind.PHONE and (
        not _PHONE.match(value) or sum(char.isdigit() for char in value) < 5
    ):
        raise DomainError(_("A phone number holds only digits, spaces, +, - and parentheses."))
    if not source_url and not source_note.strip():
        raise DomainError(_("Say where the contact comes from: a source address or a note."))
    if source_url and not _is_web_address(source_url):
        raise DomainError(_("The source must be an address that starts with https:// or http://."))
    if len(source_note) > MAX_NOTE_LENGTH:
        raise DomainError(_("The source note is too long."))
    return value, source_url


def _is_web_address(text: str) -> bool:
    try:
        _WEB(text)
    except ValidationError:
        return False
    return len(text) <= MAX_WEB_ADDRESS_LENGTH


def current_contacts(body: PublicBody) -> list[BodyContact]:
    return list(body.contacts.filter(retired_at__isnull=True).select_related("added_by"))


@transaction.atomic
def add_contact(
    *,
    body: PublicBody,
    kind: str,
    value: str,
    source_url: str = "",
    source_note: str = "",
    checked_on: date | None,
    origin: ContactOrigin,
    added_by: Any | None,
    now: datetime,
    replaces: BodyContact | None = None,
) -> BodyContact:
    """The new current contact; ``replaces`` (a current contact of the same body) is retired."""
    value, source_url = clean_contact(
        kind=kind, value=value, source_url=source_url, source_note=source_note
    )
    locked = PublicBody.objects.select_for_update(of=("self",)).get(pk=body.pk)
    if replaces is not None:
        replaced = BodyContact.objects.select_for_update(of=("self",)).get(pk=replaces.pk)
        if replaced.body_id != locked.pk or replaced.retired_at is not None:
            raise DomainError(_("The contact to correct is no longer current."))
        replaced.retired_at = now
        replaced.retired_by = added_by
        replaced.save(update_fields=["retired_at", "retired_by"])
    if locked.contacts.filter(kind=kind, value=value, retired_at__isnull=True).exists():
        raise DomainError(_("This body already has this contact."))
    contact = BodyContact.objects.create(
        body=locked,
        kind=kind,
        value=value,
        source_url=source_url,
        source_note=source_note.strip(),
        checked_on=checked_on,
        origin=origin,
        added_by=added_by,
        created_at=now,
    )
    refresh_current_fields(locked)
    return contact


@transaction.atomic
def retire_contact(*, contact: BodyContact, retired_by: Any | None, now: datetime) -> None:
    locked = PublicBody.objects.select_for_update(of=("self",)).get(pk=contact.body_id)
    BodyContact.objects.filter(pk=contact.pk, retired_at__isnull=True).update(
        retired_at=now, retired_by=retired_by
    )
    refresh_current_fields(locked)


# The body's field that mirrors the newest current contact of each kind.
MIRRORED = {
    ContactKind.EMAIL: "email",
    ContactKind.POSTAL_ADDRESS: "postal_address",
    ContactKind.WEBSITE: "website",
}


def refresh_current_fields(body: PublicBody) -> bool:
    """Copy the newest current contact of each mirrored kind into the body; True if it changed.

    ``accepts_e_otinish`` is set once a current e-Otinish contact exists; without one it keeps
    the directory file's own flag (a guess the file states as such), since no contact says
    otherwise.
    """
    newest: dict[str, str] = {}
    for contact in body.contacts.filter(retired_at__isnull=True).order_by("created_at", "id"):
        newest[contact.kind] = contact.value
    values: dict[str, Any] = {field: newest.get(kind, "") for kind, field in MIRRORED.items()}
    if ContactKind.E_OTINISH in newest:
        values["accepts_e_otinish"] = True
    differing = [name for name, value in values.items() if getattr(body, name) != value]
    if not differing:
        return False
    for name in differing:
        setattr(body, name, values[name])
    body.save(update_fields=differing)
    return True
