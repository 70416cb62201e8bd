"""The account pages a visitor opens render in each interface language, inside the shared layout."""

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "kk", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "/accounts/signup/",
        "/accounts/signup/sent/",
        "/accounts/login/?next=/accounts/profile/",
        "/accounts/password-reset/",
        "/accounts/password-reset/sent/",
        "/accounts/password-reset/complete/",
    ],
)
def test_an_account_page_renders_in_the_shared_layout(
    client: Client, path: str, language: str
) -> None:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert 'class="site-header"' in page


@pytest.mark.django_db
def test_the_sign_in_page_keeps_the_next_address(client: Client) -> None:
    response = client.get("/accounts/login/?next=/accounts/profile/")

    page = response.content.decode()
    assert '<input type="hidden" name="next" value="/accounts/profile/">' in page


@pytest.mark.django_db
def test_signing_out_is_a_post_that_leads_home(client: Client) -> None:
    refused = client.get("/accounts/logout/")
    response = client.post("/accounts/logout/")

    assert refused.status_code == 405
    assert response.status_code == 302
    assert response["Location"] == "/"
