"""The pages and the API ask the policy: a published request opens only its public page to an
outsider; a colleague editor may change a shared request but not publish it; a superuser's read
of someone else's private request is in the access log."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from requests_tracker.accounts.models import AccessLogEntry
from requests_tracker.information_requests.models import InformationRequest, Visibility

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)


def test_an_outsider_gets_only_the_public_page_of_a_published_request(
    subjects: dict[str, Any], request_in: Callable[[str], InformationRequest]
) -> None:
    # given
    published = request_in("public")
    pk = published.pk
    client, api = Client(), APIClient()
    client.force_login(subjects["outsider"])
    api.force_authenticate(subjects["outsider"])

    # when
    answers = {
        "full page": client.get(f"/requests/{pk}/").status_code,
        "address sheet": client.get(f"/requests/{pk}/address-sheet/").status_code,
        "letter": api.get(f"/api/v1/requests/{pk}/letter/?as=pdf").status_code,
        "evidence bundle": api.get(f"/api/v1/requests/{pk}/evidence-bundle/").status_code,
        "public page": client.get(f"/public/requests/{pk}/").status_code,
    }

    # then
    assert answers == {
        "full page": 404,
        "address sheet": 404,
        "letter": 404,
        "evidence bundle": 404,
        "public page": 200,
    }


def test_a_colleague_editor_may_not_publish_a_shared_request(
    subjects: dict[str, Any], request_in: Callable[[str], InformationRequest]
) -> None:
    # given
    shared = request_in("organization")
    client = Client()
    client.force_login(subjects["colleague editor"])

    # when
    page = client.get(f"/requests/{shared.pk}/")
    response = client.post(f"/requests/{shared.pk}/visibility/", {"visibility": "public"})

    # then: the page offers no visibility form, and the post is a 404 that changes nothing
    assert (page.status_code, page.context["visibility_form"]) == (200, None)
    assert page.context["editable"] is True
    assert response.status_code == 404
    shared.refresh_from_db()
    assert shared.visibility == Visibility.ORGANIZATION


@time_machine.travel(AT, tick=False)
def test_a_superusers_read_of_someone_elses_private_request_is_logged(
    subjects: dict[str, Any], request_in: Callable[[str], InformationRequest]
) -> None:
    # given
    private = request_in("private")
    root = subjects["superuser"]
    client, api = Client(), APIClient()
    client.force_login(root)
    api.force_authenticate(root)

    # when
    page = client.get(f"/requests/{private.pk}/")
    bundle = api.get(f"/api/v1/requests/{private.pk}/evidence-bundle/")

    # then
    assert (page.status_code, bundle.status_code) == (200, 200)
    assert list(
        AccessLogEntry.objects.order_by("id").values_list(
            "user", "at", "information_request_id", "kind"
        )
    ) == [(root.pk, AT, private.pk, "read"), (root.pk, AT, private.pk, "read")]


def test_the_owners_read_of_their_own_private_request_is_not_logged(
    subjects: dict[str, Any], request_in: Callable[[str], InformationRequest]
) -> None:
    private = request_in("private")
    client = Client()
    client.force_login(subjects["owner"])

    assert client.get(f"/requests/{private.pk}/").status_code == 200
    assert AccessLogEntry.objects.count() == 0
