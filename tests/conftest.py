"""Fixtures shared by the whole suite."""

import os
from collections.abc import Iterator

import pytest
import redis
from django.core.cache import caches
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


def own_redis_url() -> str:
    """The Redis database the worker tests may empty: TEST_REDIS_URL, else database 15 of REDIS_URL.

    It is the test run's own (two runs at once on one machine set different ones); nothing else
    on the server is touched.
    """
    return os.environ.get("TEST_REDIS_URL") or os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/15"


@pytest.fixture
def redis_broker_url() -> Iterator[str]:
    """A Redis broker database of the test run's own, emptied before and after the test."""
    url = own_redis_url()
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Every test starts with no attempt counted: the rate limits' test-only memory cache (never
    Redis, see tests/settings.py) is emptied, and only it."""
    caches["rate-limits"].clear()
