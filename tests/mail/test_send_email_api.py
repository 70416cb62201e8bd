"""Sending a request by email and downloading its evidence: only for those the request allows."""

import zipfile
from io import BytesIO

import pytest
from django.test import Client
from rest_framework.test import APIClient

from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.mail.models import OutgoingEmail
from tests.factories import UserFactory, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def information_request() -> InformationRequest:
    PublicBody.objects.filter(slug="police-kz-75").update(email="kense@police.example.kz")
    return make_request()


def send_url(pk: int) -> str:
    return f"/api/v1/requests/{pk}/send-email/"


def bundle_url(pk: int) -> str:
    return f"/api/v1/requests/{pk}/evidence-bundle/"


def test_the_requester_queues_the_email_and_gets_202(
    api_client: APIClient, information_request: InformationRequest
) -> None:
    api_client.force_authenticate(information_request.requester)

    response = api_client.post(send_url(information_request.pk), {"intent": "request"})

    assert response.status_code == 202
    outgoing = OutgoingEmail.objects.get()
    assert response.json()["id"] == outgoing.pk
    assert response.json()["status"] == "pending"
    assert response.json()["to_address"] == "kense@police.example.kz"
    assert (response.json()["attempts"], response.json()["last_error"]) == (0, "")


def test_the_requester_downloads_the_evidence_bundle_as_a_zip(
    api_client: APIClient, information_request: InformationRequest
) -> None:
    api_client.force_authenticate(information_request.requester)

    response = api_client.get(bundle_url(information_request.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="request-{information_request.pk}-evidence.zip"'
    )
    archive = zipfile.ZipFile(BytesIO(response.content))
    assert archive.namelist() == ["manifest.json"]


def test_an_outsider_gets_404_on_both_endpoints_and_nothing_is_queued(
    api_client: APIClient, information_request: InformationRequest
) -> None:
    api_client.force_authenticate(UserFactory.create())

    sending = api_client.post(send_url(information_request.pk), {"intent": "request"})
    bundle = api_client.get(bundle_url(information_request.pk))

    assert (sending.status_code, bundle.status_code) == (404, 404)
    assert OutgoingEmail.objects.count() == 0


def test_an_anonymous_caller_gets_401_on_both_endpoints(
    api_client: APIClient, information_request: InformationRequest
) -> None:
    sending = api_client.post(send_url(information_request.pk), {"intent": "request"})
    bundle = api_client.get(bundle_url(information_request.pk))

    assert (sending.status_code, bundle.status_code) == (401, 401)
    assert OutgoingEmail.objects.count() == 0


def test_the_request_page_offers_sending_once(
    client: Client, information_request: InformationRequest
) -> None:
    # given
    client.force_login(information_request.requester)
    page = f"/requests/{information_request.pk}/"
    assert "Send by email" in client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # when
    response = client.post(
        f"/requests/{information_request.pk}/send-email/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    # then
    text = response.content.decode()
    assert (
        "The letter to kense@police.example.kz is queued and will be sent as soon as possible."
        in text
    )
    assert "Queued: it will be sent as soon as possible." in text
    assert "Send by email" not in text
    assert f"/api/v1/requests/{information_request.pk}/evidence-bundle/" in text
    assert OutgoingEmail.objects.get().intent == "request"
