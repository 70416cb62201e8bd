"""The staff dashboard: chart counts, the ranking, scorecards above a minimum, who may see it."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from requests_tracker.accounts.models import Membership, Organization, Role, User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.dashboard import body_scorecard
from requests_tracker.monitoring.models import Block, Category, ReviewState, Violation
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
DASHBOARD = "/monitoring/dashboard/"
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


def member(username: str, role: Role) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery staple")
    organization = Organization.objects.create(
        name="Фонд", slug=f"ngo-{username}", kind="ngo", keeps_monitoring_dataset=True
    )
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def record(
    body_slug: str,
    category: Category,
    occurred_on: date,
    block: Block = Block.B,
    review_state: ReviewState = ReviewState.PUBLISHED,
) -> Violation:
    body = PublicBody.objects.get(slug=body_slug) if body_slug else None
    return Violation.objects.create(
        block=block,
        category=category,
        public_body=body,
        region=body.region if body else None,
        occurred_on=occurred_on,
        review_state=review_state,
    )


@pytest.fixture
def dataset(db: None) -> None:
    """Seven violations of 2026 and one of 2025, at a police department and an akimat."""
    record("police-kz-75", Category.SILENCE, date(2026, 3, 11))
    record("police-kz-75", Category.SILENCE, date(2026, 3, 20), review_state=ReviewState.DRAFT)
    record("police-kz-75", Category.REFUSAL_CPC_201, date(2026, 4, 2))
    record("akimat-kz-79", Category.REFUSAL, date(2026, 4, 7))
    record("akimat-kz-79", Category.SILENCE, date(2026, 4, 8))
    record("akimat-kz-79", Category.LATE_ANSWER, date(2026, 6, 1))
    record("", Category.ATTACK, date(2026, 6, 15), block=Block.A)
    record("police-kz-75", Category.SILENCE, date(2025, 12, 30))


def chart_data(client: Client, **query: str) -> dict[str, Any]:
    response = client.get(DASHBOARD, {"year": "2026", **query}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return dict(response.context["chart_data"])


def test_the_charts_count_the_violations_of_the_chosen_year(dataset: None, client: Client) -> None:
    # given
    police = PublicBody.objects.get(slug="police-kz-75")
    akimat = PublicBody.objects.get(slug="akimat-kz-79")
    assert police.region is not None
    assert akimat.region is not None

    # when
    data = chart_data(signed_in(client, member("analyst", Role.NGO_STAFF)))

    # then
    assert data["month"] == [
        ("jan", 0),
        ("feb", 0),
        ("mar", 2),
        ("apr", 3),
        ("may", 0),
        ("jun", 2),
        ("jul", 0),
        ("aug", 0),
        ("sep", 0),
        ("oct", 0),
        ("nov", 0),
        ("dec", 0),
    ]
    assert data["category"] == [
        ("No answer by the deadline (deemed refusal)", 3),
        ("Attack", 1),
        ("Answer after the deadline", 1),
        ("Refusal to provide information", 1),
        ("Refusal citing CPC Art. 201 (pre-trial secrecy)", 1),
    ]
    assert sorted(data["region"]) == sorted(
        [(akimat.region.name_en, 3), (police.region.name_en, 3), ("Not recorded", 1)]
    )
    assert sorted(data["body_kind"]) == [("Akimat", 3), ("Not recorded", 1), ("Police", 3)]


def test_the_filters_narrow_every_chart_and_the_month_keeps_its_year(
    dataset: None, client: Client
) -> None:
    signed_in(client, member("analyst", Role.NGO_STAFF))

    by_month = chart_data(client, month="4", block="B", review_state="published")
    police_kind = chart_data(client, body_kind="police")

    assert by_month["month"][2:6] == [("mar", 1), ("apr", 3), ("may", 0), ("jun", 1)]
    # equal counts in the order of their codes
    assert by_month["category"] == [
        ("Refusal to provide information", 1),
        ("Refusal citing CPC Art. 201 (pre-trial secrecy)", 1),
        ("No answer by the deadline (deemed refusal)", 1),
    ]
    assert police_kind["body_kind"] == [("Police", 3)]
    assert police_kind["category"] == [
        ("No answer by the deadline (deemed refusal)", 2),
        ("Refusal citing CPC Art. 201 (pre-trial secrecy)", 1),
    ]


def test_the_ranking_puts_the_bodies_with_most_silences_and_refusals_first(
    dataset: None, client: Client
) -> None:
    signed_in(client, member("analyst", Role.NGO_STAFF))

    response = client.get(DASHBOARD, {"year": "2026"})

    ranking = [(row.body.slug, row.silences, row.refusals) for row in response.context["ranking"]]
    # the akimat's late answer is neither a silence nor a refusal
    assert ranking == [("police-kz-75", 2, 1), ("akimat-kz-79", 1, 1)]


def test_a_bad_filter_is_shown_and_the_others_still_apply(dataset: None, client: Client) -> None:
    signed_in(client, member("analyst", Role.NGO_STAFF))

    response = client.get(
        DASHBOARD, {"year": "2026", "category": "rudeness", "body_kind": "akimat"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["category"]
    assert response.context["total"] == 3


def test_the_charts_are_inline_svg_with_no_script_and_no_cdn(dataset: None, client: Client) -> None:
    signed_in(client, member("analyst", Role.NGO_STAFF))

    page = client.get(DASHBOARD, {"year": "2026"}).content.decode()

    assert page.count("<svg ") == 4
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "cdn" not in page.lower()


def published_request(body_slug: str, *, visibility: str = Visibility.PUBLIC) -> InformationRequest:
    """A Mass Media Law request received Monday 2 March 2026: due Tuesday 10 March (5 WD)."""
    information_request = make_request(
        body_slug=body_slug, rule_ids=("KZ.MEDIA.36.response",), created_at=at(3, 2)
    )
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility=visibility)
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2, 11),
        recorded_by=information_request.requester,
    )
    return information_request


def replied(information_request: InformationRequest, kind: EventKind, day: int) -> None:
    record_event(
        information_request=information_request,
        kind=kind,
        occurred_at=at(3, day, 15),
        recorded_by=information_request.requester,
    )


@pytest.fixture
def requests_to_two_bodies(db: None, settings: Any) -> None:
    """The police: answered, refused, silent (and one private). The akimat: one answered."""
    settings.PUBLIC_BODY_MIN_REQUESTS = 3
    replied(published_request("police-kz-75"), EventKind.ANSWERED, 5)
    replied(published_request("police-kz-75"), EventKind.REFUSED, 6)
    published_request("police-kz-75")
    replied(published_request("police-kz-75", visibility=Visibility.PRIVATE), EventKind.ANSWERED, 3)
    replied(published_request("akimat-kz-79"), EventKind.ANSWERED, 4)
    sweep_deadlines(now=at(3, 11, 1))  # the silent one passes its deadline


def test_a_scorecard_counts_the_published_requests_of_a_body(requests_to_two_bodies: None) -> None:
    card = body_scorecard(PublicBody.objects.get(slug="police-kz-75"))

    # answered on the 5th and refused on the 6th, counted from the 2nd: 3 and 4 days
    assert (card.requests, card.answered_on_time, card.refused, card.silent) == (3, 2, 1, 1)
    assert card.median_days == 3.5
    assert card.is_public


def test_the_dashboard_hides_a_scorecard_below_the_minimum(
    requests_to_two_bodies: None, client: Client
) -> None:
    signed_in(client, member("analyst", Role.NGO_STAFF))

    response = client.get(DASHBOARD, {"year": "2026"})

    cards = [
        (card.body.slug, card.requests, card.answered_on_time, card.refused, card.silent)
        for card in response.context["scorecards"]
    ]
    assert cards == [("police-kz-75", 3, 2, 1, 1)]
    assert response.context["hidden_scorecards"] == 1
    assert "akimat-kz-79" not in response.content.decode().split('id="scorecards"', 1)[1]


def test_the_body_page_shows_the_same_scorecard_from_the_minimum_on(
    requests_to_two_bodies: None, client: Client
) -> None:
    police = client.get("/bodies/police-kz-75/")
    akimat = client.get("/bodies/akimat-kz-79/")

    figures = police.context["figures"]
    assert (police.context["count"], figures.answered_on_time, figures.refused) == (3, 2, 1)
    assert (figures.silent, figures.median_days) == (1, 3.5)
    assert (akimat.context["count"], akimat.context["figures"]) == (1, None)


def test_a_body_with_one_answer_has_that_answers_days_as_its_median(
    requests_to_two_bodies: None,
) -> None:
    card = body_scorecard(PublicBody.objects.get(slug="akimat-kz-79"))

    assert (card.requests, card.median_days, card.is_public) == (1, 2, False)


def test_a_body_without_published_requests_has_an_empty_scorecard(db: None) -> None:
    card = body_scorecard(PublicBody.objects.get(slug="police-kz-75"))

    assert (card.requests, card.answered_on_time, card.median_days) == (0, 0, None)


@pytest.mark.parametrize("role", [Role.JOURNALIST, Role.EDITOR])
def test_the_dashboard_is_a_404_for_a_journalist_or_an_editor(
    dataset: None, client: Client, role: Role
) -> None:
    response = signed_in(client, member("someone", role)).get(DASHBOARD)

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/monitoring/dashboard/"


@pytest.mark.parametrize(
    "user",
    [
        lambda: member("ngo-staff", Role.NGO_STAFF),
        lambda: member("ngo-admin", Role.ADMIN),
        lambda: User.objects.create_user(username="root", is_staff=True, is_superuser=True),
    ],
    ids=["ngo staff", "monitoring organisation's administrator", "superuser"],
)
def test_the_dashboard_opens_for_ngo_staff(dataset: None, client: Client, user: Any) -> None:
    response = signed_in(client, user()).get(DASHBOARD)

    assert response.status_code == 200
