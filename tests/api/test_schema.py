"""The OpenAPI document and its documentation page."""

import pytest
from django.test import Client
from drf_spectacular.validation import validate_schema


@pytest.mark.django_db
def test_the_schema_is_a_valid_openapi_3_document(client: Client) -> None:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document
    assert {"/api/v1/bodies/", "/api/v1/rules/", "/api/v1/calendar/"} <= set(schema["paths"])


@pytest.mark.django_db
def test_the_docs_page_is_served_without_any_cdn(client: Client) -> None:
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower()
