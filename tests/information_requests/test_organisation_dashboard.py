"""The organisation view of the dashboard ("mine, or shared with my organisations") is read as a
merge of parts, each in its own index's order: its pages hold the same rows in the same order as
one sorted query over everything the reader may read (overdue first, then by legal deadline,
newest first among equals), a request both mine and shared once, an outsider's never; its count
is exact up to the limit; its queries do not grow with the requests."""

from collections.abc import Iterator
from datetime import date, datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings

from requests_tracker.access.requests import readable_request_parts, readable_requests
from requests_tracker.accounts.models import Membership, Organization, Role, User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.dashboard_order import store_legal_due_dates
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    InformationRequest,
    Visibility,
)
from requests_tracker.information_requests.status import Status
from requests_tracker.laws.models import LegalRule
from tests.factories import OrganizationFactory, UserFactory
from tests.information_requests.test_dashboard_pages import (
    ALMATY,
    TODAY,
    deadline_of,
    request_of,
    subjects,
)

pytestmark = pytest.mark.django_db
ORGANISATION = "/requests/?scope=organization"
SHARED, PUBLIC = Visibility.ORGANIZATION, Visibility.PUBLIC


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def newsroom() -> Organization:
    return OrganizationFactory.create(name="Newsroom")


@pytest.fixture
def journalist(client: Client, newsroom: Organization) -> User:
    """Aigerim, a journalist of the newsroom and of a network of outlets, signed in."""
    user: User = UserFactory.create(username="aigerim", preferred_language="en")
    network = OrganizationFactory.create(name="Network")
    Membership.objects.create(user=user, organization=newsroom, role=Role.JOURNALIST)
    Membership.objects.create(user=user, organization=network, role=Role.JOURNALIST)
    client.force_login(user)
    return user


def member(username: str, organization: Organization) -> User:
    user: User = UserFactory.create(username=username)
    Membership.objects.create(user=user, organization=organization, role=Role.JOURNALIST)
    return user


@pytest.fixture
def handmade(journalist: User, newsroom: Organization) -> None:
    """Eleven requests, made in this order (so with rising ids): eight Aigerim may read."""
    network = Organization.objects.get(name="Network")
    colleague = member("colleague", newsroom)
    partner = member("partner", network)
    outsider = member("outsider", OrganizationFactory.create(name="Elsewhere"))
    elsewhere = outsider.memberships.get().organization
    passed = DeadlineState.PASSED
    overdue = Status.OVERDUE

    request_of(journalist, "Mine, draft", status=Status.DRAFT)
    deadline_of(
        request_of(colleague, "Colleague's private", status=overdue, organization=newsroom),
        date(2026, 3, 1),
        state=passed,
    )
    deadline_of(
        request_of(
            journalist, "Mine and shared, due 16.03", organization=newsroom, visibility=SHARED
        ),
        date(2026, 3, 16),
    )
    deadline_of(
        request_of(
            colleague,
            "Colleague's, overdue since 10.03",
            status=overdue,
            organization=newsroom,
            visibility=PUBLIC,
        ),
        date(2026, 3, 10),
        state=passed,
    )
    deadline_of(
        request_of(journalist, "Mine, overdue since 05.03", status=overdue),
        date(2026, 3, 5),
        state=passed,
    )
    deadline_of(
        request_of(
            colleague, "Colleague's, due 16.03 too", organization=newsroom, visibility=SHARED
        ),
        date(2026, 3, 16),
    )
    deadline_of(
        request_of(
            partner, "Network partner's, due 20.03", organization=network, visibility=SHARED
        ),
        date(2026, 3, 20),
    )
    deadline_of(
        request_of(outsider, "Outsider's, due 14.03", organization=elsewhere, visibility=SHARED),
        date(2026, 3, 14),
    )
    deadline_of(
        request_of(
            outsider,
            "Outsider's public, overdue since 03.03",
            status=overdue,
            organization=elsewhere,
            visibility=PUBLIC,
        ),
        date(2026, 3, 3),
        state=passed,
    )
    request_of(
        colleague,
        "Colleague's draft, shared",
        status=Status.DRAFT,
        organization=newsroom,
        visibility=SHARED,
    )
    request_of(journalist, "Mine, overdue, no deadline", status=overdue)
    store_legal_due_dates(InformationRequest.objects.all())


