"""A test run writes Redis keys only under its own prefix, and deletes only those.

Another database of the server, and other prefixes in the run's own database, are left exactly as
they were: whatever else shares the server (a deployment, another test run) keeps its keys.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.core.cache import cache

from requests_tracker.core.models import Heartbeat
from tests.redis_keys import delete_run_keys, run_keys, run_prefix
from tests.workers import celery_environment, start_celery, stop, wait_for

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.worker,
]


def another_database(url: str) -> str:
    """The same server, another database number: 0, or 1 when the run's is 0."""
    client = redis.Redis.from_url(url)
    database = client.connection_pool.connection_kwargs.get("db", 0)
    client.close()
    return url.rsplit("/", 1)[0] + ("/1" if database == 0 else "/0")


@pytest.fixture
def keys_of_others(redis_broker_url: str) -> Iterator[dict[str, tuple[str, str]]]:
    """A key in another database and one under another prefix in the run's database, made by
    this test (with names no one else uses) and deleted by it at the end."""
    marker = uuid.uuid4().hex
    keys = {
        "another database": (another_database(redis_broker_url), f"not-the-run:{marker}"),
        "another prefix": (redis_broker_url, f"not-{run_prefix()}:{marker}"),
    }
    for label, (url, key) in keys.items():
        client = redis.Redis.from_url(url)
        client.set(key, f"kept: {label}")
        client.close()
    yield keys
    for url, key in keys.values():
        client = redis.Redis.from_url(url)
        client.delete(key)
        client.close()


def values_and_expiries(keys: dict[str, tuple[str, str]]) -> dict[str, tuple[object, int]]:
    """Each key's value and time to live (-1: none, -2: the key is gone)."""
    found: dict[str, tuple[object, int]] = {}
    for label, (url, key) in keys.items():
        client = redis.Redis.from_url(url)
        found[label] = (client.get(key), int(client.ttl(key)))
        client.close()
    return found


@pytest.mark.django_db(transaction=True, available_apps=["requests_tracker.core"])
def test_a_worker_run_and_its_clean_up_leave_other_databases_and_prefixes_untouched(
    redis_broker_url: str, keys_of_others: dict[str, tuple[str, str]], tmp_path: Path
) -> None:
    # given: keys of others, in another database and under another prefix in the run's database
    prefix = run_prefix()
    assert values_and_expiries(keys_of_others) == {
        "another database": (b"kept: another database", -1),
        "another prefix": (b"kept: another prefix", -1),
    }

    # when: a worker and beat run a task on the run's broker, the web process uses the cache,
    # then the run's keys are deleted
    env = celery_environment(
        redis_broker_url,
        CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "beat-schedule"),
        HEARTBEAT_INTERVAL_SECONDS="1",
    )
    log = tmp_path / "celery.log"
    worker = start_celery("worker", "--pool", "solo", env=env, log=log)
    beat = start_celery("beat", env=env, log=tmp_path / "beat.log")
    try:
        heartbeat = wait_for(lambda: Heartbeat.objects.first(), timeout=90)
        cache.set("isolation-check", "written by the web process")
        keys_while_running = run_keys(redis_broker_url, prefix)
    finally:
        stop(beat)
        stop(worker)
    deleted = delete_run_keys(redis_broker_url, prefix)

    # then: the worker's queue binding and the cache entry were under the run's prefix, and are
    # gone; the keys of others are unchanged
    assert heartbeat is not None, log.read_text(errors="replace")[-3000:]
    assert f"{prefix}:_kombu.binding.celery".encode() in keys_while_running
    assert f"{prefix}:1:isolation-check".encode() in keys_while_running
    assert deleted >= 2
    assert run_keys(redis_broker_url, prefix) == []
    assert values_and_expiries(keys_of_others) == {
        "another database": (b"kept: another database", -1),
        "another prefix": (b"kept: another prefix", -1),
    }
