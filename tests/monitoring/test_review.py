"""The review of the dataset: draft → verified → published, by NGO staff only, step by step."""

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.demo import JOURNALIST
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.services import (
    publish_violation,
    return_to_draft,
    verify_violation,
)
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def journalist(demo_data: None) -> User:
    return User.objects.get(username=JOURNALIST.username)


@pytest.fixture
def silence() -> Violation:
    """The draft the sweep records for a Mass Media Law request left unanswered."""
    requester = User.objects.create(
        username="dana", first_name="Дана", last_name="Журналистова", email="dana@example.org"
    )
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",),
        created_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY),
        requester=requester,
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        recorded_by=requester,
    )
    # due Tuesday 10 March (5 working days); the sweep runs just after that day ends
    sweep_deadlines(now=datetime(2026, 3, 11, 0, 5, tzinfo=ALMATY))
    return Violation.objects.get()


def state(violation: Violation) -> tuple[str, int | None]:
    violation.refresh_from_db()
    return violation.review_state, violation.reviewed_by_id


def test_a_silent_request_past_its_deadline_yields_exactly_one_draft_violation(
    silence: Violation,
) -> None:
    body = PublicBody.objects.get(slug="police-kz-75")

    assert Violation.objects.count() == 1
    assert (silence.block, silence.category, silence.review_state) == ("B", "silence", "draft")
    assert (silence.occurred_on, silence.public_body, silence.region) == (
        date(2026, 3, 11),
        body,
        body.region,
    )
    # nothing of the requester is copied into the violation
    assert silence.description == "KZ.MEDIA.36.response: no answer by 10.03.2026"
    assert (silence.victim_name, silence.victim_outlet, silence.correspondent) == ("", "", "")
    assert silence.victim_consents_to_publication is False


def test_ngo_staff_verify_then_publish_and_are_recorded_as_reviewer(
    silence: Violation, ngo_staff: User
) -> None:
    verify_violation(violation=silence, user=ngo_staff)
    assert state(silence) == ("verified", ngo_staff.pk)

    publish_violation(violation=silence, user=ngo_staff)
    assert state(silence) == ("published", ngo_staff.pk)


def test_a_journalist_may_neither_verify_nor_publish_and_nothing_changes(
    silence: Violation, ngo_staff: User, journalist: User
) -> None:
    with pytest.raises(DomainError, match="Only NGO staff may review"):
        verify_violation(violation=silence, user=journalist)
    assert state(silence) == ("draft", None)

    verify_violation(violation=silence, user=ngo_staff)
    with pytest.raises(DomainError, match="Only NGO staff may review"):
        publish_violation(violation=silence, user=journalist)
    assert state(silence) == ("verified", ngo_staff.pk)


def test_a_draft_cannot_be_published_directly(silence: Violation, ngo_staff: User) -> None:
    with pytest.raises(DomainError, match="A violation in state “Draft” cannot become “Published”"):
        publish_violation(violation=silence, user=ngo_staff)

    assert state(silence) == ("draft", None)


def test_a_published_violation_cannot_be_verified_again(
    silence: Violation, ngo_staff: User
) -> None:
    verify_violation(violation=silence, user=ngo_staff)
    publish_violation(violation=silence, user=ngo_staff)

    with pytest.raises(DomainError, match="“Published” cannot become “Verified”"):
        verify_violation(violation=silence, user=ngo_staff)
    with pytest.raises(DomainError, match="“Published” cannot become “Published”"):
        publish_violation(violation=silence, user=ngo_staff)

    assert state(silence) == ("published", ngo_staff.pk)


def test_returning_to_draft_takes_a_violation_out_of_review(
    silence: Violation, ngo_staff: User
) -> None:
    verify_violation(violation=silence, user=ngo_staff)
    publish_violation(violation=silence, user=ngo_staff)

    return_to_draft(violation=silence, user=ngo_staff)

    assert state(silence) == ("draft", None)
    with pytest.raises(DomainError, match="“Draft” cannot become “Draft”"):
        return_to_draft(violation=silence, user=ngo_staff)


def test_publishing_is_refused_while_the_public_description_names_the_requester(
    silence: Violation, ngo_staff: User
) -> None:
    Violation.objects.filter(pk=silence.pk).update(
        public_description="Дана Журналистова не получила ответа"
    )
    verify_violation(violation=silence, user=ngo_staff)

    with pytest.raises(DomainError, match="“Дана”, “Журналистова”"):
        publish_violation(violation=silence, user=ngo_staff)

    assert state(silence) == ("verified", ngo_staff.pk)


