"""Beat schedules, a real Celery worker executes: shown on the embedded broker and on Redis."""

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from requests_tracker.core.models import Heartbeat
from tests.workers import celery_environment, start_celery, stop, wait_for

# The embedded broker, and Redis (the run's database and key prefix, tests/redis_keys.py) if set.
BROKERS = ["filesystem", *(["redis"] if os.environ.get("REDIS_URL") else [])]


@pytest.fixture(params=BROKERS)
def celery_log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A worker and beat, started as `dev.py run` starts them, with a heartbeat every second."""
    broker_url = (
        request.getfixturevalue("redis_broker_url") if request.param == "redis" else "filesystem://"
    )
    env = celery_environment(
        broker_url,
        CELERY_FILESYSTEM_BROKER_DIR=str(tmp_path / "broker"),
        CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "beat-schedule"),
        HEARTBEAT_INTERVAL_SECONDS="1",
    )
    log = tmp_path / "celery.log"
    worker = start_celery(
        "worker", "--pool", "solo", "--hostname", f"test-{os.getpid()}@%h", env=env, log=log
    )
    beat = start_celery("beat", "--loglevel", "INFO", env=env, log=tmp_path / "beat.log")
    yield log
    stop(beat)
    stop(worker)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, available_apps=["requests_tracker.core"])
def test_a_beat_scheduled_task_is_executed_by_a_real_worker(celery_log: Path) -> None:
    # given: no heartbeat yet, a worker and beat running
    assert Heartbeat.objects.count() == 0

    # when: beat schedules the heartbeat task and the worker runs it
    heartbeat = wait_for(lambda: Heartbeat.objects.filter(beats__gte=2).first(), timeout=90)

    # then
    assert heartbeat is not None, celery_log.read_text(errors="replace")[-3000:]
    assert heartbeat.hostname == socket.gethostname()
    assert heartbeat.beats >= 2
