"""The working-day calendar through the API: holidays, observed days and decreed transfers."""

import pytest
from rest_framework.test import APIClient


def days(
    api_client: APIClient, start: str, end: str, language: str = "en"
) -> dict[str, dict[str, object]]:
    response = api_client.get(
        "/api/v1/calendar/", {"start": start, "end": end}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200, response.content
    return {row["date"]: row for row in response.json()}


@pytest.mark.django_db
def test_nauryz_2026_with_its_observed_days_is_five_days_off(api_client: APIClient) -> None:
    march = days(api_client, "2026-03-20", "2026-03-26")

    assert {day: row["is_working_day"] for day, row in march.items()} == {
        "2026-03-20": True,
        "2026-03-21": False,
        "2026-03-22": False,
        "2026-03-23": False,
        "2026-03-24": False,
        "2026-03-25": False,
        "2026-03-26": True,
    }
    assert march["2026-03-24"]["kind"] == "holiday"
    assert march["2026-03-24"]["reason"] == "Nowruz Holiday (observed)"


@pytest.mark.django_db
def test_the_worked_saturday_of_4_may_2024_is_a_working_day(api_client: APIClient) -> None:
    may = days(api_client, "2024-05-04", "2024-05-08")

    assert may["2024-05-04"]["is_working_day"] is True
    assert may["2024-05-04"]["kind"] == "override_working_day"
    assert may["2024-05-05"]["kind"] == "weekend"
    assert may["2024-05-08"]["is_working_day"] is False
    assert may["2024-05-08"]["kind"] in {"override_day_off", "holiday"}


@pytest.mark.django_db
def test_reasons_come_in_the_language_asked_for(api_client: APIClient) -> None:
    kazakh = days(api_client, "2025-01-05", "2025-01-05", language="kk")
    russian = days(api_client, "2025-01-05", "2025-01-05", language="ru")

    assert "жексенбі" in str(kazakh["2025-01-05"]["reason"]).lower()
    assert "воскресенье" in str(russian["2025-01-05"]["reason"]).lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-03-10", "2026-03-01", "end"),
        ("2026-01-01", "2027-06-01", "end"),
    ],
)
def test_a_backwards_or_too_long_period_is_refused(
    api_client: APIClient, start: str, end: str, field: str
) -> None:
    response = api_client.get("/api/v1/calendar/", {"start": start, "end": end})

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.django_db
def test_holiday_names_are_given_in_russian_too(api_client: APIClient) -> None:
    russian = days(api_client, "2026-03-24", "2026-03-24", language="ru")
    kazakh = days(api_client, "2026-03-24", "2026-03-24", language="kk")

    assert russian["2026-03-24"]["reason"] == "Наурыз мейрамы (перенос)"
    assert kazakh["2026-03-24"]["reason"] != "Nowruz Holiday (observed)"
