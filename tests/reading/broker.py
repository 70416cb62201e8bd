"""The tasks waiting in a queue of the run's Redis broker, as (task name, arguments)."""

import base64
import json

import redis

from tests.redis_keys import run_prefix, run_redis_url


def queued(queue: str) -> list[tuple[str, list[object]]]:
    client = redis.Redis.from_url(run_redis_url())
    try:
        messages = client.lrange(f"{run_prefix()}:{queue}", 0, -1)
    finally:
        client.close()
    found = []
    for raw in reversed(messages):  # kombu pushes on the left: the oldest is last
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        found.append((message["headers"]["task"], args))
    return found
