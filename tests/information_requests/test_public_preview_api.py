"""The API's preview of a request's public form: the owner sees what the public page will show
and how each file stands, then publishes with the files she confirms."""

import pytest
from rest_framework.test import APIClient

from requests_tracker.information_requests.models import EvidenceFile, Visibility
from tests.api.tokens import token_for
from tests.factories import UserFactory
from tests.information_requests.publishing_fixtures import (
    PNG,
    anna,
    pdf_with_text,
    receive_reply,
    submitted_request,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_settings")]


def client_of(user: object) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="ru")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")  # type: ignore[arg-type]
    return client


def test_the_owner_previews_the_public_form_then_publishes_the_file_she_confirms() -> None:
    # given: Анна's request, answered by email naming her, with a clean PDF and a photo
    requester = anna()
    information_request = submitted_request(requester)
    receive_reply(
        information_request,
        text="Уважаемая Анна Сергеевна! Статистика прилагается.",
        files=[
            ("statistika.pdf", pdf_with_text("Statistics 2026: 1204 appeals"), "application/pdf"),
            ("photo.png", PNG, "image/png"),
        ],
    )
    files = {
        evidence.original_name: evidence.pk
        for evidence in EvidenceFile.objects.filter(event__information_request=information_request)
    }
    client = client_of(requester)
    preview_address = f"/api/v1/requests/{information_request.pk}/public-preview/"

    # when: she previews
    preview = client.get(preview_address)

    # then: the public form, her name removed, the photo withheld until she confirms it
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["subject"] == "Статистика обращений"
    assert body["questions"] == "Прошу сообщить число обращений граждан за 2026 год."
    assert body["show_requester_name"] is False
    assert [event["kind"] for event in body["events"]] == [
        "created",
        "submitted",
        "reply_received",
    ]
    reply = body["events"][2]
    assert reply["reply_text"].strip() == "Уважаемая [скрыто]! Статистика прилагается."
    assert [
        (attachment["id"], attachment["state"], attachment["is_published"])
        for attachment in reply["attachments"]
    ] == [
        (files["statistika.pdf"], "clean", True),
        (files["photo.png"], "withheld", False),
    ]
    information_request.refresh_from_db()
    assert information_request.visibility == Visibility.PRIVATE

    # when: she publishes, confirming the photo, and previews again
    published = client.post(
        f"/api/v1/requests/{information_request.pk}/publish/",
        {"confirmed_attachments": [files["photo.png"]]},
        format="json",
    )
    again = client.get(preview_address).json()

    # then: both files are on the public page
    assert published.status_code == 200
    assert [
        (attachment["state"], attachment["is_published"])
        for attachment in again["events"][2]["attachments"]
    ] == [("clean", True), ("confirmed", True)]


def test_nobody_but_the_owner_previews_her_request() -> None:
    # given
    information_request = submitted_request(anna())
    outsider = UserFactory.create(username="outsider")

    # when
    responses = [
        client_of(outsider).get(f"/api/v1/requests/{information_request.pk}/public-preview/"),
        APIClient().get(f"/api/v1/requests/{information_request.pk}/public-preview/"),
    ]

    # then
    assert [response.status_code for response in responses] == [404, 401]
