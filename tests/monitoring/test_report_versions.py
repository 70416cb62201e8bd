"""Publishing a month's report keeps a version of it: a later change shows as "changed since
publication", a new version needs a correction note, and every version downloads as published.

The month: February 2018 with two claims (1,000,000 and 500,000 tenge) and a judicial act in
favour of the media that collected 90,000, and a January claim of 700,000: 2 claims in the
month, 2,200,000 tenge claimed since 1 January. The late entry is a claim of 150,000 dated
20 February, published after version 1: 3 claims, 2,350,000 tenge.
"""

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from docx import Document
from pypdf import PdfReader

from requests_tracker.accounts.models import User
from requests_tracker.monitoring.models import (
    Block,
    Category,
    Outcome,
    ReportVersion,
    ReviewState,
    Stage,
    Violation,
)
from requests_tracker.monitoring.report.versions import publish
from tests.factories import UserFactory, make_ngo_staff

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime(2018, 3, 5, 9, 0, tzinfo=UTC)
REPORT = "/monitoring/report/2018-02/"
CLAIMS_V1 = (
    "2 letters before action and claims for protection of honour, dignity and business "
    "reputation were filed in connection with the exercise of the right to freedom of expression "
    "in February."
)
CLAIMS_V2 = CLAIMS_V1.replace("2 letters", "3 letters")
DAMAGES_V1 = (
    "Claims for compensation for moral damage in January–February amounted to 2,200,000 tenge. "
    "The courts collected 90,000 tenge."
)
NOTE_REQUIRED = {
    "en": "Version 1 of this report is already published: say in a correction note what changed "
    "and why.",
    "ru": "Версия 1 этого отчёта уже опубликована: укажите в примечании об исправлении, что "
    "изменилось и почему.",
    "kk": "Бұл есептің 1-нұсқасы жарияланып қойған: түзету туралы ескертпеде не өзгергенін және "
    "неліктен екенін көрсетіңіз.",
}


def published(category: str, occurred_on: date, **fields: Any) -> Violation:
    values: dict[str, Any] = {
        "block": Block.C,
        "category": category,
        "occurred_on": occurred_on,
        "review_state": ReviewState.PUBLISHED,
    }
    return Violation.objects.create(**{**values, **fields})


@pytest.fixture
def february() -> dict[str, Violation]:
    return {
        "january claim": published(
            Category.HONOUR_AND_DIGNITY_CLAIM,
            date(2018, 1, 10),
            amount_claimed_kzt=Decimal(700_000),
        ),
        "first claim": published(
            Category.HONOUR_AND_DIGNITY_CLAIM,
            date(2018, 2, 5),
            amount_claimed_kzt=Decimal(1_000_000),
        ),
        "second claim": published(
            Category.HONOUR_AND_DIGNITY_CLAIM,
            date(2018, 2, 12),
            amount_claimed_kzt=Decimal(500_000),
        ),
        "act": published(
            Category.JUDICIAL_ACT,
            date(2018, 2, 14),
            stage=Stage.FIRST_INSTANCE,
            outcome=Outcome.FOR_MEDIA,
            amount_collected_kzt=Decimal(90_000),
        ),
        # Not counted by any version: a draft, and a January entry without an amount.
        "draft": published(
            Category.HONOUR_AND_DIGNITY_CLAIM,
            date(2018, 2, 9),
            amount_claimed_kzt=Decimal(1_000_000),
            review_state=ReviewState.DRAFT,
        ),
        "january charge": published(Category.CRIMINAL_CHARGE, date(2018, 1, 20)),
    }


@pytest.fixture
def staff() -> User:
    return make_ngo_staff()


@pytest.fixture
def staff_client(client: Client, staff: User) -> Client:
    client.force_login(staff)
    return client


def late_claim() -> Violation:
    return published(
        Category.HONOUR_AND_DIGNITY_CLAIM, date(2018, 2, 20), amount_claimed_kzt=Decimal(150_000)
    )


