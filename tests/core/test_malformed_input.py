"""Malformed input is refused at the edge: a NUL byte is a 400, a bad id a 404, never a 500."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from requests_tracker.accounts.models import Membership, OrganizationKind, Role, User
from requests_tracker.collective.models import CollectiveAppeal
from tests.factories import OrganizationFactory, UserFactory

# Russian is the tracker's default language (LANGUAGE_CODE).
REFUSAL = (
    "Запрос содержит символ NUL или другой символ, который не является текстом; "
    "удалите его и повторите попытку."
)


@pytest.fixture
def ngo_staff_member(db: None) -> User:
    ngo = OrganizationFactory.create(
        slug="adil-soz", kind=OrganizationKind.NGO, keeps_monitoring_dataset=True
    )
    user = UserFactory.create(username="timur")
    Membership.objects.create(user=user, organization=ngo, role=Role.NGO_STAFF)
    return user


@pytest.fixture
def staff_api(ngo_staff_member: User) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_login(ngo_staff_member)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/bodies/a%00b/",
        "/calendar/a%00b.ics",
        "/deadlines/calculator/?rule=KZ.ATI.11.response&received=2026-03-14%00",
        "/deadlines/calculator/?rule=%00",
        "/api/v1/calendar/?jurisdiction=a%00b",
        "/api/v1/rules/KZ.ATI%00/",
        "/open-data/violations.csv?category=%00",
        "/collective/?q=%00",  # before any view: not the login redirect
        "/static/a%00b.css",  # before whitenoise too
    ],
)
def test_a_nul_byte_in_the_path_or_the_query_is_a_400_with_a_plain_message(url: str) -> None:
    client = Client(raise_request_exception=False)

    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == REFUSAL


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "The request contains a NUL character or another character that is not text; "
            "remove it and try again.",
        ),
        (
            "kk",
            "Сұрауда NUL таңбасы немесе мәтін емес басқа таңба бар; оны алып тастап, "
            "қайталап көріңіз.",
        ),
    ],
)
def test_the_refusal_speaks_the_language_the_browser_asks_for(language: str, expected: str) -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/bodies/a%00b/", headers={"accept-language": language})

    assert response.status_code == 400
    assert response.content.decode() == expected


@pytest.mark.django_db
def test_a_nul_in_a_json_body_is_a_400_and_creates_nothing(staff_api: APIClient) -> None:
    response = staff_api.post(
        "/api/v1/collective-appeals/",
        {"title": "Запрос", "legal_rules": ["a\u0000"]},
        format="json",
    )

    assert response.status_code == 400
    assert response.content.decode() == REFUSAL
    assert CollectiveAppeal.objects.count() == 0


@pytest.mark.django_db
def test_a_nul_in_a_json_key_is_a_400(staff_api: APIClient) -> None:
    response = staff_api.post(
        "/api/v1/collective-appeals/", {"title\u0000": "Запрос"}, format="json"
    )

    assert response.status_code == 400
    assert response.content.decode() == REFUSAL


@pytest.mark.django_db
def test_a_lone_surrogate_spelled_in_json_is_a_400(staff_api: APIClient) -> None:
    response = staff_api.generic(
        "POST",
        "/api/v1/collective-appeals/",
        '{"title": "\\ud800", "legal_rules": []}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.content.decode() == REFUSAL


@pytest.mark.django_db
def test_an_escaped_backslash_before_u0000_is_text_and_passes(staff_api: APIClient) -> None:
    # "\\u0000" in JSON is a backslash followed by "u0000": six ordinary characters.
    response = staff_api.generic(
        "POST",
        "/api/v1/collective-appeals/",
        '{"legal_rules": ["\\\\u0000"]}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "legal_rules" in response.json()  # the serializer's own answer, not the middleware's


@pytest.mark.django_db
def test_a_nul_in_a_form_field_is_a_400(ngo_staff_member: User) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(ngo_staff_member)

    response = client.post("/collective/new/", {"title": "a\x00b"})

    assert response.status_code == 400
    assert response.content.decode() == REFUSAL
    assert CollectiveAppeal.objects.count() == 0


@pytest.mark.django_db
def test_a_nul_in_a_multipart_field_is_a_400(ngo_staff_member: User) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(ngo_staff_member)

    response = client.post(
        "/collective/new/",
        data=(b'--B\r\nContent-Disposition: form-data; name="title"\r\n\r\na\x00b\r\n--B--\r\n'),
        content_type="multipart/form-data; boundary=B",
    )

    assert response.status_code == 400
    assert response.content.decode() == REFUSAL
    assert CollectiveAppeal.objects.count() == 0


@pytest.mark.django_db
def test_a_nul_in_a_url_encoded_body_of_another_method_is_a_400(staff_api: APIClient) -> None:
    response = staff_api.generic(
        "PATCH",
        "/api/v1/collective-appeals/1/",
        "title=a%00b",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert response.content.decode() == REFUSAL


@pytest.mark.django_db
def test_nul_bytes_inside_an_uploaded_file_are_content_not_text(ngo_staff_member: User) -> None:
    # A PDF or a PNG holds NUL bytes: the middleware looks at fields and names, not file content.
    client = Client(raise_request_exception=False)
    client.force_login(ngo_staff_member)

    response = client.post(
        "/monitoring/violations/import/",
        data=(
            b'--B\r\nContent-Disposition: form-data; name="file"; filename="violations.csv"\r\n'
            b"Content-Type: text/csv\r\n\r\n\x00\x00\x00\r\n--B--\r\n"
        ),
        content_type="multipart/form-data; boundary=B",
    )

    assert response.status_code == 200  # the upload page, with the form's own error
    assert response.content.decode() != REFUSAL


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/collective-appeals/abc/",
        "/api/v1/collective-appeals/1.5/",
        "/api/v1/collective-appeals/-1/",
        "/api/v1/collective-appeals/abc/export.csv",
        "/api/v1/collective-appeals/abc/addressees/",
        "/api/v1/collective-appeals/99999999999999999999999/",
        "/api/v1/violations/abc/",
        "/api/v1/calendar-overrides/abc/",
        "/api/v1/letter-templates/abc/",
        "/collective/abc/",
        "/collective/abc/cosigners/",
        "/collective/1/cosigners/abc/confirm/",
        "/collective/99999999999999999999999/",
        "/monitoring/report/99999-01/",
        "/monitoring/report/0000-01/",
        "/monitoring/report/2026-13/",
    ],
)
def test_a_non_integer_or_unknown_id_is_a_404(staff_api: APIClient, url: str) -> None:
    response = staff_api.get(url)

    assert response.status_code == 404


@pytest.mark.django_db
def test_an_ordinary_json_body_reaches_the_view(staff_api: APIClient) -> None:
    response = staff_api.post(
        "/api/v1/collective-appeals/", {"title": "Запрос", "legal_rules": ["nope"]}, format="json"
    )

    assert response.status_code == 400
    assert "legal_rules" in response.json()
