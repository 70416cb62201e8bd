"""A published request: an outsider gets its public page, and nothing of the requester's own."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.access.route_table.world import SOURCE_NOTE, World


def test_an_outsider_reads_the_public_page_of_a_published_request(
    world: World, db: None, client: Client
) -> None:
    # given
    published = world.requests["public"].request
    client.force_login(world.users["outsider"])

    # when
    page = client.get(f"/public/requests/{published.pk}/")

    # then
    assert page.status_code == 200
    text = page.content.decode()
    assert published.subject in text
    for private in (SOURCE_NOTE, "aigerim", "aigerim@example.org"):
        assert private not in text


@pytest.mark.parametrize(
    "path",
    [
        "/requests/{request}/",  # the full page, with the notes
        "/api/v1/requests/{request}/letter/?as=pdf",  # the letter with the requester's details
        "/api/v1/letters/{letter}/?as=docx",
        "/api/v1/requests/{request}/evidence-bundle/",  # every file, email and note
    ],
)
def test_an_outsider_is_refused_the_full_page_the_letter_and_the_bundle_of_a_published_request(
    path: str, world: World, db: None, client: Client, api_client: APIClient
) -> None:
    # given
    objects = world.requests["public"]
    caller = api_client if path.startswith("/api/") else client
    caller.force_login(world.users["outsider"])

    # when
    response = caller.get(path.format(request=objects.request.pk, letter=objects.letter.pk))

    # then
    assert response.status_code == 404
    assert SOURCE_NOTE.encode() not in response.content