def download(client: Client, version: int, output_format: str) -> bytes:
    response = client.get(f"{REPORT}versions/{version}/?language=en&format={output_format}")
    assert response.status_code == 200
    return bytes(response.content)


def test_publishing_stores_version_1_with_its_snapshot_and_the_violations_counted(
    staff_client: Client, staff: User, february: dict[str, Violation]
) -> None:
    # when
    with time_machine.travel(PUBLISHED_AT, tick=False):
        response = staff_client.post(f"{REPORT}publish/", {"correction_note": ""}, follow=True)

    # then
    version = ReportVersion.objects.get()
    assert (version.month, version.version, version.correction_note) == (date(2018, 2, 1), 1, "")
    assert (version.published_at, version.published_by) == (PUBLISHED_AT, staff)
    assert [str(message) for message in response.context["messages"]] == [
        "Версия 1 отчёта опубликована."
    ]
    snapshot = bytes(version.snapshot)
    assert version.snapshot_sha256 == hashlib.sha256(snapshot).hexdigest()
    frozen = json.loads(snapshot)
    assert [row["id"] for row in frozen["violations"]] == [
        february[name].pk for name in ("january claim", "first claim", "second claim", "act")
    ]
    figures = frozen["languages"]["en"]["figures"]
    assert (figures["claims_filed"], figures["moral_damages_claimed_kzt"]) == (2, "2200000.00")
    assert sorted(frozen["languages"]) == ["en", "kk", "ru"]
    # and nothing has changed since
    page = staff_client.get(f"{REPORT}?language=en").content.decode()
    assert "Changed since publication" not in page
    assert "Version 1, published 05.03.2018 15:00" in page  # Almaty, UTC+6 in 2018


def test_a_late_entry_marks_the_report_changed_since_publication_and_lists_the_change(
    staff_client: Client, staff: User, february: dict[str, Violation]
) -> None:
    # given: version 1 published, then a late claim, and the second claim withdrawn to draft
    publish(year=2018, month=2, user=staff, note="", now=PUBLISHED_AT)
    late = late_claim()
    Violation.objects.filter(pk=february["second claim"].pk).update(review_state=ReviewState.DRAFT)

    # when
    response = staff_client.get(f"{REPORT}?language=en")

    # then
    page = response.context["publication"]
    changes = page["changes"]
    assert changes.changed is True
    assert [(row.label, row.published, row.now) for row in changes.figures] == [
        ("Moral damages claimed since 1 January, tenge", "2200000.00", "1850000.00"),
    ]
    assert [(row.pk, row.category, row.occurred_on) for row in changes.added] == [
        (late.pk, "Claim on honour, dignity and reputation", "2018-02-20")
    ]
    assert [(row.pk, row.occurred_on) for row in changes.removed] == [
        (february["second claim"].pk, "2018-02-12")
    ]
    html = response.content.decode()
    assert "Changed since publication of version 1" in html
    assert f"#{late.pk} Claim on honour, dignity and reputation, 2018-02-20" in html


def test_a_late_entry_alone_changes_the_count_and_the_sum(
    staff_client: Client, staff: User, february: dict[str, Violation]
) -> None:
    publish(year=2018, month=2, user=staff, note="", now=PUBLISHED_AT)
    late_claim()

    changes = staff_client.get(f"{REPORT}?language=ru").context["publication"]["changes"]

    assert [(row.label, row.published, row.now) for row in changes.figures] == [
        # In the order of the stored snapshot's keys; the claims' table by region too (the
        # fixture's claims name no region).
        ("Письма-претензии и иски", 2, 3),
        ("Письма-претензии и иски по регионам: Не указано", 2, 3),
        ("Заявленный моральный вред с 1 января, тенге", "2200000.00", "2350000.00"),
    ]
    assert changes.removed == ()


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_a_second_version_without_a_note_is_refused_and_nothing_is_saved(
    staff_client: Client, staff: User, february: dict[str, Violation], language: str
) -> None:
    # given
    publish(year=2018, month=2, user=staff, note="", now=PUBLISHED_AT)
    late_claim()

    # when: the note left blank (spaces only)
    response = staff_client.post(
        f"{REPORT}publish/",
        {"correction_note": "   "},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )

    # then
    assert [str(message) for message in response.context["messages"]] == [NOTE_REQUIRED[language]]
    assert list(ReportVersion.objects.values_list("version", flat=True)) == [1]


