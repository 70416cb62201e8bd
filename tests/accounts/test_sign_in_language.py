"""Signing in applies the language the user stored, not the one the browser asks for."""

import pytest
from django.test import Client

from requests_tracker.accounts.models import User

PASSWORD = "correct horse battery staple"


@pytest.mark.django_db
@pytest.mark.parametrize(("stored", "lang_attribute"), [("ru", "ru"), ("kk", "kk")])
def test_an_english_browser_signs_in_to_the_stored_language(
    client: Client, stored: str, lang_attribute: str
) -> None:
    User.objects.create_user(username="dana", password=PASSWORD, preferred_language=stored)

    signed_in = client.post(
        "/accounts/login/",
        {"username": "dana", "password": PASSWORD, "next": "/accounts/profile/"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    profile = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en")

    assert signed_in.status_code == 302
    assert signed_in.cookies["django_language"].value == stored
    assert f'<html lang="{lang_attribute}">' in profile.content.decode()


@pytest.mark.django_db
def test_a_failed_sign_in_keeps_the_browsers_language(client: Client) -> None:
    User.objects.create_user(username="dana", password=PASSWORD, preferred_language="ru")

    refused = client.post(
        "/accounts/login/", {"username": "dana", "password": "guess"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert refused.status_code == 200
    assert "django_language" not in refused.cookies
    assert '<html lang="en">' in refused.content.decode()
