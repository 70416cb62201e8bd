"""Personal API tokens: made on the profile page with the key shown once, kept only as a hash,
revoked by their owner alone; a revoked token authenticates nothing."""

import hashlib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from requests_tracker.accounts.models import ApiToken, User
from requests_tracker.accounts.tokens import create_api_token
from tests.factories import UserFactory

ALMATY = ZoneInfo("Asia/Almaty")
KEY_ON_PAGE = re.compile(r'<code class="api-token-key">([^<]+)</code>')

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana() -> User:
    user: User = UserFactory.create(username="dana", preferred_language="en")
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_made_on_the_profile_shows_its_key_once_and_keeps_only_its_hash(dana: User) -> None:
    # given
    client = signed_in(dana)

    # when
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY), tick=False):
        made = client.post("/accounts/profile/tokens/", {"name": "newsroom script"})

    # then: the page shows the key, once, and no cache keeps it
    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    (key,) = KEY_ON_PAGE.findall(made.content.decode())
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (dana, "newsroom script", key[:8])
    assert token.created_at == datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)
    # and the key is stored nowhere in clear: only its SHA-256
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert key not in stored
    # and the profile page shown again lists the token without its key
    again = client.get("/accounts/profile/").content.decode()
    assert "newsroom script" in again
    assert f"{key[:8]}…" in again
    assert key not in again


def test_a_token_authenticates_its_user_and_records_when_it_was_used(dana: User) -> None:
    # given
    new = create_api_token(user=dana, name="script", now=timezone.now())

    # when
    with time_machine.travel(datetime(2026, 3, 3, 9, 30, tzinfo=ALMATY), tick=False):
        response = token_client(new.key).get("/api/v1/requests/")

    # then
    assert response.status_code == 200
    new.token.refresh_from_db()
    assert new.token.last_used_at == datetime(2026, 3, 3, 9, 30, tzinfo=ALMATY)


def test_a_revoked_token_gets_401(dana: User) -> None:
    # given: a token that works
    new = create_api_token(user=dana, name="old laptop", now=timezone.now())
    assert token_client(new.key).get("/api/v1/requests/").status_code == 200
    client = signed_in(dana)

    # when: its owner confirms, then revokes it
    confirm = client.get(f"/accounts/profile/tokens/{new.token.pk}/revoke/")
    revoked = client.post(f"/accounts/profile/tokens/{new.token.pk}/revoke/")

    # then: the confirmation changed nothing, the revocation did
    assert confirm.status_code == 200
    assert "old laptop" in confirm.content.decode()
    assert revoked.status_code == 302
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None
    response = token_client(new.key).get("/api/v1/requests/")
    assert response.status_code == 401
    # (an unknown key names no user, so no preferred language: the site's default, Russian)
    assert response.json() == {"detail": "Недействительный токен."}


def test_the_revocation_page_asks_first_and_revokes_nothing(dana: User) -> None:
    # given
    new = create_api_token(user=dana, name="script", now=timezone.now())

    # when
    response = signed_in(dana).get(f"/accounts/profile/tokens/{new.token.pk}/revoke/")

    # then
    assert response.status_code == 200
    new.token.refresh_from_db()
    assert new.token.revoked_at is None


def test_another_users_token_cannot_be_revoked(dana: User) -> None:
    # given: a token of another journalist
    other: User = UserFactory.create(username="aigerim")
    theirs = create_api_token(user=other, name="their script", now=timezone.now())

    # when: dana tries to revoke it, or to see its confirmation page
    posted = signed_in(dana).post(f"/accounts/profile/tokens/{theirs.token.pk}/revoke/")
    shown = signed_in(dana).get(f"/accounts/profile/tokens/{theirs.token.pk}/revoke/")

    # then: as for a token that does not exist; it still works
    assert (posted.status_code, shown.status_code) == (404, 404)
    theirs.token.refresh_from_db()
    assert theirs.token.revoked_at is None
    assert token_client(theirs.key).get("/api/v1/requests/").status_code == 200


def test_another_users_tokens_are_not_listed_on_the_profile(dana: User) -> None:
    # given
    other: User = UserFactory.create(username="aigerim")
    create_api_token(user=other, name="their script", now=timezone.now())
    create_api_token(user=dana, name="my script", now=timezone.now())

    # when
    page = signed_in(dana).get("/accounts/profile/").content.decode()

    # then
    assert "my script" in page
    assert "their script" not in page


def test_a_token_without_a_name_is_refused_and_none_is_made(dana: User) -> None:
    # when
    response = signed_in(dana).post("/accounts/profile/tokens/", {"name": "  "})

    # then
    assert response.status_code == 400
    assert "Обязательное поле." in response.content.decode()  # the page's language: Russian
    assert not KEY_ON_PAGE.search(response.content.decode())
    assert ApiToken.objects.count() == 0


def test_a_deactivated_users_token_gets_401(dana: User) -> None:
    # given
    new = create_api_token(user=dana, name="script", now=timezone.now())
    User.objects.filter(pk=dana.pk).update(is_active=False)

    # when
    response = token_client(new.key).get("/api/v1/requests/")

    # then
    assert response.status_code == 401


def test_the_token_endpoint_makes_a_personal_token_named_after_the_call(dana: User) -> None:
    # when
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY), tick=False):
        response = APIClient().post(
            "/api/v1/auth/token/",
            {"username": "dana", "password": "correct horse battery staple"},
        )

    # then: a token of dana's, listed with the others, whose key works
    assert response.status_code == 200
    key = response.json()["token"]
    token = ApiToken.objects.get(user=dana)
    assert token.name == "POST /api/v1/auth/token/ 2026-03-02 10:00"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token_client(key).get("/api/v1/requests/").status_code == 200


def test_the_admin_lists_tokens_without_their_keys_and_makes_none(dana: User) -> None:
    # given
    new = create_api_token(user=dana, name="script", now=timezone.now())
    admin: User = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client = signed_in(admin)

    # when
    listed = client.get("/admin/accounts/apitoken/")
    change = client.get(f"/admin/accounts/apitoken/{new.token.pk}/change/")
    add = client.get("/admin/accounts/apitoken/add/")

    # then
    assert (listed.status_code, change.status_code, add.status_code) == (200, 200, 403)
    assert new.key not in listed.content.decode() + change.content.decode()
    assert new.token.prefix in listed.content.decode()
