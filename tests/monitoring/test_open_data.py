"""The open data: published violations only, in one schema, and never anything of the requester."""

import csv
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.api import OpenViolationSerializer
from requests_tracker.monitoring.models import Block, Category, ReviewState, Violation
from requests_tracker.monitoring.open_data import COLUMN_NAMES, SCHEMA_VERSION, stream_csv
from requests_tracker.monitoring.services import publish_violation, verify_violation
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import UserFactory, make_ngo_staff, make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db

# What the requester and their request hold: none of it may reach the open data.
REQUESTER = {
    "username": "aigerim-sadykova",
    "first_name": "Айгерим",
    "last_name": "Садыкова",
    "email": "aigerim.sadykova@example.org",
}
SUBJECT = "Сколько журналистов задержано на митинге 16 января"
TEXT = "Прошу сообщить фамилии сотрудников, задержавших корреспондентов."
SECRETS = (*REQUESTER.values(), SUBJECT, TEXT)

DOWNLOADS = (
    "/api/v1/violations/",
    "/open-data/violations.csv",
    "/open-data/violations.json",
    "/open-data/violations.xlsx",
)


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ALMATY)


def silent_request() -> InformationRequest:
    """A Mass Media Law request received Monday 2 March 2026: due Tuesday 10 March (5 WD)."""
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",),
        created_at=at(3, 2),
        requester=UserFactory(**REQUESTER),
        subject=SUBJECT,
        text=TEXT,
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2, 11),
        recorded_by=information_request.requester,
    )
    return information_request


@pytest.fixture
def reviewer(db: None) -> User:
    return make_ngo_staff(username="ngo-reviewer")


@pytest.fixture
def published(reviewer: User) -> Violation:
    """The violation the sweep found in a silent request, checked and published by the NGO."""
    silent_request()
    sweep_deadlines(now=at(3, 11, 0, 5))
    violation = verify_violation(violation=Violation.objects.get(), user=reviewer)
    return publish_violation(violation=violation, user=reviewer)


def make_violation(**overrides: Any) -> Violation:
    body = PublicBody.objects.get(slug=overrides.pop("body_slug", "police-kz-75"))
    values: dict[str, Any] = {
        "block": Block.B,
        "category": Category.REFUSAL,
        "public_body": body,
        "region": body.region,
        "occurred_on": date(2026, 4, 2),
        "review_state": ReviewState.PUBLISHED,
    }
    values.update(overrides)
    return Violation.objects.create(**values)


def content_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def rows_of(response: Any) -> list[dict[str, Any]]:
    """The violations of a response, each as {column: value}, whatever the format."""
    content_type = response["Content-Type"]
    if content_type.startswith("text/csv"):
        text = content_of(response).decode()
        return list(csv.DictReader(io.StringIO(text)))
    if content_type.startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(content_of(response))).active
        assert sheet is not None
        header, *lines = [list(line) for line in sheet.iter_rows(values_only=True)]
        return [dict(zip(map(str, header), line, strict=True)) for line in lines]
    if response.streaming:
        document = json.loads(content_of(response))
        assert document["schema_version"] == SCHEMA_VERSION
        return list(document["violations"])
    return list(response.json()["results"])


