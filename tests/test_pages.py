"""The pages a newcomer opens first: the home page and the staff admin."""

import pytest
from django.test import Client

from requests_tracker.information_requests.demo import DEMO_PASSWORD, JOURNALIST


@pytest.mark.django_db
def test_the_home_page_answers(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert "/api/v1/docs/" in response.content.decode()


@pytest.mark.django_db
def test_demo_ngo_staff_log_into_the_admin_and_see_no_journalists_private_request(
    ngo_staff_client: Client,
) -> None:
    index = ngo_staff_client.get("/admin/")
    requests_page = ngo_staff_client.get("/admin/information_requests/informationrequest/")
    violations_page = ngo_staff_client.get("/admin/monitoring/violation/")

    assert index.status_code == 200
    assert (requests_page.status_code, violations_page.status_code) == (200, 200)
    assert "Статистика задержаний журналистов" not in requests_page.content.decode()


@pytest.mark.django_db
def test_a_journalist_is_not_let_into_the_admin(demo_data: None, client: Client) -> None:
    assert client.login(username=JOURNALIST.username, password=DEMO_PASSWORD)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