EXPECTED_ORDER = [
    "Mine, overdue since 05.03",
    "Colleague's, overdue since 10.03",
    "Mine, overdue, no deadline",
    "Colleague's, due 16.03 too",  # same day as the next one, and newer
    "Mine and shared, due 16.03",  # mine, and shared with the newsroom: once
    "Network partner's, due 20.03",  # shared with the other organisation Aigerim belongs to
    "Colleague's draft, shared",
    "Mine, draft",
]


def page(client: Client, query: str = "") -> list[str]:
    return subjects(client.get(ORGANISATION + query, HTTP_ACCEPT_LANGUAGE="en"))


def test_the_organisation_view_merges_mine_and_shared_in_the_dashboard_order(
    client: Client, handmade: None
) -> None:
    assert page(client) == EXPECTED_ORDER


def test_my_requests_stay_the_ones_i_filed(client: Client, handmade: None) -> None:
    mine = subjects(client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en"))

    assert mine == [
        "Mine, overdue since 05.03",
        "Mine, overdue, no deadline",
        "Mine and shared, due 16.03",
        "Mine, draft",
    ]


def test_pages_of_the_organisation_view_split_its_order_and_count_each_request_once(
    client: Client, handmade: None, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 2

    pages = [page(client, f"&page={number}") for number in (1, 2, 3, 4)]

    # The last page's "Mine, draft" is the fourth of my own: a part is read past the page size.
    assert pages == [
        EXPECTED_ORDER[0:2],
        EXPECTED_ORDER[2:4],
        EXPECTED_ORDER[4:6],
        ["Colleague's draft, shared", "Mine, draft"],
    ]
    content = client.get(ORGANISATION, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "8 requests" in content
    assert "Page 1 of 4" in content


def test_a_page_past_the_end_of_the_organisation_view_shows_the_last(
    client: Client, handmade: None, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 2

    assert page(client, "&page=9") == ["Colleague's draft, shared", "Mine, draft"]


@pytest.mark.parametrize(
    ("count_limit", "caption"),
    [
        (8, "8 requests"),  # exactly the limit: counted, the request both mine and shared once
        (5, "more than 5 requests"),  # past it through the shared requests
        (3, "more than 3 requests"),  # past it with my own four alone
    ],
)
def test_the_organisation_view_counts_up_to_the_limit(
    client: Client, handmade: None, settings: Settings, count_limit: int, caption: str
) -> None:
    settings.LIST_PAGE_SIZE = 2
    settings.LIST_COUNT_LIMIT = count_limit

    content = client.get(ORGANISATION, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f"· {caption}</caption>" in content


def test_the_filters_apply_to_mine_and_to_the_shared(client: Client, handmade: None) -> None:
    assert page(client, "&status=overdue") == [
        "Mine, overdue since 05.03",
        "Colleague's, overdue since 10.03",
        "Mine, overdue, no deadline",
    ]
    assert page(client, "&q=16.03") == ["Colleague's, due 16.03 too", "Mine and shared, due 16.03"]


def test_a_filter_it_cannot_read_shows_no_request(client: Client, handmade: None) -> None:
    response = client.get(ORGANISATION + "&status=lost", HTTP_ACCEPT_LANGUAGE="en")

    assert subjects(response) == []
    assert "<p>No requests yet.</p>" in response.content.decode()


def test_an_outsider_sees_only_what_is_shared_with_their_own_organisation(
    client: Client, handmade: None
) -> None:
    client.force_login(User.objects.get(username="outsider"))

    assert page(client) == ["Outsider's public, overdue since 03.03", "Outsider's, due 14.03"]


def test_a_superuser_sees_every_request_in_the_organisation_view(
    client: Client, handmade: None
) -> None:
    client.force_login(UserFactory.create(username="root", is_superuser=True, is_staff=True))

    assert page(client) == [
        "Colleague's private",
        "Outsider's public, overdue since 03.03",
        "Mine, overdue since 05.03",
        "Colleague's, overdue since 10.03",
        "Mine, overdue, no deadline",
        "Outsider's, due 14.03",
        "Colleague's, due 16.03 too",
        "Mine and shared, due 16.03",
        "Network partner's, due 20.03",
        "Colleague's draft, shared",
        "Mine, draft",
    ]


@pytest.mark.parametrize(
    ("username", "readable"),
    [
        ("aigerim", set(EXPECTED_ORDER)),
        (
            "colleague",
            {
                "Colleague's private",
                "Mine and shared, due 16.03",
                "Colleague's, overdue since 10.03",
                "Colleague's, due 16.03 too",
                "Colleague's draft, shared",
            },
        ),
        ("partner", {"Network partner's, due 20.03"}),
        ("anonymous", set()),
    ],
)
def test_the_parts_of_what_a_user_may_read_add_up_to_it(
    handmade: None, username: str, readable: set[str]
) -> None:
    user = AnonymousUser() if username == "anonymous" else User.objects.get(username=username)

    in_parts = {
        subject
        for part in readable_request_parts(user)
        for subject in part.values_list("subject", flat=True)
    }

    assert in_parts == readable
    assert set(readable_requests(user).values_list("subject", flat=True)) == readable


def seed(requester: User, count: int, organization: Organization | None = None) -> None:
    """``count`` requests half overdue, half running, each with a legal deadline; in bulk; shared
    with ``organization`` when one is given."""
    body = PublicBody.objects.get(slug="police-kz-75")
    rule = LegalRule.objects.get(rule_id="KZ.ATI.11.response")
    requests = InformationRequest.objects.bulk_create(
        InformationRequest(
            requester=requester,
            organization=organization,
            visibility=SHARED if organization else Visibility.PRIVATE,
            public_body=body,
            subject=f"Request {number}",
            text="Вопрос",
            language="ru",
            status=Status.OVERDUE if number % 2 else Status.AWAITING_REPLY,
            legal_due_date=date(2026, 3, 5 + number % 20),
        )
        for number in range(count)
    )
    Deadline.objects.bulk_create(
        Deadline(
            information_request=information_request,
            legal_rule=rule,
            state=DeadlineState.PASSED if number % 2 else DeadlineState.RUNNING,
            is_legal_deadline=True,
            start_date=date(2026, 3, 2),
            nominal_date=date(2026, 3, 5 + number % 20),
            due_date=date(2026, 3, 5 + number % 20),
            ends_at=datetime(2026, 3, 5 + number % 20, 23, 59, tzinfo=ALMATY),
            due_day_starts_at=datetime(2026, 3, 5 + number % 20, tzinfo=ALMATY),
            computed_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY),
        )
        for number, information_request in enumerate(requests)
    )


def organisation_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ORGANISATION, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    return len(queries)


def test_an_organisation_page_costs_the_same_queries_for_30_requests_as_for_300(
    client: Client, journalist: User, newsroom: Organization, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 20
    colleague = member("colleague", newsroom)
    seed(journalist, 15)
    seed(colleague, 15, organization=newsroom)
    with_30 = organisation_queries(client)
    seed(journalist, 135)
    seed(colleague, 135, organization=newsroom)

    with_300 = organisation_queries(client)

    # The session, the user, the reader's organisations, the page of requests, its count in
    # three (my own; the newsroom's shared ones not mine; the network's), the page's legal
    # deadlines, its replies to classify, the jurisdiction's calendar (its decreed overrides
    # and its decrees), and the menu's question whether the user is NGO staff.
    assert (with_30, with_300) == (12, 12)


def test_once_my_own_requests_reach_the_limit_the_shared_ones_are_not_counted(
    client: Client, journalist: User, newsroom: Organization, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 20
    settings.LIST_COUNT_LIMIT = 30
    seed(journalist, 31)
    seed(member("colleague", newsroom), 30, organization=newsroom)

    queries = organisation_queries(client)

    # As in the test above, with a count in one query: my own 31 are already past the limit.
    assert queries == 10
    content = client.get(ORGANISATION, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "more than 30 requests" in content
