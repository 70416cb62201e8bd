"""Letters through the API: a preview in each format for the requester, templates for staff."""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import docx
import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.correspondence.models import LetterTemplate
from tests.factories import make_ngo_staff, make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


@pytest.fixture
def own_request_client(api_client: APIClient) -> tuple[APIClient, int]:
    information_request = make_request(
        body_slug="akimat-kz-71",
        rule_ids=("KZ.ATI.11.response",),
        created_at=datetime(2026, 3, 2, 9, tzinfo=ALMATY),
        subject="Расходы на <script>alert(1)</script>",
    )
    api_client.force_authenticate(information_request.requester)
    return api_client, information_request.pk


def test_the_requester_previews_the_letter_as_text_html_pdf_and_docx(
    own_request_client: tuple[APIClient, int],
) -> None:
    client, pk = own_request_client

    text = client.get(f"/api/v1/requests/{pk}/letter/")
    html = client.get(f"/api/v1/requests/{pk}/letter/", {"as": "html"})
    pdf = client.get(f"/api/v1/requests/{pk}/letter/", {"as": "pdf"})
    document = client.get(f"/api/v1/requests/{pk}/letter/", {"as": "docx"})

    assert text.status_code == html.status_code == pdf.status_code == document.status_code == 200
    assert "Руководителю Акимата города Астаны" in text.content.decode()
    assert "&lt;script&gt;" in html.content.decode()
    assert "<script>" not in html.content.decode()
    assert pdf["Content-Type"] == "application/pdf"
    extracted = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "Руководителю Акимата города Астаны" in extracted
    paragraphs = [p.text for p in docx.Document(BytesIO(document.content)).paragraphs]
    assert any("Руководителю Акимата города Астаны" in paragraph for paragraph in paragraphs)


def test_an_unknown_format_is_a_400(own_request_client: tuple[APIClient, int]) -> None:
    client, pk = own_request_client

    response = client.get(f"/api/v1/requests/{pk}/letter/", {"as": "odt"})

    assert response.status_code == 400
    assert list(response.json()) == ["as"]


def test_another_user_cannot_read_the_letter(api_client: APIClient) -> None:
    information_request = make_request(created_at=datetime(2026, 3, 2, 9, tzinfo=ALMATY))
    api_client.force_authenticate(User.objects.create(username="curious"))

    response = api_client.get(f"/api/v1/requests/{information_request.pk}/letter/")

    assert response.status_code == 404


def test_staff_save_a_template_version_and_a_bad_one_is_refused_with_the_reason(
    api_client: APIClient,
) -> None:
    api_client.force_authenticate(make_ngo_staff(username="editor"))
    good = "{{ addressee.body_name }}\n\n# Запрос\n\n{{ text }}\n"

    saved = api_client.post(
        "/api/v1/letter-templates/",
        {"kind": "ati_request", "language": "ru", "source": good, "change_note": "shorter"},
        format="json",
    )
    refused = api_client.post(
        "/api/v1/letter-templates/",
        {"kind": "ati_request", "language": "ru", "source": "{{ requester.phone }}"},
        format="json",
    )

    assert saved.status_code == 201
    assert saved.json()["version"] == 1
    assert refused.status_code == 400
    assert "Шаблон не срабатывает на образце письма" in refused.json()["source"][0]
    assert LetterTemplate.objects.count() == 1


def test_templates_are_for_staff_only(api_client: APIClient) -> None:
    api_client.force_authenticate(User.objects.create(username="journalist-x"))

    assert api_client.get("/api/v1/letter-templates/").status_code == 404


def test_staff_preview_a_template_against_a_sample_request(api_client: APIClient) -> None:
    api_client.force_authenticate(make_ngo_staff(username="previewer"))

    response = api_client.post(
        "/api/v1/letter-templates/preview/",
        {"kind": "complaint", "language": "en", "source": "To {{ addressee.body_name }}"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {
        "text": "To Ministry of Internal Affairs of the Republic of Kazakhstan"
    }
    assert LetterTemplate.objects.count() == 0
