"""A body's contacts: each with its source, checked per kind, retired (never deleted) when they
change, and mirrored into the body's current fields; the shipped file names every source."""

import re
from datetime import date, datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client

from requests_tracker.bodies.contacts import add_contact, clean_contact, retire_contact
from requests_tracker.bodies.models import BodyContact, ContactOrigin, PublicBody
from requests_tracker.bodies.services import DATA_DIR, load_directory
from requests_tracker.core.errors import DomainError
from requests_tracker.core.reference_data import LoadReport

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 2, 10, tzinfo=ALMATY)
RECALLED = (
    "Recalled when this file was compiled (2025), not fetched from the site: check it before use."
)


def shipped_bodies() -> list[dict[str, object]]:
    bodies: list[dict[str, object]] = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            bodies += yaml.safe_load(handle).get("bodies") or []
    return bodies


def test_every_contact_in_the_data_files_names_its_source() -> None:
    contacts = [
        (body["slug"], contact)
        for body in shipped_bodies()
        for contact in body.get("contacts") or []  # type: ignore[attr-defined]
    ]

    unsourced = [
        slug
        for slug, contact in contacts
        if not (contact.get("source_url") or contact.get("source_note"))
    ]
    outside_the_list = [
        body["slug"]
        for body in shipped_bodies()
        if {"email", "website", "postal_address"} & set(body)
    ]
    assert len(contacts) == 14
    assert unsourced == []
    assert outside_the_list == []


@pytest.mark.django_db
def test_the_14_shipped_websites_are_loaded_as_contacts_with_their_note() -> None:
    president = PublicBody.objects.get(slug="president")
    contact = president.contacts.get()

    assert BodyContact.objects.filter(origin=ContactOrigin.DATA_FILE).count() == 14
    assert PublicBody.objects.exclude(website="").count() == 14
    assert PublicBody.objects.exclude(email="").count() == 0
    assert (contact.kind, contact.value, contact.source_url) == (
        "website",
        "https://www.akorda.kz",
        "",
    )
    assert (contact.source_note, contact.checked_on, contact.added_by) == (RECALLED, None, None)
    assert president.website == "https://www.akorda.kz"


@pytest.mark.django_db
def test_loading_the_reference_data_again_changes_nothing_and_says_so() -> None:
    out = StringIO()

    call_command("load_reference_data", verbosity=0, stdout=out)

    assert "contacts: 14 rows, 0 created, 0 updated, 14 unchanged" in out.getvalue()
    assert "Reference data loaded: 0 rows created or updated." in out.getvalue()


def write_directory(tmp_path: Path, contacts: list[dict[str, object]], **extra: object) -> Path:
    body = {
        "slug": "test-body",
        "kind": "other",
        "name": {"ru": "Тест", "kk": "Тест", "en": "Test"},
        "complaint_route": "not_settled",  # it has no superior body
    }
    path = tmp_path / "directory.yaml"
    path.write_text(
        yaml.safe_dump({"regions": [], "bodies": [{**body, **extra, "contacts": contacts}]}),
        encoding="utf-8",
    )
    return path


@pytest.mark.django_db
def test_the_loader_refuses_a_contact_without_a_source(tmp_path: Path) -> None:
    path = write_directory(tmp_path, [{"kind": "website", "value": "https://example.kz"}])

    with pytest.raises(ValueError, match="test-body"):
        load_directory(path=path, report=LoadReport())

    assert not PublicBody.objects.filter(slug="test-body").exists()


@pytest.mark.django_db
def test_the_loader_refuses_an_email_outside_the_contacts_list(tmp_path: Path) -> None:
    path = write_directory(tmp_path, [], email="kense@example.kz")

    with pytest.raises(ValueError, match="test-body: email must be listed under contacts"):
        load_directory(path=path, report=LoadReport())