def as_text(value: Any) -> str:
    """A value as the CSV writes it: the formats differ only in how they type it."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # a date cell of the workbook
        return value.date().isoformat()
    return str(value)


def fetch(client: Client, url: str, **query: str) -> list[dict[str, Any]]:
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return rows_of(response)


def test_a_silent_request_swept_past_its_deadline_gives_one_draft_violation_shown_nowhere(
    client: Client,
) -> None:
    # given
    information_request = silent_request()

    # when
    sweep_deadlines(now=at(3, 11, 0, 5))

    # then
    violation = Violation.objects.get()
    assert (violation.category, violation.review_state, violation.information_request) == (
        "silence",
        "draft",
        information_request,
    )
    for url in DOWNLOADS:
        assert fetch(client, url) == [], url
    assert client.get(f"/api/v1/violations/{violation.pk}/").status_code == 404


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_published_violation_is_in_the_api_and_every_download_without_the_requester(
    client: Client, published: Violation, url: str
) -> None:
    # when
    response = client.get(url)

    # then
    assert response.status_code == 200
    body = PublicBody.objects.get(slug="police-kz-75")
    assert body.region is not None
    [row] = rows_of(response)
    assert list(row) == list(COLUMN_NAMES)
    assert {column: as_text(value) for column, value in row.items()} == {
        "id": str(published.pk),
        "block": "B",
        "category": "silence",
        "occurred_on": "2026-03-11",
        "reported_on": "",
        "region": body.region.code,
        "body_slug": "police-kz-75",
        "body_name_ru": body.name_ru,
        "body_name_kk": body.name_kk,
        "body_name_en": body.name_en,
        "perpetrator_type": "",
        "victim_type": "",
        "victim_name": "",
        "victim_outlet": "",
        "article": "",
        "stage": "",
        "outcome": "",
        "amount_claimed_kzt": "",
        "amount_awarded_kzt": "",
        "amount_collected_kzt": "",
        "legal_ground_cited": "",
        "source_url": "",
        "description": "KZ.MEDIA.36.response: no answer by 10.03.2026",
    }
    everything = json.dumps(row, default=str, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in everything
    if url.endswith((".csv", ".json")):
        # the whole file, not only the parsed row
        response = client.get(url)
        text = content_of(response).decode()
        assert not [secret for secret in SECRETS if secret in text]


def test_the_api_sends_the_same_columns_as_the_downloads() -> None:
    assert OpenViolationSerializer.Meta.fields == COLUMN_NAMES


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_victim_is_named_only_with_their_consent(client: Client, url: str) -> None:
    # given
    make_violation(
        block=Block.A,
        category=Category.ATTACK,
        occurred_on=date(2026, 4, 2),
        victim_type="journalist",
        victim_name="Нурлан Ержанов",
        victim_outlet="Ашық ақпарат",
        victim_consents_to_publication=True,
    )
    make_violation(
        block=Block.A,
        category=Category.THREAT,
        occurred_on=date(2026, 4, 3),
        victim_type="blogger",
        victim_name="Скрытый Блогер",
        victim_outlet="Тайный канал",
        victim_consents_to_publication=False,
    )

    # when
    rows = fetch(client, url, ordering="occurred_on") if url.endswith("/") else fetch(client, url)

    # then
    named = [
        (row["category"], row["victim_type"], row["victim_name"] or "", row["victim_outlet"] or "")
        for row in rows
    ]
    assert named == [
        ("attack", "journalist", "Нурлан Ержанов", "Ашық ақпарат"),
        ("threat", "blogger", "", ""),
    ]


@pytest.mark.parametrize("url", DOWNLOADS)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["march-police", "april-police", "april-akimat", "may-police"]),
        # the download form sent with nothing chosen
        (
            {"month": "", "category": "", "region": "", "body": ""},
            ["march-police", "april-police", "april-akimat", "may-police"],
        ),
        ({"month": "2026-04"}, ["april-police", "april-akimat"]),
        ({"category": "silence"}, ["march-police"]),
        ({"body": "akimat-kz-79"}, ["april-akimat"]),
        ({"month": "2026-04", "body": "police-kz-75", "category": "refusal"}, ["april-police"]),
    ],
)
def test_the_filters_narrow_the_api_and_the_downloads(
    client: Client, url: str, query: dict[str, str], expected: list[str]
) -> None:
    # given
    make_violation(category=Category.SILENCE, occurred_on=date(2026, 3, 31), article="march-police")
    make_violation(occurred_on=date(2026, 4, 1), article="april-police")
    make_violation(body_slug="akimat-kz-79", occurred_on=date(2026, 4, 30), article="april-akimat")
    make_violation(occurred_on=date(2026, 5, 1), article="may-police", category=Category.OTHER)

    # when
    articles = {row["article"] for row in fetch(client, url, **query)}

    # then
    assert articles == set(expected)


def test_the_region_filter_takes_an_iso_code(client: Client) -> None:
    police = make_violation(article="police")
    assert police.region is not None
    other = Region.objects.exclude(code=police.region.code).order_by("code").first()
    assert other is not None
    make_violation(article="elsewhere", region=other)

    rows = fetch(client, "/api/v1/violations/", region=police.region.code)
    csv_rows = fetch(client, "/open-data/violations.csv", region=other.code)

    assert [row["article"] for row in rows] == ["police"]
    assert [row["article"] for row in csv_rows] == ["elsewhere"]


@pytest.mark.parametrize("url", DOWNLOADS)
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"month": "March"}, "month", "Give a month as YYYY-MM, e.g. 2026-03."),
        ({"month": "2026-13"}, "month", "Give a month as YYYY-MM, e.g. 2026-03."),
        ({"category": "rudeness"}, "category", "Select a valid choice."),
        ({"region": "KZ-XX"}, "region", "Select a valid choice."),
        ({"body": "no-such-body"}, "body", "Select a valid choice."),
    ],
)
def test_a_filter_that_means_nothing_is_a_400_that_says_why(
    client: Client, settings: Any, url: str, query: dict[str, str], field: str, message: str
) -> None:
    settings.LANGUAGE_CODE = "en"
    make_violation()

    response = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    text = response.content.decode()
    if url.endswith("/"):
        [error] = response.json()[field]
        assert error.startswith(message)
    else:
        assert text.startswith(f"{field}: {message}")


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.VERIFIED])
def test_a_violation_not_yet_published_appears_nowhere(client: Client, state: ReviewState) -> None:
    hidden = make_violation(review_state=state, article="hidden")
    make_violation(article="shown")

    for url in DOWNLOADS:
        assert [row["article"] for row in fetch(client, url)] == ["shown"], url
    assert client.get(f"/api/v1/violations/{hidden.pk}/").status_code == 404


def test_amounts_keep_their_cents_in_every_format(client: Client) -> None:
    make_violation(
        block=Block.C,
        category=Category.HONOUR_AND_DIGNITY_CLAIM,
        amount_claimed_kzt=Decimal("5000000.00"),
        amount_awarded_kzt=Decimal("150000.50"),
    )

    amounts = [
        (row["amount_claimed_kzt"], row["amount_awarded_kzt"])
        for url in DOWNLOADS
        for row in fetch(client, url)
    ]

    assert amounts == [
        ("5000000.00", "150000.50"),
        ("5000000.00", "150000.50"),
        ("5000000.00", "150000.50"),
        (5000000, 150000.5),
    ]


def test_a_description_that_looks_like_a_formula_stays_text_in_the_workbook(
    client: Client,
) -> None:
    make_violation(public_description='=HYPERLINK("http://example.org","click")')

    [row] = fetch(client, "/open-data/violations.xlsx")

    assert row["description"] == '=HYPERLINK("http://example.org","click")'
    response = client.get("/open-data/violations.xlsx")
    sheet = load_workbook(io.BytesIO(content_of(response))).active
    assert sheet is not None
    assert sheet["W2"].data_type == "s"


def test_the_downloads_are_streamed_and_named_after_their_filters(client: Client) -> None:
    make_violation()

    csv_response = client.get("/open-data/violations.csv", {"month": "2026-04"})
    xlsx_response = client.get("/open-data/violations.xlsx", {"body": "police-kz-75"})

    assert csv_response.streaming
    assert csv_response["Content-Disposition"] == 'attachment; filename="violations-2026-04.csv"'
    assert xlsx_response.streaming
    assert xlsx_response["Content-Disposition"] == (
        'attachment; filename="violations-police-kz-75.xlsx"'
    )


def test_the_csv_is_read_from_the_database_in_chunks(django_assert_num_queries: Any) -> None:
    for day in range(1, 6):
        make_violation(occurred_on=date(2026, 4, day))

    chunks = stream_csv(Violation.objects.all())
    with django_assert_num_queries(1):
        content = b"".join(chunks).decode()

    lines = content.split("\r\n")
    assert len(lines) == 7  # the header, five rows, and nothing after the last line's end
    assert (lines[0], lines[-1]) == (",".join(COLUMN_NAMES), "")


def test_the_open_data_page_explains_the_columns_and_links_the_downloads(client: Client) -> None:
    make_violation()

    response = client.get("/open-data/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    for link in (
        "/open-data/violations.csv",
        "/open-data/violations.xlsx",
        "/open-data/violations.json",
        "/open-data/schema.json",
        "/api/v1/violations/",
    ):
        assert link in page
    assert all(f"<code>{name}</code>" in page for name in COLUMN_NAMES)


def test_the_schema_document_describes_exactly_the_columns_of_the_code(client: Client) -> None:
    document = (Path(settings.BASE_DIR) / "docs" / "open-data-schema.md").read_text(
        encoding="utf-8"
    )

    columns_section = document.split("## Columns", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_0-9]+)` \|", columns_section, flags=re.MULTILINE)
    schema = client.get("/open-data/schema.json").json()

    assert tuple(documented) == COLUMN_NAMES
    assert f"Schema version: {SCHEMA_VERSION}" in document
    assert schema["version"] == SCHEMA_VERSION
    assert tuple(field["name"] for field in schema["fields"]) == COLUMN_NAMES
