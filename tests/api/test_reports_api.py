"""The monthly reports in the API: the months published, a month's report as JSON (now, as a
preview, or a published version's snapshot), and its downloads; NGO staff only, as the page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from requests_tracker.accounts.models import User
from requests_tracker.monitoring.models import ReportVersion, ReviewState, Violation
from requests_tracker.monitoring.report.versions import publish
from tests.api.tokens import client_for
from tests.factories import UserFactory, make_ngo_staff

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 4, 2, 12, 0, tzinfo=ALMATY)
MONTH = "/api/v1/reports/2026-03/"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen() -> object:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def staff() -> User:
    return make_ngo_staff(username="timur")


def threat(day: int, state: ReviewState = ReviewState.PUBLISHED) -> Violation:
    return Violation.objects.create(
        block="A", category="threat", occurred_on=date(2026, 3, day), review_state=state
    )


def test_the_months_published_are_listed_newest_first_with_their_versions(staff: User) -> None:
    # given: February published once, March twice
    publish(year=2026, month=2, user=staff, note="", now=datetime(2026, 3, 1, tzinfo=ALMATY))
    publish(year=2026, month=3, user=staff, note="", now=datetime(2026, 4, 1, tzinfo=ALMATY))
    publish(year=2026, month=3, user=staff, note="Исправлено", now=NOW)

    # when
    response = client_for(staff).get("/api/v1/reports/")

    # then
    assert response.status_code == 200
    assert response.json() == [
        {"month": "2026-03", "versions": 2, "last_published_at": "2026-04-02T12:00:00+05:00"},
        {"month": "2026-02", "versions": 1, "last_published_at": "2026-03-01T00:00:00+05:00"},
    ]


def test_the_months_report_counts_published_violations_and_the_preview_verified_ones(
    staff: User,
) -> None:
    # given: two threats published in March, one verified, one in February
    threat(3)
    threat(17)
    threat(20, ReviewState.VERIFIED)
    Violation.objects.create(
        block="A", category="threat", occurred_on=date(2026, 2, 27), review_state="published"
    )

    # when
    report = client_for(staff).get(MONTH, {"language": "en"})
    preview = client_for(staff).get(MONTH, {"language": "en", "preview": "1"})

    # then
    assert report.status_code == 200
    assert (report.json()["year"], report.json()["month"]) == (2026, 3)
    assert report.json()["threats"] == 2
    assert report.json()["attacks"] == 0
    assert report.json()["published_only"] is True
    assert preview.json()["threats"] == 3
    assert preview.json()["published_only"] is False


def test_a_published_version_is_read_from_its_snapshot(staff: User) -> None:
    # given: version 1 counted one threat; another was published since
    threat(3)
    publish(year=2026, month=3, user=staff, note="", now=datetime(2026, 4, 1, tzinfo=ALMATY))
    threat(4)

    # when
    version = client_for(staff).get(MONTH, {"language": "ru", "version": "1"})
    now = client_for(staff).get(MONTH, {"language": "ru"})

    # then
    assert version.json()["threats"] == 1
    assert now.json()["threats"] == 2


@pytest.mark.parametrize(
    ("extension", "content_type", "starts_with", "disposition"),
    [
        ("pdf", "application/pdf", b"%PDF", "attachment"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"PK",
            "attachment",
        ),
        ("md", "text/markdown; charset=utf-8", b"# ", "attachment"),
        ("html", "text/html; charset=utf-8", b"<!doctype html>", "inline"),
    ],
)
def test_the_report_downloads_in_each_format_with_its_content_type(
    staff: User, extension: str, content_type: str, starts_with: bytes, disposition: str
) -> None:
    # given
    threat(3)

    # when
    response = client_for(staff).get(f"{MONTH}{extension}", {"language": "en"})

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(starts_with)
    assert response["Content-Disposition"] == (
        f'{disposition}; filename="monitoring-2026-03-en.{extension}"'
    )


def test_a_version_that_was_never_published_is_a_404(staff: User) -> None:
    # when
    response = client_for(staff).get(f"{MONTH}pdf", {"version": "1"})

    # then
    assert response.status_code == 404
    assert ReportVersion.objects.count() == 0


def test_an_unknown_language_is_refused_naming_the_field(staff: User) -> None:
    # when
    response = client_for(staff).get(MONTH, {"language": "de"})

    # then
    assert response.status_code == 400
    assert response.json() == {"language": ['"de" is not a valid choice.']}


@pytest.mark.parametrize("path", ["/api/v1/reports/", MONTH, f"{MONTH}pdf"])
def test_anyone_but_staff_is_refused(path: str) -> None:
    # given
    journalist: User = UserFactory.create(username="dana")

    # when
    as_journalist = client_for(journalist).get(path)
    anonymous = client_for(None).get(path)

    # then
    assert as_journalist.status_code == 404
    assert anonymous.status_code == 401


def test_the_schema_declares_the_downloads_as_files_of_their_content_types(staff: User) -> None:
    # when
    schema = (
        client_for(None)
        .get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()
    )

    # then
    download = schema["paths"]["/api/v1/reports/{year}-{month}/{output_format}"]["get"]
    content = download["responses"]["200"]["content"]
    assert sorted(content) == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "text/html",
        "text/markdown",
    ]
    assert {media["schema"]["format"] for media in content.values()} == {"binary"}
