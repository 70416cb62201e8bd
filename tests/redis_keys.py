"""The Redis keys of one test run: a prefix of its own, in a database chosen from the environment.

The database is ``TEST_REDIS_URL``'s, else ``REDIS_URL``'s. The prefix is ``TEST_REDIS_PREFIX``,
else a fresh one for each run; ``tests/settings.py`` puts it in the environment, so the workers a
test starts inherit it. Every key the run writes (Celery's queues, bindings and broadcasts through
kombu's ``global_keyprefix``, the cache through its ``KEY_PREFIX``) starts with ``<prefix>:``, and
the run deletes those keys and no other: never a whole database, which others may share.
"""

import os
import re
import uuid

import redis

PREFIX_VARIABLE = "TEST_REDIS_PREFIX"


def choose_run_prefix() -> str:
    """``TEST_REDIS_PREFIX`` when set, else a fresh prefix, kept in the environment."""
    return os.environ.setdefault(PREFIX_VARIABLE, f"tests-{uuid.uuid4().hex[:12]}")


def run_prefix() -> str:
    return os.environ[PREFIX_VARIABLE]


def run_redis_url() -> str:
    """The Redis database the run writes to; empty when the run has no Redis."""
    return os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL", "")


def broker_transport_options() -> dict[str, object]:
    """What a Celery app of the run needs on Redis: its keys under the run's prefix."""
    return {"global_keyprefix": f"{run_prefix()}:"}


def run_keys_pattern(prefix: str) -> str:
    """The SCAN pattern of the keys under ``prefix``, its glob characters taken literally."""
    return re.sub(r"([\\*?\[\]])", r"\\\1", prefix) + ":*"


def run_keys(url: str, prefix: str) -> list[bytes]:
    client = redis.Redis.from_url(url)
    try:
        return sorted(client.scan_iter(match=run_keys_pattern(prefix), count=1000))
    finally:
        client.close()


def delete_run_keys(url: str, prefix: str) -> int:
    """Delete the keys under ``prefix`` in the database of ``url`` (SCAN, then DEL); how many."""
    client = redis.Redis.from_url(url)
    deleted = 0
    try:
        keys = list(client.scan_iter(match=run_keys_pattern(prefix), count=1000))
        for start in range(0, len(keys), 500):
            deleted += client.delete(*keys[start : start + 500])
    finally:
        client.close()
    return deleted
