"""Contact proposals in the API: anyone signed in proposes a contact (checked as on the body
page) and reads their own; NGO staff read them all and accept or reject them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import BodyContact, ContactProposal, ProposalState
from tests.api.tokens import client_for
from tests.factories import UserFactory, make_ngo_staff

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=ALMATY)
LIST = "/api/v1/contact-proposals/"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def staff() -> User:
    return make_ngo_staff(username="timur")


@pytest.fixture
def dana() -> User:
    user: User = UserFactory.create(username="dana")
    return user


def chancery_email() -> dict[str, str]:
    return {
        "body": "police-kz-75",
        "kind": "email",
        "value": "Kanc@Police.example.kz",
        "source_url": "https://police.example.kz/contacts",
    }


def test_a_signed_in_user_proposes_a_contact_and_the_directory_is_unchanged(dana: User) -> None:
    # given
    contacts = BodyContact.objects.count()

    # when
    response = client_for(dana).post(LIST, chancery_email(), format="json")

    # then: pending, the address as the directory stores it (lower case)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["value"], body["proposed_by"]) == (
        "pending",
        "kanc@police.example.kz",
        "dana",
    )
    assert body["created_at"] == "2026-03-20T12:00:00+05:00"
    assert BodyContact.objects.count() == contacts


def test_a_contact_without_a_source_is_refused_in_the_users_language(dana: User) -> None:
    # when
    response = client_for(dana, language="ru").post(
        LIST, {**chancery_email(), "source_url": ""}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json() == {
        "detail": ["Укажите, откуда взят контакт: адрес источника или пояснение."]
    }
    assert ContactProposal.objects.count() == 0


def test_a_user_reads_their_own_proposals_and_staff_read_all(staff: User, dana: User) -> None:
    # given: Dana's proposal and another user's
    danas = client_for(dana).post(LIST, chancery_email(), format="json").json()
    other: User = UserFactory.create(username="erlan")
    others = (
        client_for(other)
        .post(LIST, {**chancery_email(), "value": "priem@police.example.kz"}, format="json")
        .json()
    )

    # when
    seen_by_dana = client_for(dana).get(LIST).json()["results"]
    seen_by_staff = client_for(staff).get(LIST).json()["results"]
    danas_reads_others = client_for(dana).get(f"{LIST}{others['id']}/")

    # then
    assert [row["id"] for row in seen_by_dana] == [danas["id"]]
    assert [row["id"] for row in seen_by_staff] == [danas["id"], others["id"]]
    assert danas_reads_others.status_code == 404


def test_staff_accept_a_proposal_and_it_becomes_the_bodys_contact(staff: User, dana: User) -> None:
    # given
    proposal = client_for(dana).post(LIST, chancery_email(), format="json").json()

    # when
    response = client_for(staff).post(f"{LIST}{proposal['id']}/accept/")

    # then
    assert response.status_code == 200
    assert response.json()["state"] == "accepted"
    assert response.json()["reviewed_by"] == "timur"
    contact = BodyContact.objects.get(pk=response.json()["contact"])
    assert (contact.body.slug, contact.value, contact.retired_at) == (
        "police-kz-75",
        "kanc@police.example.kz",
        None,
    )


def test_staff_reject_a_proposal_with_a_reason_and_a_second_review_is_refused(
    staff: User, dana: User
) -> None:
    # given
    proposal = client_for(dana).post(LIST, chancery_email(), format="json").json()
    contacts = BodyContact.objects.count()

    # when
    without_reason = client_for(staff).post(f"{LIST}{proposal['id']}/reject/", {}, format="json")
    rejected = client_for(staff).post(
        f"{LIST}{proposal['id']}/reject/", {"reason": "Адрес не найден на сайте"}, format="json"
    )
    accepted_after = client_for(staff).post(f"{LIST}{proposal['id']}/accept/")

    # then
    assert without_reason.status_code == 400
    assert without_reason.json() == {"reason": ["This field is required."]}
    assert rejected.status_code == 200
    assert (rejected.json()["state"], rejected.json()["rejection_reason"]) == (
        "rejected",
        "Адрес не найден на сайте",
    )
    assert accepted_after.status_code == 400
    assert accepted_after.json() == {"detail": ["This proposal was already reviewed."]}
    assert BodyContact.objects.count() == contacts


@pytest.mark.parametrize("step", ["accept", "reject"])
def test_a_user_who_is_not_staff_cannot_review_even_their_own_proposal(
    dana: User, step: str
) -> None:
    # given
    proposal = client_for(dana).post(LIST, chancery_email(), format="json").json()

    # when
    response = client_for(dana).post(
        f"{LIST}{proposal['id']}/{step}/", {"reason": "Мой"}, format="json"
    )
    anonymous = client_for(None).post(f"{LIST}{proposal['id']}/{step}/", {"reason": "x"})

    # then
    assert response.status_code == 404
    assert anonymous.status_code == 401
    assert ContactProposal.objects.get().state == ProposalState.PENDING


def test_an_anonymous_caller_can_neither_propose_nor_list() -> None:
    # when
    proposed = client_for(None).post(LIST, chancery_email(), format="json")
    listed = client_for(None).get(LIST)

    # then
    assert (proposed.status_code, listed.status_code) == (401, 401)
    assert ContactProposal.objects.count() == 0
