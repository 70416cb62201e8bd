"""django-axes locks a username out from one address after too many failed sign-ins."""

import pytest
from django.test import Client

from requests_tracker.accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def axes_on(settings) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


@pytest.mark.django_db
def test_after_the_failure_limit_even_the_right_password_is_locked_out(
    axes_on: None, client: Client
) -> None:
    UserFactory.create(username="dana")
    for _attempt in range(2):
        failed = client.post("/accounts/login/", {"username": "dana", "password": "guess"})
        assert failed.status_code == 200  # the form again, with its error

    third = client.post("/accounts/login/", {"username": "dana", "password": "guess"})
    with_right_password = client.post(
        "/accounts/login/", {"username": "dana", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert third.status_code == 429
    assert with_right_password.status_code == 429
    page = with_right_password.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "failed 3 times in a row" in page
    assert "Try again in 1\xa0hour." in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_another_username_from_the_same_address_can_still_sign_in(
    axes_on: None, client: Client
) -> None:
    UserFactory.create(username="dana")
    other = UserFactory.create(username="timur")
    for _attempt in range(3):
        client.post("/accounts/login/", {"username": "dana", "password": "guess"})

    response = client.post("/accounts/login/", {"username": "timur", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.django_db
def test_a_successful_sign_in_resets_the_failure_count(axes_on: None, client: Client) -> None:
    dana = UserFactory.create(username="dana")
    for _attempt in range(2):
        client.post("/accounts/login/", {"username": "dana", "password": "guess"})
    client.post("/accounts/login/", {"username": "dana", "password": PASSWORD})
    client.post("/accounts/logout/")

    for _attempt in range(2):
        client.post("/accounts/login/", {"username": "dana", "password": "guess"})
    response = client.post("/accounts/login/", {"username": "dana", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(dana.pk)
    assert User.objects.get(username="dana").is_active is True
