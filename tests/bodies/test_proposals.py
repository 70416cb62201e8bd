"""Contacts proposed by users and reviewed by NGO staff: nothing changes without a review."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import (
    BodyContact,
    ContactOrigin,
    ContactProposal,
    ProposalState,
    PublicBody,
)
from requests_tracker.bodies.proposals import accept_proposal, propose_contact, reject_proposal
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.demo import JOURNALIST, NGO_STAFF

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 2, 10, tzinfo=ALMATY)
PROPOSAL = {
    "kind": "email",
    "value": "kense@police-almaty.kz",
    "source_url": "https://police.kz/almaty/kontakty",
    "source_note": "",
}


@pytest.fixture
def journalist(demo_data: None) -> User:
    return User.objects.get(username=JOURNALIST.username)


@pytest.fixture
def staff(demo_data: None) -> User:
    return User.objects.get(username=NGO_STAFF.username)


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def a_proposal(journalist: User, **changes: object) -> ContactProposal:
    return propose_contact(
        body=PublicBody.objects.get(slug="akimat-kz-71"),
        **{**PROPOSAL, "replaces": None, **changes},  # type: ignore[arg-type]
        proposed_by=journalist,
        now=NOW,
    )


@pytest.mark.django_db
def test_an_anonymous_visitor_cannot_propose_a_contact(client: Client) -> None:
    response = client.post("/bodies/akimat-kz-71/propose-contact/", PROPOSAL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert ContactProposal.objects.count() == 0


@pytest.mark.django_db
def test_a_journalists_proposal_waits_and_changes_nothing(client: Client, journalist: User) -> None:
    signed_in(client, journalist)

    response = client.post(
        "/bodies/akimat-kz-71/propose-contact/",
        {**PROPOSAL, "idempotency_key": "k1"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    proposal = ContactProposal.objects.get()
    body = PublicBody.objects.get(slug="akimat-kz-71")
    page = response.content.decode()
    assert (proposal.state, proposal.value, proposal.proposed_by) == (
        "pending",
        PROPOSAL["value"],
        journalist,
    )
    assert body.email == ""
    assert body.contacts.count() == 0
    assert "Thank you: NGO staff will check the contact before it is shown." in page
    assert "kense@police-almaty.kz — <strong>Waiting for review</strong>" in page


@pytest.mark.django_db
def test_the_same_proposal_posted_twice_with_its_key_is_made_once(
    client: Client, journalist: User
) -> None:
    signed_in(client, journalist)
    for _ in range(2):
        client.post("/bodies/akimat-kz-71/propose-contact/", {**PROPOSAL, "idempotency_key": "k2"})

    assert ContactProposal.objects.count() == 1


@pytest.mark.django_db
def test_a_bad_proposal_is_refused_in_the_users_language(client: Client, journalist: User) -> None:
    signed_in(client, journalist)

    response = client.post(
        "/bodies/akimat-kz-71/propose-contact/",
        {**PROPOSAL, "value": "kense.akimat.kz"},
        HTTP_ACCEPT_LANGUAGE="ru",
        follow=True,
    )

    assert "Введите правильный адрес электронной почты." in response.content.decode()
    assert ContactProposal.objects.count() == 0


@pytest.mark.django_db
def test_a_journalist_cannot_see_or_review_the_proposals(client: Client, journalist: User) -> None:
    proposal = a_proposal(journalist)
    signed_in(client, journalist)

    listing = client.get("/directory/proposals/")
    accepting = client.post(f"/directory/proposals/{proposal.pk}/accept/")

    proposal.refresh_from_db()
    assert (listing.status_code, accepting.status_code) == (404, 404)
    assert proposal.state == ProposalState.PENDING
    assert BodyContact.objects.filter(body=proposal.body).count() == 0
    with (
        translation.override("en"),
        pytest.raises(DomainError, match=re.escape("Only NGO staff may review contact proposals.")),
    ):
        accept_proposal(proposal=proposal, reviewer=journalist, now=NOW)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_staff_accept_and_the_contact_appears_with_its_source_and_date(
    client: Client, journalist: User, staff: User
) -> None:
    proposal = a_proposal(journalist)
    signed_in(client, staff)
    listing = client.get("/directory/proposals/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    response = client.post(f"/directory/proposals/{proposal.pk}/accept/", {"idempotency_key": "k3"})

    proposal.refresh_from_db()
    contact = BodyContact.objects.get(body__slug="akimat-kz-71")
    page = client.get("/bodies/akimat-kz-71/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "kense@police-almaty.kz" in listing
    assert response.status_code == 302
    assert (proposal.state, proposal.contact, proposal.reviewed_by) == ("accepted", contact, staff)
    assert (contact.source_url, contact.checked_on, contact.added_by) == (
        "https://police.kz/almaty/kontakty",
        date(2026, 3, 2),
        staff,
    )
    assert contact.origin == ContactOrigin.STAFF
    assert PublicBody.objects.get(slug="akimat-kz-71").email == "kense@police-almaty.kz"
    assert '<a href="mailto:kense@police-almaty.kz">' in page
    assert '<time datetime="2026-03-02">02.03.2026</time>' in page
    assert "(checked by NGO staff)" in page


@pytest.mark.django_db
def test_an_accepted_correction_retires_the_contact_it_corrects(
    journalist: User, staff: User
) -> None:
    first = accept_proposal(proposal=a_proposal(journalist), reviewer=staff, now=NOW)
    correction = a_proposal(journalist, value="priemnaya@police-almaty.kz", replaces=first)

    accept_proposal(proposal=correction, reviewer=staff, now=NOW)

    first.refresh_from_db()
    assert (first.retired_at, first.retired_by) == (NOW, staff)
    assert PublicBody.objects.get(slug="akimat-kz-71").email == "priemnaya@police-almaty.kz"


@pytest.mark.django_db
def test_a_rejected_proposal_changes_nothing_and_the_proposer_sees_why(
    client: Client, journalist: User, staff: User
) -> None:
    proposal = a_proposal(journalist)
    signed_in(client, staff)

    client.post(
        f"/directory/proposals/{proposal.pk}/reject/",
        {"reason": "Это адрес полиции, а не акимата."},
    )

    proposal.refresh_from_db()
    signed_in(client, journalist)
    page = client.get("/bodies/akimat-kz-71/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (proposal.state, proposal.rejection_reason) == (
        "rejected",
        "Это адрес полиции, а не акимата.",
    )
    assert BodyContact.objects.filter(body=proposal.body).count() == 0
    assert PublicBody.objects.get(slug="akimat-kz-71").email == ""
    assert "<strong>Rejected</strong>. Reason: Это адрес полиции, а не акимата." in page
    assert "mailto:" not in page


@pytest.mark.django_db
def test_a_rejection_needs_a_reason(client: Client, journalist: User, staff: User) -> None:
    proposal = a_proposal(journalist)
    signed_in(client, staff)

    response = client.post(
        f"/directory/proposals/{proposal.pk}/reject/",
        {"reason": " "},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
    assert "Give the reason for rejecting the proposal." in response.content.decode()
    with pytest.raises(DomainError, match=re.escape("Give the reason for rejecting the proposal.")):
        reject_proposal(proposal=proposal, reviewer=staff, reason="", now=NOW)


@pytest.mark.django_db
def test_a_reviewed_proposal_cannot_be_reviewed_again(journalist: User, staff: User) -> None:
    proposal = a_proposal(journalist)
    reject_proposal(proposal=proposal, reviewer=staff, reason="Не найдено на сайте.", now=NOW)

    with pytest.raises(DomainError, match=re.escape("This proposal was already reviewed.")):
        accept_proposal(proposal=proposal, reviewer=staff, now=NOW)

    assert BodyContact.objects.filter(body=proposal.body).count() == 0


@pytest.mark.django_db
def test_a_correction_of_another_bodys_contact_is_refused(journalist: User, staff: User) -> None:
    other = accept_proposal(proposal=a_proposal(journalist), reviewer=staff, now=NOW)

    with pytest.raises(
        DomainError, match=re.escape("The contact to correct is no longer current.")
    ):
        propose_contact(
            body=PublicBody.objects.get(slug="akimat-kz-79"),
            **{**PROPOSAL, "replaces": other},  # type: ignore[arg-type]
            proposed_by=journalist,
            now=NOW,
        )