def test_publishing_again_with_a_note_gives_version_2_and_version_1_downloads_as_published(
    staff_client: Client, staff: User, february: dict[str, Violation]
) -> None:
    # given
    publish(year=2018, month=2, user=staff, note="", now=PUBLISHED_AT)
    late_claim()

    # when
    staff_client.post(
        f"{REPORT}publish/",
        {"correction_note": "Добавлен иск от 20 февраля, поступивший позже"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # then: version 2, with its note, and nothing changed since it
    second = ReportVersion.objects.get(version=2)
    assert second.correction_note == "Добавлен иск от 20 февраля, поступивший позже"
    page = staff_client.get(f"{REPORT}?language=en")
    assert page.context["publication"]["changes"].changed is False
    assert "Changed since publication" not in page.content.decode()
    # and version 1 still says 2 claims and 2,200,000 in every format; version 2 says 3
    markdown = download(staff_client, 1, "md").decode()
    assert CLAIMS_V1 in markdown
    assert DAMAGES_V1 in markdown
    html = download(staff_client, 1, "html").decode()
    assert CLAIMS_V1 in html
    assert "Changed since publication" not in html
    assert json.loads(download(staff_client, 1, "json"))["claims_filed"] == 2
    pdf = PdfReader(BytesIO(download(staff_client, 1, "pdf")))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert CLAIMS_V1 in pdf_text
    docx = Document(BytesIO(download(staff_client, 1, "docx")))
    assert CLAIMS_V1 in [paragraph.text for paragraph in docx.paragraphs]
    assert CLAIMS_V2 in download(staff_client, 2, "md").decode()
    assert json.loads(download(staff_client, 2, "json"))["claims_filed"] == 3
    # and the download carries the hash of the stored snapshot
    response = staff_client.get(f"{REPORT}versions/1/?language=en&format=md")
    first = ReportVersion.objects.get(version=1)
    assert response["X-Snapshot-SHA256"] == hashlib.sha256(bytes(first.snapshot)).hexdigest()


def test_a_version_that_does_not_exist_is_a_404(
    staff_client: Client, staff: User, february: dict[str, Violation]
) -> None:
    publish(year=2018, month=2, user=staff, note="", now=PUBLISHED_AT)

    assert staff_client.get(f"{REPORT}versions/2/").status_code == 404
    assert staff_client.get("/monitoring/report/2018-03/versions/1/").status_code == 404


def test_only_ngo_staff_publish(client: Client, february: dict[str, Violation]) -> None:
    client.force_login(UserFactory.create(username="journalist"))

    response = client.post(f"{REPORT}publish/", {"correction_note": "Исправление"})

    assert response.status_code == 404
    assert not ReportVersion.objects.exists()


def test_the_database_refuses_two_versions_of_one_number_for_a_month(staff: User) -> None:
    fields = {
        "month": date(2018, 2, 1),
        "published_at": PUBLISHED_AT,
        "published_by": staff,
        "snapshot": b"{}",
        "snapshot_sha256": hashlib.sha256(b"{}").hexdigest(),
    }
    ReportVersion.objects.create(version=1, **fields)
    ReportVersion.objects.create(version=1, **{**fields, "month": date(2018, 3, 1)})

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.create(version=1, **fields)


def test_a_note_is_not_needed_for_version_1_but_is_for_version_2(staff: User) -> None:
    publish(year=2018, month=2, user=staff, note="", now=PUBLISHED_AT)

    with pytest.raises(ValidationError) as refused:
        publish(year=2018, month=2, user=staff, note="", now=PUBLISHED_AT)

    assert refused.value.code == "correction_note_required"
    assert ReportVersion.objects.count() == 1
