"""The public directory API: search in any language, filters, and clear errors for bad input."""

import pytest
from rest_framework.test import APIClient

REGION_CODES = "10 11 15 19 23 27 31 33 35 39 43 47 55 59 61 62 63 71 75 79".split()  # noqa: SIM905
PROSECUTOR_SLUGS_AMONG_CENTRAL = {
    "general-prosecutor",
    "military-prosecutor",
    "transport-prosecutor",
    "legal-statistics-committee",
}


def slugs(response_json: dict[str, object]) -> set[str]:
    results = response_json["results"]
    assert isinstance(results, list)
    return {row["slug"] for row in results}


@pytest.mark.django_db
def test_searching_for_prokuratura_lists_the_prosecutors_offices(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/bodies/", {"search": "прокуратура", "page_size": "100"})

    assert response.status_code == 200
    body = response.json()
    regional = {f"prosecutor-kz-{code}" for code in REGION_CODES}
    assert body["count"] == 24
    assert slugs(body) == regional | PROSECUTOR_SLUGS_AMONG_CENTRAL


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("search", "expected_slug"),
    [
        ("ПРОКУРАТУРА ГОРОДА АЛМАТЫ", "prosecutor-kz-75"),  # case does not matter, even in Cyrillic
        ("алматы қаласының прокуратурасы", "prosecutor-kz-75"),  # Kazakh
        ("prosecutor's office of almaty region", "prosecutor-kz-19"),  # English
        ("полиции Шымкент", "police-kz-79"),  # words in any order and form of the name
    ],
)
def test_a_body_is_found_by_its_name_in_any_language(
    api_client: APIClient, search: str, expected_slug: str
) -> None:
    response = api_client.get("/api/v1/bodies/", {"search": search})

    assert response.status_code == 200
    assert slugs(response.json()) == {expected_slug}


@pytest.mark.django_db
def test_bodies_filter_by_kind_and_region(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/bodies/", {"kind": "police", "region": "KZ-35"})

    assert response.status_code == 200
    [body] = response.json()["results"]
    assert body["slug"] == "police-kz-35"
    assert body["superior_body"]["slug"] == "ministry-internal-affairs"
    assert body["region"] == "KZ-35"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "embassy"}, "kind"),
        ({"region": "KZ-99"}, "region"),
        ({"jurisdiction": "XX"}, "jurisdiction"),
        ({"is_active": "perhaps"}, "is_active"),
        ({"superior_body": "no-such-body"}, "superior_body"),
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_the_field(
    api_client: APIClient, query: dict[str, str], field: str
) -> None:
    response = api_client.get("/api/v1/bodies/", query)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/rules/", {"role": "whatever"}, "role"),
        ("/api/v1/rules/", {"valid_on": "yesterday"}, "valid_on"),
        ("/api/v1/rules/", {"jurisdiction": "ZZ"}, "jurisdiction"),
        ("/api/v1/laws/", {"jurisdiction": "ZZ"}, "jurisdiction"),
        ("/api/v1/calendar-overrides/", {"date_after": "2024-13-01"}, "date"),
        ("/api/v1/calendar/", {"start": "not-a-date"}, "start"),
        ("/api/v1/calendar/", {"jurisdiction": "ZZ"}, "jurisdiction"),
    ],
)
def test_invalid_filters_elsewhere_in_the_api_are_400s_too(
    api_client: APIClient, path: str, query: dict[str, str], field: str
) -> None:
    response = api_client.get(path, query)

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_a_body_is_read_by_its_slug(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/bodies/general-prosecutor/")

    assert response.status_code == 200
    assert response.json()["name_en"] == "Prosecutor General's Office of the Republic of Kazakhstan"
    assert response.json()["email"] == ""  # unknown contact details are left empty, never invented


@pytest.mark.django_db
def test_rules_filter_by_jurisdiction_and_validity(api_client: APIClient) -> None:
    response = api_client.get(
        "/api/v1/rules/", {"jurisdiction": "KZ", "role": "response", "valid_on": "2025-01-01"}
    )

    assert response.status_code == 200
    assert sorted(row["rule_id"] for row in response.json()["results"]) == [
        "KZ.APPC.76.response",
        "KZ.ATI.11.response",
        "KZ.MEDIA.36.response",
    ]


@pytest.mark.django_db
def test_a_rule_is_read_by_its_id(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/rules/KZ.APPC.92.complaint_filing/")

    assert response.status_code == 200
    assert response.json()["unit"] == "months"
    assert response.json()["jurisdiction"] == "KZ"
