"""The dataset keepers' violations API: NGO staff write drafts (from a request they may read, or
by hand), verify and publish them through the review services; nobody else reaches it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.monitoring.models import ReviewState, Violation
from tests.api.tokens import client_for
from tests.factories import UserFactory, make_ngo_staff, make_request

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=ALMATY)
LIST = "/api/v1/dataset/violations/"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def staff() -> User:
    return make_ngo_staff(username="timur")


@pytest.fixture
def journalist() -> User:
    user: User = UserFactory.create(username="dana", first_name="Дана", last_name="Маричева")
    return user


def refusal_by_hand() -> dict[str, object]:
    return {
        "category": "refusal",
        "occurred_on": "2026-03-10",
        "public_body": "police-kz-75",
        "public_description": "ДП отказал со ссылкой на ст. 201 УПК",
    }


def test_staff_write_a_violation_from_their_request_and_the_body_and_region_are_filled(
    staff: User,
) -> None:
    # given: a request of the staff member's own, to the Almaty police
    information_request = make_request(requester=staff)

    # when: only the category, the date and the request are given
    response = client_for(staff).post(
        LIST,
        {
            "information_request": information_request.pk,
            "category": "refusal",
            "occurred_on": "2026-03-12",
        },
        format="json",
    )

    # then: a draft of block B, with the request's body and the body's region
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["block"] == "B"
    assert body["public_body"] == "police-kz-75"
    assert body["region"] == "KZ-75"
    assert body["review_state"] == "draft"
    assert body["information_request"] == information_request.pk
    stored = Violation.objects.get(pk=body["id"])
    assert (stored.information_request_id, stored.occurred_on) == (
        information_request.pk,
        date(2026, 3, 12),
    )


def test_a_request_the_staff_member_may_not_read_is_refused_and_nothing_is_saved(
    staff: User, journalist: User
) -> None:
    # given: a private request of a journalist of no organisation of the staff member's
    private = make_request(requester=journalist)

    # when
    response = client_for(staff).post(
        LIST,
        {"information_request": private.pk, "category": "refusal", "occurred_on": "2026-03-12"},
        format="json",
    )

    # then: the same answer as for a request that does not exist
    assert response.status_code == 400
    assert response.json() == {
        "information_request": [f'Invalid pk "{private.pk}" - object does not exist.']
    }
    assert Violation.objects.count() == 0


def test_a_second_violation_of_the_same_category_for_one_request_is_refused(staff: User) -> None:
    # given
    information_request = make_request(requester=staff)
    payload = {
        "information_request": information_request.pk,
        "category": "refusal",
        "occurred_on": "2026-03-12",
    }
    assert client_for(staff).post(LIST, payload, format="json").status_code == 201

    # when
    response = client_for(staff).post(LIST, payload, format="json")

    # then
    assert response.status_code == 400
    assert response.json() == {
        "information_request": [
            "A violation of this category is already recorded for this request."
        ]
    }
    assert Violation.objects.count() == 1


def test_a_date_in_the_future_is_refused_in_the_callers_language(staff: User) -> None:
    # given: today is 20.03.2026 in Almaty
    payload = {**refusal_by_hand(), "occurred_on": "2026-03-22"}

    # when
    response = client_for(staff, language="ru").post(LIST, payload, format="json")

    # then
    assert response.status_code == 400
    assert response.json() == {
        "occurred_on": ["Нарушение не могло произойти 22.03.2026: эта дата ещё не наступила."]
    }
    assert Violation.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"block": "A"},
            "category",
            "category “refusal” belongs to block B, not A",
        ),
        ({"category": "no_such_category"}, "category", "unknown category “no_such_category”"),
        ({"amount_claimed_kzt": "-5.00"}, "amount_claimed_kzt", "An amount cannot be negative."),
        (
            {"reported_on": "2026-03-09"},
            "reported_on",
            "It cannot be reported before it happened.",
        ),
        ({"region": "KZ-71"}, "region", "The body is in another region."),
    ],
)
def test_an_impossible_fact_is_refused_naming_its_field(
    staff: User, change: dict[str, str], field: str, message: str
) -> None:
    # when
    response = client_for(staff).post(LIST, {**refusal_by_hand(), **change}, format="json")

    # then
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert Violation.objects.count() == 0


def test_a_verified_violation_is_not_edited_until_it_is_returned_to_draft(staff: User) -> None:
    # given
    created = client_for(staff).post(LIST, refusal_by_hand(), format="json").json()
    client_for(staff).post(f"{LIST}{created['id']}/verify/")

    # when
    response = client_for(staff).patch(
        f"{LIST}{created['id']}/", {"public_description": "Другой текст"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json() == {"detail": ["Only a draft can be edited: return it to draft first."]}
    stored = Violation.objects.get(pk=created["id"])
    assert stored.public_description == "ДП отказал со ссылкой на ст. 201 УПК"
    assert stored.review_state == ReviewState.VERIFIED


def test_a_draft_is_edited_verified_published_and_read_in_the_open_data(staff: User) -> None:
    # given
    created = client_for(staff).post(LIST, refusal_by_hand(), format="json").json()
    violation = f"{LIST}{created['id']}/"

    # when
    edited = client_for(staff).patch(violation, {"article": "УПК 201"}, format="json")
    verified = client_for(staff).post(f"{violation}verify/")
    published = client_for(staff).post(f"{violation}publish/")
    open_data = client_for(None).get(f"/api/v1/violations/{created['id']}/")

    # then
    assert edited.status_code == 200
    assert (verified.status_code, verified.json()["review_state"]) == (200, "verified")
    assert published.status_code == 200
    assert published.json()["review_state"] == "published"
    assert published.json()["reviewed_by"] == "timur"
    assert open_data.status_code == 200
    assert open_data.json()["article"] == "УПК 201"
    assert open_data.json()["description"] == "ДП отказал со ссылкой на ст. 201 УПК"


def test_a_draft_is_not_published_before_it_is_verified(staff: User) -> None:
    # given
    created = client_for(staff).post(LIST, refusal_by_hand(), format="json").json()

    # when
    response = client_for(staff).post(f"{LIST}{created['id']}/publish/")

    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": ["A violation in state “Draft” cannot become “Published”."]
    }
    assert Violation.objects.get(pk=created["id"]).review_state == ReviewState.DRAFT


def test_publishing_a_text_that_names_the_requester_is_refused_naming_the_words(
    staff: User,
) -> None:
    # given: a violation from the staff member's request whose public text names them
    staff.first_name, staff.last_name = "Тимур", "Калдарбеков"
    staff.save(update_fields=["first_name", "last_name"])
    information_request: InformationRequest = make_request(requester=staff)
    created = (
        client_for(staff)
        .post(
            LIST,
            {
                "information_request": information_request.pk,
                "category": "refusal",
                "occurred_on": "2026-03-12",
                "public_description": "Калдарбекову отказали в ответе",
            },
            format="json",
        )
        .json()
    )
    client_for(staff).post(f"{LIST}{created['id']}/verify/")

    # when
    response = client_for(staff).post(f"{LIST}{created['id']}/publish/")

    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": [
            "The public text names a victim who has not agreed to be named, or the requester of "
            "the linked request: “Калдарбекову”. Remove these words before publishing."
        ]
    }
    assert Violation.objects.get(pk=created["id"]).review_state == ReviewState.VERIFIED


def test_staff_list_drafts_and_filter_them_by_review_state(staff: User) -> None:
    # given: a draft and a verified violation
    first = client_for(staff).post(LIST, refusal_by_hand(), format="json").json()
    second = (
        client_for(staff)
        .post(LIST, {**refusal_by_hand(), "occurred_on": "2026-03-11"}, format="json")
        .json()
    )
    client_for(staff).post(f"{LIST}{second['id']}/verify/")

    # when
    everything = client_for(staff).get(LIST).json()
    drafts = client_for(staff).get(LIST, {"review_state": "draft"}).json()

    # then: newest event first
    assert [row["id"] for row in everything["results"]] == [second["id"], first["id"]]
    assert [row["id"] for row in drafts["results"]] == [first["id"]]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", LIST),
        ("post", LIST),
        ("get", "{violation}"),
        ("patch", "{violation}"),
        ("post", "{violation}verify/"),
        ("post", "{violation}publish/"),
    ],
)
def test_anyone_but_staff_is_refused_and_nothing_changes(
    journalist: User, staff: User, method: str, path: str
) -> None:
    # given: a draft, and a journalist and an anonymous caller
    created = client_for(staff).post(LIST, refusal_by_hand(), format="json").json()
    address = path.format(violation=f"{LIST}{created['id']}/")

    # when
    as_journalist = getattr(client_for(journalist), method)(
        address, refusal_by_hand(), format="json"
    )
    anonymous = getattr(client_for(None), method)(address, refusal_by_hand(), format="json")

    # then: a 404 to the journalist (as for a missing violation), a 401 to the anonymous caller
    assert as_journalist.status_code == 404
    assert anonymous.status_code == 401
    assert list(Violation.objects.values_list("id", "review_state")) == [
        (created["id"], ReviewState.DRAFT)
    ]


def test_the_block_is_taken_from_the_category_and_asked_for_one_that_fits_any_block(
    staff: User,
) -> None:
    # given: "threat" belongs to block A; "other" fits any block
    threat = {"category": "threat", "occurred_on": "2026-03-10"}
    other = {"category": "other", "occurred_on": "2026-03-10"}

    # when
    recorded = client_for(staff).post(LIST, threat, format="json")
    refused = client_for(staff, language="kk").post(LIST, other, format="json")

    # then
    assert (recorded.status_code, recorded.json()["block"]) == (201, "A")
    assert refused.status_code == 400
    assert refused.json() == {
        "block": ["Блокты көрсетіңіз: бұл санат кез келген блокқа сәйкес келеді."]
    }
    assert Violation.objects.count() == 1


def test_staff_filter_by_request_and_a_filter_value_that_is_no_id_is_refused(staff: User) -> None:
    # given: one violation from a request, one entered by hand
    information_request = make_request(requester=staff)
    from_request = (
        client_for(staff)
        .post(
            LIST,
            {
                "information_request": information_request.pk,
                "category": "silence",
                "occurred_on": "2026-03-12",
            },
            format="json",
        )
        .json()
    )
    client_for(staff).post(LIST, refusal_by_hand(), format="json")

    # when
    filtered = client_for(staff).get(LIST, {"information_request": information_request.pk})
    refused = client_for(staff).get(LIST, {"information_request": "1.5"})

    # then
    assert [row["id"] for row in filtered.json()["results"]] == [from_request["id"]]
    assert refused.status_code == 400
    assert refused.json() == {"information_request": ["Enter a whole number."]}
