"""The dashboard reads one page at a time, in its order computed by the database: overdue first,
then by the legal deadline (requests without one last), newest first among equals; a page costs
the same queries for 30 requests as for 300, and shows only requests its reader may read."""

from collections.abc import Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings

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

ALMATY = ZoneInfo("Asia/Almaty")
TODAY = datetime(2026, 3, 13, 12, tzinfo=ALMATY)  # a Friday
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def journalist(client: Client) -> User:
    user: User = UserFactory.create(username="aigerim", preferred_language="en")
    client.force_login(user)
    return user


def request_of(
    requester: User,
    subject: str,
    *,
    status: Status = Status.AWAITING_REPLY,
    visibility: Visibility = Visibility.PRIVATE,
    organization: Organization | None = None,
) -> InformationRequest:
    information_request = InformationRequest.objects.create(
        requester=requester,
        organization=organization,
        public_body=PublicBody.objects.get(slug="police-kz-75"),
        subject=subject,
        text="Вопрос",
        language="ru",
        visibility=visibility,
    )
    # The status is derived from the timeline; these rows are set by hand, as the sweep would.
    InformationRequest.objects.filter(pk=information_request.pk).update(status=status)
    information_request.refresh_from_db()
    return information_request


def deadline_of(
    information_request: InformationRequest,
    due: date,
    *,
    state: DeadlineState = DeadlineState.RUNNING,
    rule_id: str = "KZ.ATI.11.response",
    is_legal_deadline: bool = True,
) -> Deadline:
    ends_at = datetime.combine(due, time(23, 59, 59), tzinfo=ALMATY)
    return Deadline.objects.create(
        information_request=information_request,
        legal_rule=LegalRule.objects.get(rule_id=rule_id),
        state=state,
        is_legal_deadline=is_legal_deadline,
        start_date=date(2026, 3, 2),
        nominal_date=due,
        due_date=due,
        ends_at=ends_at,
        due_day_starts_at=datetime.combine(due, time(0), tzinfo=ALMATY),
        computed_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY),
    )


@pytest.fixture
def handmade(journalist: User) -> None:
    """Seven requests, made in this order (so with rising ids)."""
    oldest_draft = request_of(journalist, "E draft, older", status=Status.DRAFT)
    overdue_later = request_of(journalist, "A overdue since 10.03", status=Status.OVERDUE)
    deadline_of(overdue_later, date(2026, 3, 10), state=DeadlineState.PASSED)
    due_20 = request_of(journalist, "C due 20.03")
    deadline_of(due_20, date(2026, 3, 20))
    due_16 = request_of(journalist, "D due 16.03, working days")
    # A superseded computation, earlier than the live one, does not count.
    deadline_of(due_16, date(2026, 3, 12), state=DeadlineState.SUPERSEDED)
    deadline_of(due_16, date(2026, 3, 16), rule_id="KZ.MEDIA.36.response")
    overdue_earlier = request_of(journalist, "B overdue since 05.03", status=Status.OVERDUE)
    deadline_of(overdue_earlier, date(2026, 3, 5), state=DeadlineState.PASSED)
    # A deadline that is not the legal one does not count either.
    deadline_of(overdue_earlier, date(2026, 3, 1), is_legal_deadline=False)
    same_day = request_of(journalist, "H due 16.03 too, newer")
    deadline_of(same_day, date(2026, 3, 16))
    request_of(journalist, "F draft, newer", status=Status.DRAFT)
    assert oldest_draft.pk < same_day.pk  # newest first among equals means higher id first
    # What the clock stores on each request once it has written its deadlines.
    store_legal_due_dates(InformationRequest.objects.all())


EXPECTED_ORDER = [
    "B overdue since 05.03",
    "A overdue since 10.03",
    "H due 16.03 too, newer",
    "D due 16.03, working days",
    "C due 20.03",
    "F draft, newer",
    "E draft, older",
]


def subjects(page: object) -> list[str]:
    return [row.information_request.subject for row in page.context["rows"]]  # type: ignore[attr-defined]


def test_overdue_come_first_then_by_legal_deadline_then_the_newest(
    client: Client, handmade: None
) -> None:
    page = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en")

    assert subjects(page) == EXPECTED_ORDER


def test_an_overdue_request_without_a_legal_deadline_comes_after_those_with_one(
    client: Client, journalist: User
) -> None:
    # given: overdue with no legal deadline (the oldest), overdue with one, running with one
    request_of(journalist, "Overdue, no deadline", status=Status.OVERDUE)
    deadline_of(request_of(journalist, "Running"), date(2026, 3, 14))
    deadline_of(
        request_of(journalist, "Overdue", status=Status.OVERDUE),
        date(2026, 3, 12),
        state=DeadlineState.PASSED,
    )
    store_legal_due_dates(InformationRequest.objects.all())

    page = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en")

    assert subjects(page) == ["Overdue", "Overdue, no deadline", "Running"]


def test_each_row_shows_its_legal_deadline_and_days_left(client: Client, handmade: None) -> None:
    page = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en")

    shown = {
        row.information_request.subject: (
            row.deadline.due_date if row.deadline else None,
            row.days_left.text if row.days_left else None,
        )
        for row in page.context["rows"]
    }
    assert shown == {
        "B overdue since 05.03": (date(2026, 3, 5), "8 days overdue"),
        "A overdue since 10.03": (date(2026, 3, 10), "3 days overdue"),
        "H due 16.03 too, newer": (date(2026, 3, 16), "3 days left"),
        # Friday 13.03 to Monday 16.03 is one working day.
        "D due 16.03, working days": (date(2026, 3, 16), "1 working day left"),
        "C due 20.03": (date(2026, 3, 20), "7 days left"),
        "F draft, newer": (None, None),
        "E draft, older": (None, None),
    }


