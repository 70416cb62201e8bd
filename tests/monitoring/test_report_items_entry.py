"""NGO staff write the month's case items on a page, in the API and in the admin; nobody else."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.models import Block, Category, MonthlyNarrative, Violation
from requests_tracker.monitoring.report_items import save_report_item
from tests.factories import UserFactory, make_ngo_staff

pytestmark = pytest.mark.django_db

ITEMS_PAGE = "/monitoring/report/2018-02/items/"
API = "/api/v1/report-items/"


@pytest.fixture
def staff(db: None) -> User:
    return make_ngo_staff()


@pytest.fixture
def claims() -> list[Violation]:
    return [
        Violation.objects.create(
            block=Block.C,
            category=Category.HONOUR_AND_DIGNITY_CLAIM,
            occurred_on=date(2018, 2, day),
            victim_outlet=outlet,
        )
        for day, outlet in ((5, "Общественная позиция"), (26, "ratel.kz"))
    ]


def form(**values: str) -> dict[str, str]:
    data = {
        "month": "2018-02",
        "position": "1",
        "title_ru": "Академик Дильяра Кайдарова требует 10 миллионов тенге",
        "title_kk": "",
        "title_en": "Academician Dilyara Kaydarova demands 10 million tenge",
        "text_ru": "> «Фраза «раковая травля» (...) предполагает», — говорится в иске.",
        "text_kk": "",
        "text_en": "> “The phrase (...) assumes”, the claim says.",
        "violation_numbers": "",
    }
    data.update(values)
    return data


# --- The staff page ---------------------------------------------------------------------------


def test_staff_add_an_item_with_its_violations_on_the_page(
    staff: User, client: Client, claims: list[Violation]
) -> None:
    client.force_login(staff)

    response = client.post(ITEMS_PAGE, form(violation_numbers=f"{claims[1].pk}, {claims[0].pk}"))

    assert response.status_code == 302
    assert response["Location"] == ITEMS_PAGE
    saved = MonthlyNarrative.objects.get()
    assert (saved.month, saved.position, saved.title_en) == (
        date(2018, 2, 1),
        1,
        "Academician Dilyara Kaydarova demands 10 million tenge",
    )
    assert saved.text_en == "> “The phrase (...) assumes”, the claim says."
    assert set(saved.violations.all()) == set(claims)
    page = client.get(ITEMS_PAGE).content.decode()
    assert "Академик Дильяра Кайдарова требует 10 миллионов тенге" in page
    assert f"#{claims[0].pk}, #{claims[1].pk}" in page


def test_staff_edit_and_delete_an_item(
    staff: User, client: Client, claims: list[Violation]
) -> None:
    client.force_login(staff)
    client.post(ITEMS_PAGE, form(violation_numbers=str(claims[0].pk)))
    saved = MonthlyNarrative.objects.get()

    edit = client.get(f"/monitoring/report-items/{saved.pk}/edit/")
    changed = client.post(
        f"/monitoring/report-items/{saved.pk}/edit/",
        form(position="3", violation_numbers=str(claims[1].pk)),
    )

    assert edit.status_code == 200
    assert edit.context["form"].initial["violation_numbers"] == str(claims[0].pk)
    assert changed.status_code == 302
    saved.refresh_from_db()
    assert saved.position == 3
    assert list(saved.violations.all()) == [claims[1]]
    deleted = client.post(f"/monitoring/report-items/{saved.pk}/delete/")
    assert (deleted.status_code, MonthlyNarrative.objects.count()) == (302, 0)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"violation_numbers": "12a"}, "violation_numbers", "Not a violation number: 12a."),
        (
            {"violation_numbers": "987654321"},
            "violation_numbers",
            "No violation has the number 987654321.",
        ),
        ({"text_ru": "  "}, "text_ru", "This field is required."),
        ({"month": "2018-13"}, "month", "Enter a valid date."),
    ],
)
def test_a_wrong_item_is_refused_on_its_field_and_nothing_is_saved(
    staff: User, client: Client, values: dict[str, str], field: str, message: str
) -> None:
    client.force_login(staff)

    response = client.post(ITEMS_PAGE, form(**values), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    with translation.override("en"):  # the form's messages are worded when read
        assert response.context["form"].errors[field] == [message]
    assert MonthlyNarrative.objects.count() == 0


def test_the_refusal_is_in_russian_for_a_russian_page(staff: User, client: Client) -> None:
    client.force_login(staff)

    response = client.post(ITEMS_PAGE, form(violation_numbers="12a"), HTTP_ACCEPT_LANGUAGE="ru")

    assert "Это не номер нарушения: 12a." in response.content.decode()
    assert MonthlyNarrative.objects.count() == 0


def test_a_journalist_gets_a_404_and_an_anonymous_visitor_the_sign_in_page(
    client: Client,
) -> None:
    anonymous = client.get(ITEMS_PAGE)
    client.force_login(UserFactory.create())

    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/accounts/login/?next={ITEMS_PAGE}"
    assert client.get(ITEMS_PAGE).status_code == 404
    assert client.post(ITEMS_PAGE, form()).status_code == 404
    assert MonthlyNarrative.objects.count() == 0


# --- The API ----------------------------------------------------------------------------------


def api_item(**values: object) -> dict[str, object]:
    data: dict[str, object] = {
        "month": "2018-02-01",
        "position": 2,
        "title_ru": "Жена чиновника обвинила корреспондента ratel.kz",
        "title_en": "An official's wife accused a ratel.kz correspondent",
        "text_ru": "Иск:\n- 1,5 млн тенге морального вреда;\n- 100 тысяч тенге на представителя.",
        "violations": [],
    }
    data.update(values)
    return data


def test_staff_write_and_read_items_in_the_api(
    staff: User, api_client: APIClient, claims: list[Violation]
) -> None:
    api_client.force_authenticate(staff)

    created = api_client.post(API, api_item(violations=[claims[1].pk]), format="json")
    MonthlyNarrative.objects.create(month=date(2018, 3, 1), title_ru="Март", text_ru="Не февраль")
    listed = api_client.get(API, {"month": "2018-02"})
    changed = api_client.patch(
        f"{API}{created.json()['id']}/", {"position": 5, "violations": []}, format="json"
    )

    assert created.status_code == 201, created.json()
    assert listed.json()["results"] == [
        {
            "id": created.json()["id"],
            "month": "2018-02-01",
            "position": 2,
            "title_ru": "Жена чиновника обвинила корреспондента ratel.kz",
            "title_kk": "",
            "title_en": "An official's wife accused a ratel.kz correspondent",
            "text_ru": (
                "Иск:\n- 1,5 млн тенге морального вреда;\n- 100 тысяч тенге на представителя."
            ),
            "text_kk": "",
            "text_en": "",
            "violations": [claims[1].pk],
        }
    ]
    assert changed.status_code == 200
    assert (changed.json()["position"], changed.json()["violations"]) == (5, [])


def test_the_api_refuses_a_month_that_is_not_its_first_day_and_saves_nothing(
    staff: User, api_client: APIClient
) -> None:
    api_client.force_authenticate(staff)

    response = api_client.post(
        API, api_item(month="2018-02-05"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {"month": ["A report item belongs to a month: give its first day."]}
    assert MonthlyNarrative.objects.count() == 0


def test_the_api_is_not_found_for_a_journalist_and_asks_an_anonymous_caller_to_sign_in(
    api_client: APIClient,
) -> None:
    MonthlyNarrative.objects.create(month=date(2018, 2, 1), title_ru="Т", text_ru="Т")

    anonymous = api_client.get(API)
    api_client.force_authenticate(UserFactory.create())
    journalist = api_client.get(API)
    writing = api_client.post(API, api_item(), format="json")

    assert (anonymous.status_code, journalist.status_code, writing.status_code) == (401, 404, 404)
    assert MonthlyNarrative.objects.count() == 1


def test_the_items_api_is_in_the_openapi_schema(api_client: APIClient) -> None:
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()

    assert set(schema["paths"]["/api/v1/report-items/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/report-items/{id}/"]) == {
        "get",
        "put",
        "patch",
        "delete",
    }


# --- The admin --------------------------------------------------------------------------------


def test_a_superuser_adds_an_item_in_the_admin(
    admin_client: Client, claims: list[Violation]
) -> None:
    response = admin_client.post(
        "/admin/monitoring/monthlynarrative/add/",
        {
            "month": "2018-02-01",
            "position": "1",
            "title_ru": "Академик Дильяра Кайдарова требует 10 миллионов тенге",
            "text_ru": "> «Фраза (...) предполагает», — говорится в иске.",
            "violations": str(claims[0].pk),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = MonthlyNarrative.objects.get()
    assert list(saved.violations.all()) == [claims[0]]


def test_the_admin_refuses_a_day_other_than_the_first(admin_client: Client) -> None:
    with translation.override("en"):
        response = admin_client.post(
            "/admin/monitoring/monthlynarrative/add/",
            {"month": "2018-02-05", "position": "1", "title_ru": "Т", "text_ru": "Т"},
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["month"] == [
        "A report item belongs to a month: give its first day."
    ]
    assert MonthlyNarrative.objects.count() == 0


def test_an_admin_user_outside_the_ngo_does_not_see_the_items(client: Client) -> None:
    MonthlyNarrative.objects.create(month=date(2018, 2, 1), title_ru="Т", text_ru="Т")
    outsider = UserFactory.create(is_staff=True)
    outsider.user_permissions.add(
        *Permission.objects.filter(codename__endswith="_monthlynarrative")
    )
    client.force_login(outsider)

    assert client.get("/admin/monitoring/monthlynarrative/").status_code == 403


# --- The service ------------------------------------------------------------------------------


def test_the_service_refuses_anyone_but_ngo_staff_and_saves_nothing() -> None:
    item = MonthlyNarrative(month=date(2018, 2, 1), title_ru="Т", text_ru="Т")

    with translation.override("en"), pytest.raises(DomainError) as refused:
        save_report_item(item=item, violations=[], user=UserFactory.create())

    assert str(refused.value) == "Only NGO staff may write the report's case items."
    assert MonthlyNarrative.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"month": date(2018, 2, 5)}, "A report item belongs to a month: give its first day."),
        ({"title_ru": " "}, "The Russian title is required."),
        ({"text_ru": ""}, "The Russian text is required."),
    ],
)
def test_the_service_refuses_a_wrong_item_and_saves_nothing(
    staff: User, values: dict[str, object], message: str
) -> None:
    fields: dict[str, object] = {"month": date(2018, 2, 1), "title_ru": "Т", "text_ru": "Т"}
    fields.update(values)

    with translation.override("en"), pytest.raises(DomainError) as refused:
        save_report_item(item=MonthlyNarrative(**fields), violations=[], user=staff)

    assert str(refused.value) == message
    assert MonthlyNarrative.objects.count() == 0