@pytest.mark.django_db
def test_a_contact_gone_from_the_file_is_retired_and_the_new_one_is_current(tmp_path: Path) -> None:
    old: dict[str, object] = {
        "kind": "website",
        "value": "https://old.example.kz",
        "source_note": "Letterhead",
    }
    new = {
        "kind": "website",
        "value": "https://new.example.kz",
        "source_url": "https://egov.kz/a",
        "checked_on": date(2026, 2, 1),
    }
    load_directory(path=write_directory(tmp_path, [old]), report=LoadReport())
    report = LoadReport()

    load_directory(path=write_directory(tmp_path, [new]), report=report)

    body = PublicBody.objects.get(slug="test-body")
    rows = [
        (contact.value, contact.retired_at is None, contact.checked_on)
        for contact in body.contacts.order_by("id")
    ]
    assert rows == [
        ("https://old.example.kz", False, None),
        ("https://new.example.kz", True, date(2026, 2, 1)),
    ]
    assert body.website == "https://new.example.kz"
    assert "contacts: 2 rows, 1 created, 1 updated, 0 unchanged" in report.lines()


@pytest.mark.parametrize(
    ("kind", "value", "error"),
    [
        ("email", "kense.police.kz", "Enter a valid email address."),
        ("website", "ftp://police.kz", "Enter an address that starts with https:// or http://."),
        ("e_otinish", "eotinish.kz", "Enter an address that starts with https:// or http://."),
        (
            "phone",
            "call 8 727 254",
            "A phone number holds only digits, spaces, +, - and parentheses.",
        ),
        ("phone", "+7", "A phone number holds only digits, spaces, +, - and parentheses."),
        ("postal_address", "   ", "Enter the contact."),
        ("fax", "123", "Unknown kind of contact."),
    ],
)
def test_a_contact_is_checked_for_its_kind(kind: str, value: str, error: str) -> None:
    with pytest.raises(DomainError) as raised:
        clean_contact(kind=kind, value=value, source_url="", source_note="Letterhead")

    assert str(raised.value) == error


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("email", " Kense@Police-Almaty.KZ ", "kense@police-almaty.kz"),
        ("phone", "+7 (727) 254-40-00", "+7 (727) 254-40-00"),
        ("website", "http://police.kz", "http://police.kz"),
        ("reception_hours", "Пн–Пт 9:00–18:00", "Пн–Пт 9:00–18:00"),
    ],
)
def test_a_valid_contact_is_stored_as_given_but_an_email_in_lower_case(
    kind: str, value: str, stored: str
) -> None:
    assert clean_contact(kind=kind, value=value, source_url="", source_note="Letterhead") == (
        stored,
        "",
    )


@pytest.mark.parametrize(
    ("source_url", "source_note", "error"),
    [
        ("", "  ", "Say where the contact comes from: a source address or a note."),
        ("egov.kz/page", "", "The source must be an address that starts with https:// or http://."),
    ],
)
def test_a_contact_needs_a_source(source_url: str, source_note: str, error: str) -> None:
    with pytest.raises(DomainError) as raised:
        clean_contact(kind="email", value="a@b.kz", source_url=source_url, source_note=source_note)

    assert str(raised.value) == error


@pytest.mark.django_db
def test_a_corrected_contact_is_retired_and_the_body_shows_the_new_one() -> None:
    body = PublicBody.objects.get(slug="police-kz-75")
    old = add_contact(
        body=body,
        kind="email",
        value="old@police.kz",
        source_note="Letterhead",
        checked_on=None,
        origin=ContactOrigin.STAFF,
        added_by=None,
        now=NOW,
    )

    new = add_contact(
        body=body,
        kind="email",
        value="new@police.kz",
        source_url="https://police.kz/c",
        checked_on=date(2026, 3, 2),
        origin=ContactOrigin.STAFF,
        added_by=None,
        now=NOW,
        replaces=old,
    )

    old.refresh_from_db()
    body.refresh_from_db()
    assert (old.retired_at, new.retired_at) == (NOW, None)
    assert body.email == "new@police.kz"
    assert BodyContact.objects.filter(body=body).count() == 2


