"""The API accepts session and token authentication; reference data needs neither."""

import pytest
from rest_framework.test import APIClient

from requests_tracker.information_requests.demo import DEMO_PASSWORD, JOURNALIST


@pytest.mark.django_db
def test_a_user_exchanges_the_password_for_a_token_that_authenticates(
    demo_data: None, api_client: APIClient
) -> None:
    response = api_client.post(
        "/api/v1/auth/token/", {"username": JOURNALIST.username, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/bodies/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_password_gets_no_token(demo_data: None, api_client: APIClient) -> None:
    response = api_client.post(
        "/api/v1/auth/token/", {"username": JOURNALIST.username, "password": "guess"}
    )

    assert response.status_code == 400
    assert "token" not in response.json()


@pytest.mark.django_db
def test_a_bad_token_is_refused_even_for_public_data(api_client: APIClient) -> None:
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api_client.get("/api/v1/bodies/")

    assert response.status_code == 401
