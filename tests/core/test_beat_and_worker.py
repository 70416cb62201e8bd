"""Beat schedules, a real Celery worker executes: shown on the embedded broker and on Redis."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from django.db import connection

from requests_tracker.core.models import Heartbeat

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def database_url() -> str:
    """The URL of the test database, for the worker process to share it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )


def wait_for(probe: Callable[[], T | None], *, timeout: float) -> T | None:
    """Poll another process's work until it shows, or the timeout passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = probe()
        if result is not None:
            return result
        time.sleep(0.25)
    return None


BROKERS = ["filesystem://"]
if os.environ.get("REDIS_URL"):
    BROKERS.append(os.environ["REDIS_URL"])


@pytest.fixture(params=BROKERS, ids=lambda url: url.split("://")[0])
def celery_processes(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[list[subprocess.Popen[str]]]:
    """A worker and beat, started as `dev.py run` starts them, with a heartbeat every second."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": request.param,
        "CELERY_FILESYSTEM_BROKER_DIR": str(tmp_path / "broker"),
        "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / "beat-schedule"),
        "HEARTBEAT_INTERVAL_SECONDS": "1",
    }
    celery = [sys.executable, "-m", "celery", "-A", "requests_tracker"]
    processes = [
        subprocess.Popen(
            [
                *celery,
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--hostname",
                f"test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        ),
        subprocess.Popen(
            [*celery, "beat", "--loglevel", "INFO"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        ),
    ]
    yield processes
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, available_apps=["requests_tracker.core"])
def test_a_beat_scheduled_task_is_executed_by_a_real_worker(
    celery_processes: list[subprocess.Popen[str]],
) -> None:
    # given: no heartbeat yet, a worker and beat running
    assert Heartbeat.objects.count() == 0

    # when: beat schedules the heartbeat task and the worker runs it
    heartbeat = wait_for(lambda: Heartbeat.objects.filter(beats__gte=2).first(), timeout=90)

    # then
    if heartbeat is None:
        for process in celery_processes:
            process.terminate()
        logs = "\n".join(process.communicate(timeout=20)[1][-3000:] for process in celery_processes)
        pytest.fail(f"no heartbeat was recorded; worker and beat said:\n{logs}")
    assert heartbeat.hostname == socket.gethostname()
    assert heartbeat.beats >= 2