def test_the_internal_description_may_name_the_requester_it_is_never_published(
    silence: Violation, ngo_staff: User
) -> None:
    Violation.objects.filter(pk=silence.pk).update(
        description="Дана Журналистова не получила ответа"
    )
    verify_violation(violation=silence, user=ngo_staff)

    publish_violation(violation=silence, user=ngo_staff)

    assert state(silence) == ("published", ngo_staff.pk)


# --- The pages ------------------------------------------------------------------------------


def test_staff_verify_and_publish_from_the_list(
    silence: Violation, ngo_staff: User, ngo_staff_client: Client
) -> None:
    response = ngo_staff_client.get("/monitoring/violations/?state=draft&block=B&month=2026-03")
    assert list(response.context["page"].object_list) == [silence]

    ngo_staff_client.post(
        f"/monitoring/violations/{silence.pk}/review/verify/",
        {"next": "/monitoring/violations/?state=draft"},
    )
    response = ngo_staff_client.post(f"/monitoring/violations/{silence.pk}/review/publish/")

    assert response.status_code == 302
    assert state(silence) == ("published", ngo_staff.pk)
    response = ngo_staff_client.get("/monitoring/violations/?month=2026-04")
    assert list(response.context["page"].object_list) == []


def test_staff_add_a_violation_by_hand_as_a_draft(ngo_staff_client: Client) -> None:
    body = PublicBody.objects.get(slug="police-kz-75")

    response = ngo_staff_client.post(
        "/monitoring/violations/new/",
        {
            "block": "A",
            "category": "detention",
            "occurred_on": "2026-03-05",
            "public_body": body.pk,
            "victim_type": "journalist",
            "victim_name": "Айгерим Садыкова",
            "perpetrator_type": "law_enforcement",
            "amount_claimed_kzt": "",
            "source_url": "https://adilsoz.kz/news/1",
            "description": "Задержана на митинге",
        },
    )

    assert response.status_code == 302
    violation = Violation.objects.get()
    assert (violation.block, violation.category, violation.review_state) == (
        "A",
        "detention",
        "draft",
    )
    assert (violation.public_body, violation.region) == (body, body.region)
    assert violation.victim_consents_to_publication is False


def test_the_form_refuses_a_category_of_another_block_and_a_negative_amount(
    ngo_staff_client: Client,
) -> None:
    ngo_staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages checked
    response = ngo_staff_client.post(
        "/monitoring/violations/new/",
        {
            "block": "A",
            "category": "refusal",
            "occurred_on": "2026-03-05",
            "amount_claimed_kzt": "-1",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "category": ["category “refusal” belongs to block B, not A"],
        "amount_claimed_kzt": ["An amount cannot be negative."],
    }
    assert Violation.objects.count() == 0


def test_a_verified_violation_cannot_be_edited(
    silence: Violation, ngo_staff: User, ngo_staff_client: Client
) -> None:
    verify_violation(violation=silence, user=ngo_staff)

    response = ngo_staff_client.post(
        f"/monitoring/violations/{silence.pk}/edit/",
        {"block": "B", "category": "refusal", "occurred_on": "2026-03-11"},
    )

    assert response.status_code == 302
    silence.refresh_from_db()
    assert (silence.category, silence.review_state) == ("silence", "verified")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/monitoring/violations/"),
        ("get", "/monitoring/violations/new/"),
        ("get", "/monitoring/violations/{pk}/edit/"),
        ("post", "/monitoring/violations/{pk}/review/verify/"),
        ("get", "/monitoring/violations/import/"),
    ],
)
def test_the_staff_pages_are_a_404_for_a_journalist_and_ask_a_visitor_to_sign_in(
    silence: Violation, journalist: User, client: Client, method: str, path: str
) -> None:
    url = path.format(pk=silence.pk)

    anonymous = getattr(client, method)(url)
    client.force_login(journalist)
    signed_in = getattr(client, method)(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert signed_in.status_code == 404
    assert state(silence) == ("draft", None)


def test_the_staff_pages_render_in_russian(silence: Violation, ngo_staff_client: Client) -> None:
    with translation.override("ru"):
        for path in (
            "/monitoring/violations/",
            "/monitoring/violations/new/",
            f"/monitoring/violations/{silence.pk}/edit/",
            "/monitoring/violations/import/",
        ):
            assert ngo_staff_client.get(path, HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