@pytest.mark.django_db
def test_retiring_the_last_email_empties_the_body_email() -> None:
    body = PublicBody.objects.get(slug="police-kz-75")
    contact = add_contact(
        body=body,
        kind="email",
        value="a@police.kz",
        source_note="Letterhead",
        checked_on=None,
        origin=ContactOrigin.STAFF,
        added_by=None,
        now=NOW,
    )

    retire_contact(contact=contact, retired_by=None, now=NOW)

    body.refresh_from_db()
    assert body.email == ""
    assert BodyContact.objects.filter(pk=contact.pk, retired_at=NOW).exists()


@pytest.mark.django_db
def test_an_e_otinish_contact_marks_the_body_as_taking_e_otinish() -> None:
    body = PublicBody.objects.get(slug="supreme-court")
    assert body.accepts_e_otinish is False

    add_contact(
        body=body,
        kind="e_otinish",
        value="https://eotinish.kz/",
        source_note="Portal",
        checked_on=None,
        origin=ContactOrigin.STAFF,
        added_by=None,
        now=NOW,
    )

    body.refresh_from_db()
    assert body.accepts_e_otinish is True


@pytest.mark.django_db
def test_the_same_current_contact_is_refused_twice() -> None:
    body = PublicBody.objects.get(slug="police-kz-75")
    add_contact(
        body=body,
        kind="phone",
        value="+7 727 254 40 00",
        source_note="Letterhead",
        checked_on=None,
        origin=ContactOrigin.STAFF,
        added_by=None,
        now=NOW,
    )

    with pytest.raises(DomainError, match=re.escape("This body already has this contact.")):
        add_contact(
            body=body,
            kind="phone",
            value="+7 727 254 40 00",
            source_note="Site",
            checked_on=None,
            origin=ContactOrigin.STAFF,
            added_by=None,
            now=NOW,
        )


@pytest.mark.django_db
def test_the_database_keeps_a_current_contact_once_and_never_without_a_source() -> None:
    body = PublicBody.objects.get(slug="police-kz-75")
    fields = {"body": body, "kind": "phone", "value": "1234567", "origin": ContactOrigin.STAFF}
    BodyContact.objects.create(**fields, source_note="Letterhead")

    with pytest.raises(IntegrityError), transaction.atomic():
        BodyContact.objects.create(**fields, source_note="Letterhead")
    with pytest.raises(IntegrityError), transaction.atomic():
        BodyContact.objects.create(**{**fields, "value": "7654321"})
    BodyContact.objects.create(**fields, source_note="Letterhead", retired_at=NOW)


@pytest.mark.django_db
def test_the_body_page_shows_each_contact_its_source_its_date_and_the_history(
    client: Client,
) -> None:
    body = PublicBody.objects.get(slug="police-kz-75")
    old = add_contact(
        body=body,
        kind="email",
        value="old@police.kz",
        source_note="Бланк письма",
        checked_on=date(2025, 5, 6),
        origin=ContactOrigin.STAFF,
        added_by=None,
        now=NOW,
    )
    add_contact(
        body=body,
        kind="email",
        value="kense@police.kz",
        source_url="https://police.kz/kontakty",
        checked_on=date(2026, 3, 2),
        origin=ContactOrigin.STAFF,
        added_by=None,
        now=NOW,
        replaces=old,
    )

    page = client.get("/bodies/police-kz-75/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    current, history = page.split('id="contact-history"')
    assert '<a href="mailto:kense@police.kz">kense@police.kz</a>' in current
    assert '<a href="https://police.kz/kontakty" rel="nofollow noopener noreferrer">' in current
    assert '<time datetime="2026-03-02">02.03.2026</time>' in current
    assert "old@police.kz" not in current
    assert "old@police.kz" in history
    assert "Бланк письма" in history
    assert "Sign in to propose a contact." in history


@pytest.mark.django_db
def test_a_shipped_website_shows_that_it_was_never_checked(client: Client) -> None:
    page = client.get("/bodies/president/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<a href="https://www.akorda.kz" rel="nofollow noopener noreferrer">' in page
    assert RECALLED in page
    assert "never checked" in page
