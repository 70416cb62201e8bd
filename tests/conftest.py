"""Fixtures shared by the whole suite."""

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoDbBlocker
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.demo import DEMO_PASSWORD, NGO_STAFF, seed_demo
from tests.redis_keys import delete_run_keys, run_prefix, run_redis_url


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


@pytest.fixture(scope="session", autouse=True)
def run_redis_keys_deleted() -> Iterator[None]:
    """At the end of the run, the keys it wrote under its prefix are deleted, and only those."""
    yield
    if url := run_redis_url():
        delete_run_keys(url, run_prefix())


@pytest.fixture
def redis_broker_url() -> Iterator[str]:
    """The run's Redis database (tests/redis_keys.py): the run's keys in it are deleted before
    and after the test; keys under any other prefix, and other databases, are not touched."""
    url = run_redis_url()
    delete_run_keys(url, run_prefix())
    yield url
    delete_run_keys(url, run_prefix())


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Every test starts with no attempt counted: the rate limits' test-only memory cache (never
    Redis, see tests/settings.py) is emptied, and only it."""
    caches["rate-limits"].clear()
