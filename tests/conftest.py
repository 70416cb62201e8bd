"""Fixtures shared by the whole suite."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoDbBlocker
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.demo import DEMO_PASSWORD, NGO_STAFF, seed_demo


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """The reference data (laws, rules, calendar, directory) is loaded once for the session."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)
        # Transactional tests marked serialized_rollback=True start from this state again.
        connection._test_serialized_contents = (  # type: ignore[attr-defined]
            connection.creation.serialize_db_to_string()
        )


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def demo_data(db: None) -> None:
    seed_demo(now=timezone.now())


@pytest.fixture
def ngo_staff_client(demo_data: None, client: Client) -> Client:
    assert client.login(username=NGO_STAFF.username, password=DEMO_PASSWORD)
    return client


@pytest.fixture
def ngo_staff(demo_data: None) -> User:
    return User.objects.get(username=NGO_STAFF.username)
