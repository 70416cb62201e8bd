"""The request page's "send" step: each channel the body accepts, guided to the moment the legal
clock starts (e-Otinish and in person: the registration; post: the date on the delivery notice).

Due dates worked out by hand from kz-rules (Access to Information Law, Art. 11: 15 calendar days
from registration, counting from the next day, rolled forward past non-working days).
"""

import hashlib
import io
import json
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import EvidenceFile, InformationRequest
from requests_tracker.information_requests.status import EventKind, Status

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(64))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ADDRESS = "050000, г. Алматы, ул. Абая, 1"
NOW = datetime(2026, 3, 10, 10, tzinfo=ALMATY)


@pytest.fixture
def journalist(client: Client) -> User:
    user = User.objects.create(username="aigerim", email="aigerim@example.org")
    client.force_login(user)
    return user


@pytest.fixture
def body() -> PublicBody:
    body = PublicBody.objects.get(slug="police-kz-75")
    PublicBody.objects.filter(pk=body.pk).update(
        accepts_e_otinish=True, postal_address=ADDRESS, email=""
    )
    body.refresh_from_db()
    return body


def file_request(client: Client, body: PublicBody) -> InformationRequest:
    response = client.post(
        "/requests/new/",
        {
            "public_body": body.pk,
            "legal_rules": ["KZ.ATI.11.response"],
            "subject": "Число задержаний журналистов",
            "text": "1. Сколько журналистов задержано в 2026 году?",
            "language": "ru",
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    return InformationRequest.objects.get()


def legal_due_date(information_request: InformationRequest) -> str:
    return information_request.deadlines.live().get(is_legal_deadline=True).due_date.isoformat()


@time_machine.travel(NOW, tick=False)
def test_the_page_lists_the_channels_the_body_accepts(
    client: Client, journalist: User, body: PublicBody
) -> None:
    information_request = file_request(client, body)

    page = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    codes = [channel.code for channel in page.context["channels"]]
    assert codes == ["e_otinish", "post", "in_person"]
    html = page.content.decode()
    assert '<textarea id="e-otinish-text" readonly' in html
    assert "https://eotinish.kz/" in html
    assert f"/api/v1/requests/{information_request.pk}/letter/?as=pdf" in html
    assert f"/requests/{information_request.pk}/address-sheet/" in html
    assert "Print the letter twice" in html


@time_machine.travel(NOW, tick=False)
def test_a_body_without_e_otinish_or_an_address_offers_only_in_person(
    client: Client, journalist: User, body: PublicBody
) -> None:
    PublicBody.objects.filter(pk=body.pk).update(accepts_e_otinish=False, postal_address="")
    information_request = file_request(client, body)

    page = client.get(f"/requests/{information_request.pk}/")
    refused = client.post(
        f"/requests/{information_request.pk}/submit/e-otinish/",
        {
            "e_otinish-registration_number": "ЖТ-1",
            "e_otinish-registered_at": "2026-03-06T16:40",
            "e_otinish-receipt": SimpleUploadedFile("receipt.png", PNG),
        },
    )

    assert [channel.code for channel in page.context["channels"]] == ["in_person"]
    assert refused.status_code == 404
    assert information_request.events.count() == 1


@time_machine.travel(NOW, tick=False)
def test_an_e_otinish_registration_starts_the_clock_and_its_receipt_is_evidence(
    client: Client, journalist: User, body: PublicBody
) -> None:
    information_request = file_request(client, body)

    response = client.post(
        f"/requests/{information_request.pk}/submit/e-otinish/",
        {
            "e_otinish-registration_number": "ЖТ-2026-01234",
            "e_otinish-registered_at": "2026-03-06T16:40",
            "e_otinish-receipt": SimpleUploadedFile("receipt.png", PNG),
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    information_request.refresh_from_db()
    assert information_request.status == Status.AWAITING_REPLY
    events = list(information_request.events.order_by("id").values_list("kind", "data"))
    assert events[1:] == [
        (EventKind.SUBMITTED, {"channel": "e_otinish", "registration_number": "ЖТ-2026-01234"}),
        (
            EventKind.REGISTERED,
            {
                "channel": "e_otinish",
                "registration_number": "ЖТ-2026-01234",
                "registered_on": "2026-03-06",
            },
        ),
    ]
    # Registered Fri 6 March; day 1 is 7 March, day 15 is Sat 21 March, in the Nauryz holidays
    # (21-25 March): rolled forward to Thu 26 March.
    assert legal_due_date(information_request) == "2026-03-26"
    html = response.content.decode()
    assert '<time datetime="2026-03-26">26.03.2026</time>' in html
    assert "e-Otinish</span> · № ЖТ-2026-01234" in html
    assert "receipt.png" in html
    bundle = client.get(f"/api/v1/requests/{information_request.pk}/evidence-bundle/")
    with zipfile.ZipFile(io.BytesIO(bundle.getvalue())) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        receipts = [f for f in manifest["files"] if f["path"].endswith("/receipt.png")]
        assert len(receipts) == 1
        assert archive.read(receipts[0]["path"]) == PNG
    assert receipts[0]["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert EvidenceFile.objects.get().content_type == "image/png"


@time_machine.travel(NOW, tick=False)
def test_an_e_otinish_registration_without_a_receipt_changes_nothing(
    client: Client, journalist: User, body: PublicBody
) -> None:
    information_request = file_request(client, body)

    response = client.post(
        f"/requests/{information_request.pk}/submit/e-otinish/",
        {
            "e_otinish-registration_number": "ЖТ-2026-01234",
            "e_otinish-registered_at": "2026-03-06T16:40",
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "Receipt: This field is required." in response.content.decode()
    information_request.refresh_from_db()
    assert information_request.status == Status.DRAFT
    assert information_request.events.count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_registration_in_the_future_is_refused_and_changes_nothing(
    client: Client, journalist: User, body: PublicBody
) -> None:
    information_request = file_request(client, body)

    response = client.post(
        f"/requests/{information_request.pk}/submit/e-otinish/",
        {
            "e_otinish-registration_number": "ЖТ-2026-01234",
            "e_otinish-registered_at": "2026-03-11T09:00",
            "e_otinish-receipt": SimpleUploadedFile("receipt.png", PNG),
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "The date cannot be in the future." in response.content.decode()
    assert information_request.events.count() == 1
    assert EvidenceFile.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_the_print_pdfs_of_a_posted_letter_are_a4_and_the_sheet_carries_the_address(
    client: Client, journalist: User, body: PublicBody
) -> None:
    information_request = file_request(client, body)

    letter = client.get(f"/api/v1/requests/{information_request.pk}/letter/?as=pdf")
    sheet = client.get(f"/requests/{information_request.pk}/address-sheet/")

    assert (letter.status_code, sheet.status_code) == (200, 200)
    assert sheet["Content-Type"] == "application/pdf"
    for response in (letter, sheet):
        box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
        assert float(box.width) == pytest.approx(595, abs=1)
        assert float(box.height) == pytest.approx(842, abs=1)
    text = PdfReader(io.BytesIO(sheet.content)).pages[0].extract_text()
    assert ADDRESS in text
    assert "Кому" in text
    assert "От кого" in text
    assert "aigerim" in text


@time_machine.travel(NOW, tick=False)
def test_a_posted_letter_has_no_deadline_until_its_delivery_notice_is_recorded(
    client: Client, journalist: User, body: PublicBody
) -> None:
    information_request = file_request(client, body)

    client.post(
        f"/requests/{information_request.pk}/submit/posted/",
        {"posted-mail_number": "RR123456789KZ", "posted-posted_on": "2026-03-02"},
    )
    posted = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    information_request.refresh_from_db()
    assert information_request.status == Status.DRAFT
    assert information_request.deadlines.count() == 0
    assert (
        "Posted on 02.03.2026 (registered mail RR123456789KZ), not delivered yet: record the "
        "date on the delivery notice when it comes back." in posted.content.decode()
    )
    assert 'id="delivered-form"' in posted.content.decode()

    delivered = client.post(
        f"/requests/{information_request.pk}/submit/delivered/",
        {
            "delivered-delivered_on": "2026-03-05",
            "delivered-notice": SimpleUploadedFile("notice.jpg", JPEG),
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    information_request.refresh_from_db()
    assert information_request.status == Status.SUBMITTED
    submitted = information_request.events.get(kind=EventKind.SUBMITTED)
    assert submitted.data == {
        "channel": "post",
        "mail_number": "RR123456789KZ",
        "delivered_on": "2026-03-05",
    }
    assert submitted.occurred_at == datetime(2026, 3, 5, tzinfo=ALMATY)
    assert submitted.evidence_files.get().original_name == "notice.jpg"
    # Received Thu 5 March, a working day, so registered that day; day 1 is 6 March, day 15 is
    # Fri 20 March, a working day.
    assert legal_due_date(information_request) == "2026-03-20"
    assert "not delivered yet" not in delivered.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_delivery_before_the_posting_or_without_one_is_refused(
    client: Client, journalist: User, body: PublicBody
) -> None:
    information_request = file_request(client, body)

    unposted = client.post(
        f"/requests/{information_request.pk}/submit/delivered/",
        {
            "delivered-delivered_on": "2026-03-05",
            "delivered-notice": SimpleUploadedFile("notice.jpg", JPEG),
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    client.post(
        f"/requests/{information_request.pk}/submit/posted/",
        {"posted-mail_number": "RR123456789KZ", "posted-posted_on": "2026-03-04"},
    )
    early = client.post(
        f"/requests/{information_request.pk}/submit/delivered/",
        {
            "delivered-delivered_on": "2026-03-03",
            "delivered-notice": SimpleUploadedFile("notice.jpg", JPEG),
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "Record the posting first" in unposted.content.decode()
    assert "The delivery date cannot be before the posting date." in early.content.decode()
    assert list(information_request.events.values_list("kind", flat=True).order_by("id")) == [
        EventKind.CREATED,
        EventKind.POSTED,
    ]
    assert EvidenceFile.objects.count() == 0
    assert information_request.deadlines.count() == 0


@time_machine.travel(NOW, tick=False)
def test_an_incoming_number_stamped_in_person_registers_the_request(
    client: Client, journalist: User, body: PublicBody
) -> None:
    information_request = file_request(client, body)

    client.post(
        f"/requests/{information_request.pk}/submit/in-person/",
        {
            "in_person-incoming_number": "03-15/412",
            "in_person-stamped_on": "2026-03-04",
            "in_person-photo": SimpleUploadedFile("stamped.jpg", JPEG),
        },
    )

    information_request.refresh_from_db()
    assert information_request.status == Status.AWAITING_REPLY
    registered = information_request.events.get(kind=EventKind.REGISTERED)
    assert registered.data == {
        "channel": "in_person",
        "registration_number": "03-15/412",
        "registered_on": "2026-03-04",
    }
    submitted = information_request.events.get(kind=EventKind.SUBMITTED)
    assert submitted.evidence_files.get().original_name == "stamped.jpg"
    # Registered Wed 4 March; day 1 is 5 March, day 15 is Thu 19 March, a working day.
    assert legal_due_date(information_request) == "2026-03-19"


@time_machine.travel(NOW, tick=False)
def test_a_repeated_channel_post_with_the_same_key_records_once(
    client: Client, journalist: User, body: PublicBody
) -> None:
    information_request = file_request(client, body)
    form = {
        "posted-mail_number": "RR123456789KZ",
        "posted-posted_on": "2026-03-02",
        "idempotency_key": "b2f1c0de5a",
    }

    client.post(f"/requests/{information_request.pk}/submit/posted/", form)
    client.post(f"/requests/{information_request.pk}/submit/posted/", form)

    assert information_request.events.filter(kind=EventKind.POSTED).count() == 1
