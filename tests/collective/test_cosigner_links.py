"""Every link the appeal page shows opens for the one it is shown to.

A request's full page is its requester's and their colleagues' (access.requests): a co-signer's
member reads the appeal, with each body's state, but gets no link to the initiator's requests.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from requests_tracker.accounts.models import Organization, User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective.fan_out import fan_out
from requests_tracker.collective.models import CollectiveAppeal
from requests_tracker.collective.services import add_addressees, add_cosigner, schedule_appeal
from requests_tracker.information_requests.models import InformationRequest
from tests.collective.conftest import NOW

BODIES = ("police-kz-75", "police-kz-71")

pytestmark = pytest.mark.usefixtures("undo_window")


def cosigned_and_fanned_out(appeal: CollectiveAppeal, staff: User, outlet: Organization) -> None:
    add_cosigner(
        appeal=appeal,
        organization=outlet,
        signatory_name="Вадим Борейко",
        signatory_title="главный редактор",
        user=staff,
    )
    add_addressees(appeal=appeal, bodies=PublicBody.objects.filter(slug__in=BODIES), user=staff)
    schedule_appeal(appeal=appeal, user=staff, now=NOW)
    fan_out(appeal_id=appeal.pk, now=NOW + timedelta(minutes=11))


def request_links(html: str) -> set[str]:
    return set(re.findall(r'href="(/requests/\d+/)"', html))


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_a_cosigner_sees_the_bodies_without_links_to_requests_they_cannot_open(
    appeal: CollectiveAppeal, staff: User, outlet: Organization, outlet_member: User, client: Client
) -> None:
    # given
    cosigned_and_fanned_out(appeal, staff, outlet)
    client.force_login(outlet_member)

    # when
    response = client.get(reverse("collective-appeal-detail", args=[appeal.pk]))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert request_links(html) == set()
    assert "Департамент полиции" in html  # the bodies are still listed, by name
    for information_request in InformationRequest.objects.all():
        assert client.get(f"/requests/{information_request.pk}/").status_code == 404


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_the_initiators_staff_get_a_link_to_each_request_and_it_opens(
    appeal: CollectiveAppeal, staff: User, outlet: Organization, client: Client
) -> None:
    # given
    cosigned_and_fanned_out(appeal, staff, outlet)
    client.force_login(staff)

    # when
    html = client.get(reverse("collective-appeal-detail", args=[appeal.pk])).content.decode()

    # then
    links = request_links(html)
    ids = InformationRequest.objects.values_list("pk", flat=True)
    expected = {f"/requests/{pk}/" for pk in ids}
    assert len(expected) == 2
    assert links == expected
    for link in links:
        assert client.get(link).status_code == 200
