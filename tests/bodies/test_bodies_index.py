"""The index of public bodies: searched by name in any language, filtered by kind and region,
paged in SQL, each row with its scorecard on published requests, hidden below the minimum."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def slugs(response: object) -> list[str]:
    return [body.slug for body, _card in response.context["rows"]]  # type: ignore[attr-defined]


def english(client: Client, query: dict[str, str] | None = None) -> object:
    return client.get("/bodies/", query or {}, HTTP_ACCEPT_LANGUAGE="en")


def media_request(
    body_slug: str, *, reply: EventKind | None, day: int | None
) -> InformationRequest:
    """A Mass Media Law request received Monday 2 March 2026 (its 5 working days end on 10
    March), replied to on ``day`` March, published."""
    information_request = make_request(body_slug=body_slug, rule_ids=("KZ.MEDIA.36.response",))
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    if reply is not None and day is not None:
        record_event(
            information_request=information_request,
            kind=reply,
            occurred_at=datetime(2026, 3, day, 11, tzinfo=ALMATY),
            recorded_by=information_request.requester,
        )
    InformationRequest.objects.filter(pk=information_request.pk).update(
        visibility=Visibility.PUBLIC
    )
    return information_request


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # Russian, in capitals: the police of the city and of the region both have both words
        ("ПОЛИЦИ АЛМАТ", {"police-kz-75", "police-kz-19"}),
        # Kazakh: "Almaty city's" names the city's bodies only, not the region's
        ("алматы қаласының полиция", {"police-kz-75"}),
        # English, lower case
        ("almaty city court", {"court-kz-75"}),
        ("ничего такого нет", set()),
    ],
)
def test_the_search_finds_a_body_by_its_name_in_any_language_whatever_the_case(
    client: Client, words: str, expected: set[str]
) -> None:
    # when
    response = english(client, {"q": words})

    # then
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert set(slugs(response)) == expected


@pytest.mark.parametrize(
    ("kind", "region", "expected"),
    [
        ("court", "KZ-75", ["court-kz-75"]),
        ("police", "KZ-19", ["police-kz-19"]),
        # the five bodies of Almaty, by their English name
        (
            "",
            "KZ-75",
            [
                "akimat-kz-75",
                "court-kz-75",
                "anticorruption-kz-75",
                "police-kz-75",
                "prosecutor-kz-75",
            ],
        ),
    ],
)
def test_the_filters_by_kind_and_region_keep_only_those_bodies(
    client: Client, kind: str, region: str, expected: list[str]
) -> None:
    response = english(client, {"kind": kind, "region": region})

    assert slugs(response) == expected


def test_the_kind_and_region_selects_are_labelled_in_the_visitors_language(
    client: Client,
) -> None:
    response = client.get("/bodies/", HTTP_ACCEPT_LANGUAGE="ru")

    page = response.content.decode()
    assert '<option value="prosecutor">Прокуратура</option>' in page
    assert '<option value="KZ-75">' in page
    assert "Алматы</option>" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kind": "spaceport"}, "Выберите корректный вариант. spaceport нет среди допустимых"),
        ({"region": "KZ-00"}, "Выберите корректный вариант."),
        ({"q": "а" * 201}, "не более 200 символов"),
    ],
)
def test_a_bad_filter_is_refused_in_the_visitors_language_and_shows_no_body(
    client: Client, query: dict[str, str], message: str
) -> None:
    response = client.get("/bodies/", query, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["rows"] == []


def test_every_active_body_is_listed_fifty_a_page(client: Client) -> None:
    # given: the 188 bodies of the directory: three pages of 50, then 38
    # when
    first, last = english(client), english(client, {"page": "4"})

    # then
    assert len(slugs(first)) == 50
    assert len(slugs(last)) == 38
    assert first.context["page"].count == 188  # type: ignore[attr-defined]
    assert set(slugs(first)).isdisjoint(slugs(last))


def test_each_row_shows_its_scorecard_counted_by_hand(
    client: Client, settings: SettingsWrapper
) -> None:
    # given: figures from 2 published requests on; the Almaty police has three published (one
    # answered on 5 March, 3 days after receipt on 2 March; one refused on 9 March, 7 days; one
    # silent past 10 March) and one private answered request that counts for nothing; the
    # Almaty prosecutor has one published request, below the minimum
    settings.PUBLIC_BODY_MIN_REQUESTS = 2
    media_request("police-kz-75", reply=EventKind.ANSWERED, day=5)
    media_request("police-kz-75", reply=EventKind.REFUSED, day=9)
    media_request("police-kz-75", reply=None, day=None)
    private = make_request(body_slug="police-kz-75", rule_ids=("KZ.MEDIA.36.response",))
    record_event(
        information_request=private,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        recorded_by=private.requester,
    )
    media_request("prosecutor-kz-75", reply=EventKind.ANSWERED, day=4)
    sweep_deadlines(now=datetime(2026, 3, 11, 0, 5, tzinfo=ALMATY))

    # when
    response = english(client, {"region": "KZ-75"})

    # then: answered on time counts both replies within the deadline (the refusal too); the
    # median of 3 and 7 days is 5
    cards = {body.slug: card for body, card in response.context["rows"]}  # type: ignore[attr-defined]
    police = cards["police-kz-75"]
    assert (police.requests, police.answered_on_time, police.refused, police.silent) == (3, 2, 1, 1)
    assert police.median_days == 5.0
    assert cards["prosecutor-kz-75"].requests == 1
    assert cards["akimat-kz-75"].requests == 0
    page = response.content.decode()  # type: ignore[attr-defined]
    police_row = page.split('id="body-police-kz-75"')[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in police_row.split("</td>")[3:8]] == [
        "3",
        "2",
        "1",
        "1",
        "5.0",
    ]
    prosecutor_row = page.split('id="body-prosecutor-kz-75"')[1].split("</tr>")[0]
    assert ">1</td>" in prosecutor_row
    assert "Too few published requests to show figures" in prosecutor_row
    assert "Too few published requests to show figures" not in police_row


def test_the_page_costs_the_same_queries_whatever_the_number_of_bodies_with_figures(
    client: Client,
) -> None:
    # given: one body of the first page with a published request, the page's queries counted
    first_page = slugs(english(client))[:10]
    media_request(first_page[0], reply=EventKind.ANSWERED, day=5)
    with CaptureQueriesContext(connection) as one:
        english(client)
    # and: nine more bodies of the page with one each
    for slug in first_page[1:]:
        media_request(slug, reply=EventKind.ANSWERED, day=5)

    # when
    with CaptureQueriesContext(connection) as ten:
        response = english(client)

    # then: the same six queries (the page, its count, the regions' select, and the scorecards'
    # counts, bodies and medians)
    assert len(ten.captured_queries) == len(one.captured_queries) == 6
    cards = {body.slug: card for body, card in response.context["rows"]}  # type: ignore[attr-defined]
    assert [cards[slug].requests for slug in first_page] == [1] * 10