def test_pages_split_the_order_at_the_page_size(
    client: Client, handmade: None, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 2

    pages = [
        subjects(client.get(f"/requests/?page={number}", HTTP_ACCEPT_LANGUAGE="en"))
        for number in (1, 2, 3, 4)
    ]

    assert pages == [
        EXPECTED_ORDER[0:2],
        EXPECTED_ORDER[2:4],
        EXPECTED_ORDER[4:6],
        ["E draft, older"],
    ]
    first, last = (
        client.get("/requests/?page=1", HTTP_ACCEPT_LANGUAGE="en"),
        client.get("/requests/?page=4", HTTP_ACCEPT_LANGUAGE="en"),
    )
    assert (first.context["page"].has_previous, first.context["page"].has_next) == (False, True)
    assert (last.context["page"].has_previous, last.context["page"].has_next) == (True, False)
    assert 'href="?page=2">Next</a>' in first.content.decode()
    assert "Page 1 of 4" in first.content.decode()


def test_a_page_past_the_end_shows_the_last_and_a_bad_number_the_first(
    client: Client, handmade: None, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 2

    assert subjects(client.get("/requests/?page=9", HTTP_ACCEPT_LANGUAGE="en")) == [
        "E draft, older"
    ]
    assert (
        subjects(client.get("/requests/?page=nine", HTTP_ACCEPT_LANGUAGE="en"))
        == EXPECTED_ORDER[0:2]
    )
    assert (
        subjects(client.get("/requests/?page=0", HTTP_ACCEPT_LANGUAGE="en")) == EXPECTED_ORDER[0:2]
    )


def test_the_page_size_comes_from_the_setting(
    client: Client, handmade: None, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 3

    page = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en")

    assert subjects(page) == EXPECTED_ORDER[0:3]
    assert "Page 1 of 3" in page.content.decode()


def test_the_filters_stay_in_the_page_links(
    client: Client, handmade: None, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 1

    page = client.get("/requests/?status=overdue&page=2", HTTP_ACCEPT_LANGUAGE="en")

    assert subjects(page) == ["A overdue since 10.03"]
    assert 'href="?status=overdue&amp;page=1">Previous</a>' in page.content.decode()


def test_past_the_count_limit_the_page_says_more_than(
    client: Client, handmade: None, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 2
    settings.LIST_COUNT_LIMIT = 5

    page = client.get("/requests/?page=2", HTTP_ACCEPT_LANGUAGE="en")

    content = page.content.decode()
    assert "more than 5 requests" in content
    assert "Page 2</span>" in content  # no "of": the pages are not counted past the limit
    assert subjects(page) == EXPECTED_ORDER[2:4]
    assert subjects(client.get("/requests/?page=4", HTTP_ACCEPT_LANGUAGE="en")) == [
        "E draft, older"
    ]


def test_under_the_count_limit_the_page_counts_every_request(
    client: Client, handmade: None, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 2
    settings.LIST_COUNT_LIMIT = 7

    content = client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "7 requests" in content
    assert "more than" not in content


def test_the_organisation_view_never_shows_an_outsiders_requests(
    client: Client, journalist: User
) -> None:
    # given: a colleague's request shared with the newsroom, a colleague's private one, and an
    # outsider's request shared with another organisation
    newsroom, elsewhere = OrganizationFactory.create(), OrganizationFactory.create()
    colleague = UserFactory.create(username="colleague")
    outsider = UserFactory.create(username="outsider")
    Membership.objects.create(user=journalist, organization=newsroom, role=Role.JOURNALIST)
    Membership.objects.create(user=colleague, organization=newsroom, role=Role.JOURNALIST)
    Membership.objects.create(user=outsider, organization=elsewhere, role=Role.JOURNALIST)
    request_of(journalist, "Mine")
    shared = Visibility.ORGANIZATION
    request_of(colleague, "Colleague's, shared", organization=newsroom, visibility=shared)
    request_of(colleague, "Colleague's, private", organization=newsroom)
    request_of(outsider, "Outsider's", organization=elsewhere, visibility=shared)

    mine = subjects(client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en"))
    organisation = subjects(client.get("/requests/?scope=organization", HTTP_ACCEPT_LANGUAGE="en"))

    assert mine == ["Mine"]
    assert organisation == ["Colleague's, shared", "Mine"]


def seed(requester: User, count: int) -> None:
    """``count`` requests half overdue, half running, each with a legal deadline; in bulk."""
    body = PublicBody.objects.get(slug="police-kz-75")
    rule = LegalRule.objects.get(rule_id="KZ.ATI.11.response")
    requests = InformationRequest.objects.bulk_create(
        InformationRequest(
            requester=requester,
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


def dashboard_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/requests/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    return len(queries)


def test_a_page_costs_the_same_queries_for_30_requests_as_for_300(
    client: Client, journalist: User, settings: Settings
) -> None:
    settings.LIST_PAGE_SIZE = 20
    seed(journalist, 30)
    with_30 = dashboard_queries(client)
    seed(journalist, 270)

    with_300 = dashboard_queries(client)

    # The session, the user, the page of requests, their count, the page's legal deadlines, its
    # replies to classify, the jurisdiction's calendar (its decreed overrides and its decrees),
    # and the menu's question whether the user is NGO staff.
    assert (with_30, with_300) == (9, 9)
