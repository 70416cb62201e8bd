"""The CSV download writes the same bytes whoever writes them: csv.writer, or PostgreSQL's COPY."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.csv_copy import copy_csv
from requests_tracker.monitoring.models import Block, Category, ReviewState, Violation
from requests_tracker.monitoring.open_data import (
    csv_by_copy,
    csv_by_writer,
    published_violations,
    stream_csv,
)

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")

HEADER = (
    "id,block,category,occurred_on,reported_on,region,body_slug,body_name_ru,body_name_kk,"
    "body_name_en,perpetrator_type,victim_type,victim_name,victim_outlet,article,stage,outcome,"
    "amount_claimed_kzt,amount_awarded_kzt,amount_collected_kzt,legal_ground_cited,source_url,"
    "description\r\n"
)


def published(**values: Any) -> Violation:
    return Violation.objects.create(review_state=ReviewState.PUBLISHED, **values)


@pytest.fixture
def three_violations(db: None) -> list[str]:
    """Three published violations whose cells need quoting, a formula's quote, or nothing; and a
    draft. Returns the lines expected of the CSV, header first, written by hand."""
    police = PublicBody.objects.get(slug="police-kz-75")
    april = published(
        block=Block.B,
        category=Category.REFUSAL,
        occurred_on=date(2026, 4, 2),
        reported_on=date(2026, 4, 5),
        public_body=police,
        region=police.region,
        perpetrator_type="law_enforcement",
        victim_type="journalist",
        victim_name="Нурлан Ержанов",
        victim_outlet='Ашық, "ақпарат"',
        victim_consents_to_publication=True,
        amount_claimed_kzt=Decimal("5000000.00"),
        amount_awarded_kzt=Decimal("150000.50"),
        amount_collected_kzt=Decimal("0.00"),
        legal_ground_cited="=УПК 201",
        source_url="https://example.org/a?x=1,2",
        public_description='first line\nsecond, "quoted"',
        description="internal, never published",
    )
    march = published(
        block=Block.A,
        category=Category.THREAT,
        occurred_on=date(2026, 3, 1),
        victim_type="blogger",
        victim_name="Скрытый Блогер",
        victim_outlet="Тайный канал",
        article="-CC 274",
        legal_ground_cited="+1",
        public_description="@mention\r\nend",
    )
    ides = published(
        block=Block.B,
        category=Category.SILENCE,
        occurred_on=date(2026, 3, 15),
        article=" ",
        legal_ground_cited="\tindented",
        public_description="no quotes needed; none at all",
    )
    Violation.objects.create(
        block=Block.B, category=Category.REFUSAL, occurred_on=date(2026, 3, 2), article="draft"
    )
    return [
        HEADER,
        f"{march.pk},A,threat,2026-03-01,,,,,,,,blogger,,,'-CC 274,,,,,,'+1,,"
        + '"\'@mention\r\nend"\r\n',
        f"{ides.pk},B,silence,2026-03-15,,,,,,,,,,, ,,,,,,'\tindented,,"
        + "no quotes needed; none at all\r\n",
        f"{april.pk},B,refusal,2026-04-02,2026-04-05,KZ-75,police-kz-75,"
        + "Департамент полиции города Алматы,Алматы қаласының Полиция департаменті,"
        + "Police Department of Almaty,law_enforcement,journalist,Нурлан Ержанов,"
        + '"Ашық, ""ақпарат""",,,,5000000.00,150000.50,0.00,\'=УПК 201,'
        + '"https://example.org/a?x=1,2","first line\nsecond, ""quoted"""\r\n',
    ]


def test_the_csv_is_the_one_written_by_hand(three_violations: list[str]) -> None:
    content = b"".join(stream_csv(published_violations()))

    assert content.decode() == "".join(three_violations)


def test_csv_writer_writes_the_csv_written_by_hand(three_violations: list[str]) -> None:
    content = b"".join(csv_by_writer(published_violations()))

    assert content.decode() == "".join(three_violations)


@on_postgresql
def test_copy_writes_the_same_bytes_as_csv_writer(three_violations: list[str]) -> None:
    by_copy = b"".join(csv_by_copy(published_violations()))
    by_writer = b"".join(csv_by_writer(published_violations()))

    assert by_copy == by_writer == "".join(three_violations).encode()


@on_postgresql
def test_on_postgresql_the_download_is_written_by_copy_in_one_query(
    client: Client, three_violations: list[str], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1) as queries:
        response = client.get("/open-data/violations.csv", {"month": "2026-03"})
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]

    assert queries.captured_queries[0]["sql"].startswith("COPY (SELECT ")
    header, march, ides, _april = three_violations
    assert content.decode() == header + march + ides


@on_postgresql
def test_copy_hands_rows_over_in_chunks_of_whole_lines(three_violations: list[str]) -> None:
    chunks = list(copy_csv(published_violations().order_by("id").values_list("id"), chunk_bytes=1))

    ids = list(published_violations().order_by("id").values_list("id", flat=True))
    assert chunks == [f"{pk}\r\n".encode() for pk in ids]


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_download_cut_off_leaves_the_connection_usable() -> None:
    # given: a download of three rows, of which the reader takes one line and goes away
    for day in (1, 2, 3):
        published(block=Block.B, category=Category.REFUSAL, occurred_on=date(2026, 3, day))
    chunks = copy_csv(published_violations().order_by("id").values_list("id"), chunk_bytes=1)
    next(chunks)

    # when
    chunks.close()

    # then: the copy was ended, and the connection answers the next query
    assert Violation.objects.count() == 3
