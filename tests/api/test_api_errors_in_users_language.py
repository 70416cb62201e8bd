"""A call authenticated by a token is answered in its user's preferred language (validation,
permission, not found, too many writes), unless the call sends Accept-Language."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.accounts.tokens import create_api_token
from tests.factories import UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")

pytestmark = pytest.mark.django_db


def token_client(language: str) -> APIClient:
    user: User = UserFactory.create(username=f"user-{language}", preferred_language=language)
    client = APIClient()
    key = create_api_token(user=user, name="script", now=timezone.now()).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# DRF's own catalogue (which Django's merging puts over Django's) for "This field is required."
# and "Not found.", ours for the limit on writes and for a change to a sent request.
EXPECTED = {
    "ru": {
        "required": "Обязательное поле.",
        "not_found": "Страница не найдена.",  # DRF's ru_RU catalogue, read for "ru" too
        "throttled": "Слишком много изменений за короткое время. Повторите через 60 секунд.",
        "not_a_draft": "Изменить можно только черновик, а статус этого запроса — «Отправлен».",
    },
    "kk": {
        "required": "Бұл мән міндетті.",
        "not_found": "Табылмады.",
        "throttled": "Қысқа уақытта тым көп өзгеріс жасалды. 60 секундтан кейін қайталаңыз.",
        "not_a_draft": "Тек жобаны өзгертуге болады, ал бұл сұраудың мәртебесі — «Жіберілді».",
    },
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_validation_error_is_in_the_users_language(language: str) -> None:
    # when: a draft without a subject
    response = token_client(language).post(
        "/api/v1/requests/",
        {"public_body": "police-kz-75", "legal_rules": ["KZ.ATI.11.response"]},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert response.json()["subject"] == [EXPECTED[language]["required"]]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_missing_request_is_said_in_the_users_language(language: str) -> None:
    # given: a request of someone else
    theirs = make_request()

    # when
    response = token_client(language).get(f"/api/v1/requests/{theirs.pk}/")

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": EXPECTED[language]["not_found"]}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_refused_permission_is_said_in_the_users_language(language: str) -> None:
    # given: a draft of someone else (a refusal is a 404, as for a request that does not exist)
    theirs = make_request()

    # when: the user tries to publish it
    response = token_client(language).post(f"/api/v1/requests/{theirs.pk}/publish/")

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": EXPECTED[language]["not_found"]}
    theirs.refresh_from_db()
    assert theirs.visibility == "private"


@pytest.mark.parametrize("language", ["ru", "kk"])
@override_settings(API_WRITE_RATE="1/min")
def test_too_many_writes_are_said_in_the_users_language(language: str) -> None:
    # given
    client = token_client(language)
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY), tick=False):
        client.post("/api/v1/requests/", {}, format="json")

        # when
        response = client.post("/api/v1/requests/", {}, format="json")

    # then
    assert response.status_code == 429
    assert response.json() == {"detail": EXPECTED[language]["throttled"]}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_change_to_a_sent_request_is_said_in_the_users_language(language: str) -> None:
    # given: the user's own request, submitted
    client = token_client(language)
    user = User.objects.get(username=f"user-{language}")
    information_request = make_request(requester=user)
    client.post(
        f"/api/v1/requests/{information_request.pk}/events/",
        {"kind": "submitted", "occurred_at": "2026-03-02T11:00", "channel": "post"},
        format="multipart",
    )

    # when
    response = client.patch(
        f"/api/v1/requests/{information_request.pk}/", {"subject": "Другое"}, format="json"
    )

    # then
    assert response.status_code == 409
    assert response.json() == {"detail": EXPECTED[language]["not_a_draft"]}


def test_accept_language_wins_over_the_preferred_language() -> None:
    # given: a user who prefers Kazakh
    client = token_client("kk")

    # when: the call asks for English
    response = client.post("/api/v1/requests/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    # then
    assert response.json()["subject"] == ["This field is required."]
