"""The profile: name, email, language and alert preferences; the user's organisations."""

import pytest
from django.test import Client

from requests_tracker.accounts.models import Membership, Role, User
from tests.factories import OrganizationFactory, UserFactory


def profile_form(**overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "first_name": "Дана",
        "last_name": "Журналистова",
        "email": "dana@example.kz",
        "preferred_language": "ru",
        "alert_deadline_soon": "on",
        "alert_deadline_today": "on",
        "alert_deadline_passed": "on",
        "reminder_working_days": "2",
    }
    form.update(overrides)
    return {name: value for name, value in form.items() if value is not None}


@pytest.fixture
def dana(db: None) -> User:
    return UserFactory.create(username="dana", email="dana@example.kz")


@pytest.mark.django_db
def test_the_profile_saves_the_alert_preferences_and_switches_the_language(
    client: Client, dana: User
) -> None:
    client.force_login(dana)

    response = client.post(
        "/accounts/profile/",
        profile_form(
            preferred_language="en",
            alert_deadline_soon=None,  # an unticked checkbox is not sent
            alert_deadline_passed=None,
            reminder_working_days="5",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert response.cookies["django_language"].value == "en"
    dana.refresh_from_db()
    assert dana.preferred_language == "en"
    assert dana.alert_deadline_soon is False
    assert dana.alert_deadline_today is True
    assert dana.alert_deadline_passed is False
    assert dana.reminder_working_days == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("16", "Ensure this value is less than or equal to 15."),
    ],
)
def test_a_reminder_outside_one_to_fifteen_working_days_is_refused_and_nothing_changes(
    client: Client, dana: User, days: str, message: str
) -> None:
    client.force_login(dana)

    response = client.post(
        "/accounts/profile/",
        profile_form(first_name="Другое", reminder_working_days=days),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reminder_working_days"] == [message]
    assert message in response.content.decode()
    dana.refresh_from_db()
    assert dana.first_name == "Дана"
    assert dana.reminder_working_days == 2


@pytest.mark.django_db
def test_an_email_of_another_account_is_refused_on_the_profile(client: Client, dana: User) -> None:
    UserFactory.create(username="other", email="other@example.kz")
    client.force_login(dana)

    response = client.post(
        "/accounts/profile/", profile_form(email="OTHER@example.kz"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account with this email address already exists."
    ]
    dana.refresh_from_db()
    assert dana.email == "dana@example.kz"


@pytest.mark.django_db
def test_the_profile_lists_the_users_organisations_and_roles(client: Client, dana: User) -> None:
    outlet = OrganizationFactory.create(name="Редакция «Степь»")
    Membership.objects.create(user=dana, organization=outlet, role=Role.EDITOR)
    client.force_login(dana)

    response = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Редакция «Степь»" in page
    assert ">Editor<" in page


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"
