"""Sign-up: an inactive account, one confirmation email in the chosen language, a one-time link."""

import re
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from requests_tracker.accounts.models import User
from requests_tracker.notifications.sending import send_due_alerts
from tests.factories import UserFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

PASSWORD = "Ашық-ақпарат-2026"
LINK = re.compile(r"http://tracker\.example\.kz/accounts/confirm/[\w-]+/[\w-]+/")


def sign_up(client: Client, **overrides: str) -> "TestResponse":
    form = {
        "username": "aigerim",
        "email": "aigerim@example.kz",
        "first_name": "Айгерим",
        "last_name": "Садыкова",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "preferred_language": "kk",
        **overrides,
    }
    response = client.post("/accounts/signup/", form)
    # The email leaves from the outbox: beat's sweep sends it (to locmem here).
    send_due_alerts(now=timezone.now())
    return response


def confirmation_link() -> str:
    (message,) = mail.outbox
    match = LINK.search(str(message.body))
    assert match, message.body
    return match.group(0).removeprefix("http://tracker.example.kz")


@pytest.fixture(autouse=True)
def site_url(settings) -> None:
    settings.SITE_URL = "http://tracker.example.kz"


@pytest.mark.django_db
def test_signing_up_creates_an_inactive_user_and_emails_the_link_in_their_language(
    client: Client,
) -> None:
    response = sign_up(client, preferred_language="kk")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/sent/"
    user = User.objects.get(username="aigerim")
    assert user.is_active is False
    assert user.email == "aigerim@example.kz"
    assert (user.first_name, user.last_name) == ("Айгерим", "Садыкова")
    assert user.preferred_language == "kk"
    assert user.check_password(PASSWORD)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aigerim@example.kz"]
    assert message.subject == "Сұрау трекеріндегі электрондық пошта мекенжайын растаңыз"
    assert message.body.startswith("Сәлеметсіз бе, Айгерим!")
    assert LINK.search(str(message.body))


@pytest.mark.django_db
def test_the_email_is_in_russian_when_the_user_chose_russian(client: Client) -> None:
    sign_up(client, preferred_language="ru")

    assert mail.outbox[0].subject == "Подтвердите адрес электронной почты в трекере запросов"


@pytest.mark.django_db
def test_the_confirmation_link_activates_the_user_and_logs_them_in(client: Client) -> None:
    sign_up(client)

    response = client.get(confirmation_link())

    assert response.status_code == 302
    assert response["Location"] == "/requests/"
    assert response.cookies["django_language"].value == "kk"
    assert User.objects.get(username="aigerim").is_active is True
    assert client.session["_auth_user_id"] == str(User.objects.get(username="aigerim").pk)


@pytest.mark.django_db
def test_a_user_cannot_sign_in_before_confirming(client: Client) -> None:
    sign_up(client)

    response = client.post("/accounts/login/", {"username": "aigerim", "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_second_use_of_the_link_is_refused_with_a_message(client: Client) -> None:
    sign_up(client)
    link = confirmation_link()
    client.get(link)
    client.post("/accounts/logout/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(link)

    assert response.status_code == 400
    assert "The confirmation link is invalid or has already been used." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_tampered_token_is_refused_and_the_user_stays_inactive(client: Client) -> None:
    sign_up(client)
    uidb64 = confirmation_link().split("/")[3]

    response = client.get(
        f"/accounts/confirm/{uidb64}/cpwxyz-0123456789abcdef0123456789abcdef/",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "The confirmation link is invalid or has already been used." in response.content.decode()
    assert User.objects.get(username="aigerim").is_active is False
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_email_already_used_in_another_case_gets_the_same_page_and_tells_its_owner(
    client: Client,
) -> None:
    # given: an account with this address, in another case
    UserFactory.create(
        username="existing",
        email="Aigerim@Example.kz",
        first_name="Айгерим",
        preferred_language="en",
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    # when
    response = sign_up(client, email="aigerim@EXAMPLE.kz")

    # then: the answer of a new sign-up, no second account, and the owner is told
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/sent/"
    assert not User.objects.filter(username="aigerim").exists()
    (message,) = mail.outbox
    assert message.to == ["Aigerim@Example.kz"]
    assert message.subject == "Someone tried to sign up with your email address"
    assert 'It already belongs to your account "existing"' in str(message.body)
    assert "http://tracker.example.kz/accounts/password-reset/" in str(message.body)


@pytest.mark.django_db
def test_a_password_the_validators_refuse_creates_no_account(client: Client) -> None:
    response = sign_up(client, password1="12345678", password2="12345678")

    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == [
        "Введённый пароль слишком широко распространён.",
        "Введённый пароль состоит только из цифр.",
    ]
    assert not User.objects.filter(username="aigerim").exists()
    assert mail.outbox == []
