"""The journalist's pages: file a request, record what the body did, escalate, all in the browser's
terms (forms and redirects), with evidence files checked."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import EvidenceFile, InformationRequest
from requests_tracker.information_requests.status import Status
from requests_tracker.monitoring.sweep import sweep_deadlines

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def journalist(client: Client) -> User:
    user = User.objects.create(username="aigerim", email="aigerim@example.org")
    client.force_login(user)
    return user


def file_request(client: Client) -> InformationRequest:
    response = client.post(
        "/requests/new/",
        {
            "public_body": InformationRequest._meta.get_field("public_body")
            .related_model.objects.get(slug="police-kz-75")  # type: ignore[union-attr]
            .pk,
            "legal_rules": ["KZ.MEDIA.36.response"],
            "subject": "Число задержаний журналистов",
            "text": "1. Сколько журналистов задержано в 2026 году?",
            "language": "ru",
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    return InformationRequest.objects.get()


@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=ALMATY), tick=False)
def test_a_journalist_files_a_request_and_sees_the_letter(client: Client, journalist: User) -> None:
    information_request = file_request(client)

    page = client.get(f"/requests/{information_request.pk}/")

    assert information_request.status == Status.DRAFT
    assert information_request.requester == journalist
    assert page.status_code == 200
    assert "Департамент полиции города Алматы" in page.content.decode()
    assert "статья 36" in page.content.decode()


def test_the_filing_form_refuses_a_request_without_a_legal_basis(
    client: Client, journalist: User
) -> None:
    response = client.post("/requests/new/", {"subject": "x", "text": "y", "language": "ru"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"public_body", "legal_rules"}
    assert InformationRequest.objects.count() == 0


def test_recording_the_submission_and_registration_starts_the_clock(
    client: Client, journalist: User
) -> None:
    information_request = file_request(client)

    client.post(
        f"/requests/{information_request.pk}/events/submitted/",
        {"submitted-occurred_at": "2026-03-02T10:00", "submitted-channel": "e_otinish"},
    )
    client.post(
        f"/requests/{information_request.pk}/events/registered/",
        {
            "registered-occurred_at": "2026-03-02T15:00",
            "registered-registration_number": "ЖТ-2026-01234",
            "registered-evidence": SimpleUploadedFile("receipt.pdf", PDF),
        },
    )

    information_request.refresh_from_db()
    assert information_request.status == Status.AWAITING_REPLY
    assert information_request.deadlines.live().get().due_date.isoformat() == "2026-03-10"
    evidence = EvidenceFile.objects.get()
    assert (evidence.original_name, evidence.content_type) == ("receipt.pdf", "application/pdf")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.pdf", PDF + b"0" * 2_000_000, "files up to 1 MB are accepted"),
        (
            "program.exe",
            b"MZ\x90\x00" + bytes(range(256)) * 10,
            "is not a file type the tracker keeps",
        ),
    ],
)
def test_a_refused_file_gets_a_clear_message_and_nothing_is_saved(
    client: Client, journalist: User, settings: Settings, name: str, content: bytes, message: str
) -> None:
    settings.EVIDENCE_MAX_BYTES = 1_000_000
    information_request = file_request(client)

    response = client.post(
        f"/requests/{information_request.pk}/events/submitted/",
        {
            "submitted-occurred_at": "2026-03-02T10:00",
            "submitted-channel": "post",
            "submitted-evidence": SimpleUploadedFile(name, content),
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert message in response.content.decode()
    information_request.refresh_from_db()
    assert information_request.status == Status.DRAFT
    assert information_request.events.count() == 1
    assert EvidenceFile.objects.count() == 0


def test_a_silent_request_offers_the_complaint_and_one_click_makes_it(
    client: Client, journalist: User
) -> None:
    information_request = file_request(client)
    client.post(
        f"/requests/{information_request.pk}/events/submitted/",
        {"submitted-occurred_at": "2026-03-02T10:00", "submitted-channel": "email"},
    )
    sweep_deadlines(now=datetime(2026, 3, 11, 1, tzinfo=ALMATY))

    page = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(f"/requests/{information_request.pk}/escalate/complaint/")

    assert "Prepare the complaint" in page.content.decode()
    complaint = InformationRequest.objects.get(escalates=information_request)
    assert response["Location"] == f"/requests/{complaint.pk}/"
    assert complaint.public_body.slug == "ministry-internal-affairs"


def test_the_dashboard_lists_overdue_requests_first(client: Client, journalist: User) -> None:
    first = file_request(client)
    client.post(
        f"/requests/{first.pk}/events/submitted/",
        {"submitted-occurred_at": "2026-03-02T10:00", "submitted-channel": "email"},
    )
    sweep_deadlines(now=datetime(2026, 3, 11, 1, tzinfo=ALMATY))
    client.post(
        "/requests/new/",
        {
            "public_body": first.public_body_id,
            "legal_rules": ["KZ.ATI.11.response"],
            "subject": "Второй запрос",
            "text": "Вопрос",
            "language": "ru",
            "visibility": "private",
        },
    )

    page = client.get("/requests/")

    rows = [row.information_request.subject for row in page.context["rows"]]
    assert rows == ["Число задержаний журналистов", "Второй запрос"]
    assert 'class="overdue"' in page.content.decode()


def test_a_request_filed_with_a_refused_attachment_is_not_saved_at_all(
    client: Client, journalist: User
) -> None:
    response = client.post(
        "/requests/new/",
        {
            "public_body": InformationRequest._meta.get_field("public_body")
            .related_model.objects.get(slug="police-kz-75")  # type: ignore[union-attr]
            .pk,
            "legal_rules": ["KZ.ATI.11.response"],
            "subject": "С вложением",
            "text": "Вопрос",
            "language": "ru",
            "visibility": "private",
            "attachment": SimpleUploadedFile("tool.exe", b"MZ\x90\x00" + bytes(range(256))),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "is not a file type the tracker keeps" in response.content.decode()
    assert InformationRequest.objects.count() == 0
    assert EvidenceFile.objects.count() == 0


def test_a_request_filed_with_a_pdf_keeps_it_as_evidence(client: Client, journalist: User) -> None:
    client.post(
        "/requests/new/",
        {
            "public_body": InformationRequest._meta.get_field("public_body")
            .related_model.objects.get(slug="police-kz-75")  # type: ignore[union-attr]
            .pk,
            "legal_rules": ["KZ.ATI.11.response"],
            "subject": "С вложением",
            "text": "Вопрос",
            "language": "ru",
            "visibility": "private",
            "attachment": SimpleUploadedFile("scan.pdf", PDF),
        },
    )

    evidence = EvidenceFile.objects.get()
    assert evidence.event.information_request.subject == "С вложением"
    assert evidence.content_type == "application/pdf"


def test_the_dashboard_makes_as_many_queries_for_six_requests_as_for_two(
    client: Client, journalist: User
) -> None:
    def submitted_requests(count: int) -> None:
        for _ in range(count):
            information_request = file_request_again(client)
            client.post(
                f"/requests/{information_request.pk}/events/submitted/",
                {"submitted-occurred_at": "2026-03-02T10:00", "submitted-channel": "email"},
            )

    def dashboard_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/requests/").status_code == 200
        return len(queries)

    submitted_requests(2)
    with_two = dashboard_queries()
    submitted_requests(4)

    assert dashboard_queries() == with_two


def file_request_again(client: Client) -> InformationRequest:
    before = set(InformationRequest.objects.values_list("pk", flat=True))
    client.post(
        "/requests/new/",
        {
            "public_body": InformationRequest._meta.get_field("public_body")
            .related_model.objects.get(slug="police-kz-75")  # type: ignore[union-attr]
            .pk,
            "legal_rules": ["KZ.MEDIA.36.response"],
            "subject": "Ещё один запрос",
            "text": "Вопрос",
            "language": "ru",
            "visibility": "private",
        },
    )
    return InformationRequest.objects.exclude(pk__in=before).get()
