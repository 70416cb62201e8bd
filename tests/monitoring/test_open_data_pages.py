"""The open-data API pages by cursor: every row once, stable under inserts, and never a count."""

import base64
import json
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from requests_tracker.bodies.models import PublicBody
from requests_tracker.monitoring.models import Block, Category, ReviewState, Violation

pytestmark = pytest.mark.django_db
URL = "/api/v1/violations/"


def violation(article: str, occurred_on: date, **overrides: Any) -> Violation:
    body = PublicBody.objects.get(slug="police-kz-75")
    values: dict[str, Any] = {
        "block": Block.B,
        "category": Category.REFUSAL,
        "public_body": body,
        "region": body.region,
        "occurred_on": occurred_on,
        "review_state": ReviewState.PUBLISHED,
        "article": article,
    }
    values.update(overrides)
    return Violation.objects.create(**values)


@pytest.fixture
def five_published(db: None) -> None:
    """Five published violations, three of them on 2 April: a page boundary falls among them."""
    violation("march", date(2026, 3, 30))
    violation("april-a", date(2026, 4, 2))
    violation("april-b", date(2026, 4, 2))
    violation("april-c", date(2026, 4, 2))
    violation("may", date(2026, 5, 4))
    violation("draft", date(2026, 4, 2), review_state=ReviewState.DRAFT)


def articles(page: dict[str, Any]) -> list[str]:
    return [row["article"] for row in page["results"]]


def get(client: Client, url: str, **query: str) -> dict[str, Any]:
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    document: dict[str, Any] = response.json()
    return document


def test_following_the_next_links_shows_every_published_row_once_newest_first(
    client: Client, five_published: None
) -> None:
    # when: an anonymous reader follows the links, two rows a page
    first = get(client, URL, page_size="2")
    second = get(client, first["next"])
    third = get(client, second["next"])

    # then: newest first, the three of 2 April by id from the highest, the draft nowhere
    assert [articles(first), articles(second), articles(third)] == [
        ["may", "april-c"],
        ["april-b", "april-a"],
        ["march"],
    ]
    assert list(first) == ["next", "previous", "results"]
    assert first["previous"] is None
    assert third["next"] is None
    assert "page_size=2" in first["next"]


def test_the_previous_link_shows_the_page_before_exactly(
    client: Client, five_published: None
) -> None:
    first = get(client, URL, page_size="2")
    third = get(client, get(client, first["next"])["next"])

    second_again = get(client, third["previous"])
    first_again = get(client, second_again["previous"])

    assert articles(second_again) == ["april-b", "april-a"]
    assert articles(first_again) == ["may", "april-c"]
    assert first_again["previous"] is None
    assert articles(get(client, first_again["next"])) == ["april-b", "april-a"]


def test_a_row_published_while_a_reader_pages_moves_no_row_to_another_page(
    client: Client, five_published: None
) -> None:
    # given: the reader has the first page
    first = get(client, URL, page_size="2")

    # when: a newer violation and another of 2 April are published before the next page
    violation("june", date(2026, 6, 1))
    violation("april-d", date(2026, 4, 2))

    # then: the next page starts after the row the first ended on, as it would have
    assert articles(get(client, first["next"])) == ["april-b", "april-a"]


def test_no_page_counts_the_rows(client: Client, five_published: None) -> None:
    first = get(client, URL, page_size="2")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(first["next"])

    assert response.status_code == 200
    statements = [query["sql"].upper() for query in queries.captured_queries]
    assert [sql for sql in statements if "COUNT(" in sql] == []
    assert len([sql for sql in statements if "MONITORING_VIOLATION" in sql]) == 1


def test_the_links_are_also_in_a_link_header(client: Client, five_published: None) -> None:
    first = get(client, URL, page_size="2")

    response = client.get(first["next"])

    document = response.json()
    assert response["Link"] == (
        f'<{document["next"]}>; rel="next", <{document["previous"]}>; rel="prev"'
    )


def test_an_ascending_order_pages_by_the_day_then_by_id(
    client: Client, five_published: None
) -> None:
    first = get(client, URL, page_size="3", ordering="occurred_on")
    second = get(client, first["next"])

    assert articles(first) == ["march", "april-a", "april-b"]
    assert articles(second) == ["april-c", "may"]
    assert "ordering=occurred_on" in first["next"]


def test_a_filter_is_kept_by_the_links(client: Client, five_published: None) -> None:
    first = get(client, URL, page_size="1", month="2026-04")
    second = get(client, first["next"])
    third = get(client, second["next"])

    assert [articles(first), articles(second), articles(third)] == [
        ["april-c"],
        ["april-b"],
        ["april-a"],
    ]
    assert third["next"] is None


def cursor(**payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


@pytest.mark.parametrize(
    "query",
    [
        {"cursor": "not a cursor"},
        {"cursor": cursor(order="-occurred_on", way="next", key=["2026-04-31", "1"])},
        {"cursor": cursor(order="-occurred_on", way="next", key=["2026-04-02", "9" * 30])},
        {"cursor": cursor(order="-occurred_on", way="sideways", key=["2026-04-02", "1"])},
        {"cursor": cursor(order="-occurred_on", way="next", key=["2026-04-02"])},
        {"cursor": cursor(order="-occurred_on", way="next", key=["2026-04-02", 1])},
        # a cursor of the newest-first order, used with another
        {
            "cursor": cursor(order="-occurred_on", way="next", key=["2026-04-02", "1"]),
            "ordering": "occurred_on",
        },
    ],
)
def test_a_cursor_this_api_did_not_give_out_is_a_400_that_says_why(
    client: Client, five_published: None, query: dict[str, str]
) -> None:
    response = client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "cursor": [
            "This cursor is not one this list gave out for this order: follow the list's "
            "next and previous links."
        ]
    }


def test_a_page_past_the_last_row_is_empty_without_links(
    client: Client, five_published: None
) -> None:
    last = cursor(order="-occurred_on", way="next", key=["2000-01-01", "1"])

    page = get(client, URL, cursor=last.rstrip("="))

    assert page == {"next": None, "previous": None, "results": []}
