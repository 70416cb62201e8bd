"""Real Celery processes for the tests that need them, sharing the test database."""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def database_url() -> str:
    """The URL of the test database, for another process to share it."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )


def celery_environment(broker_url: str, **extra: str) -> dict[str, str]:
    from django.conf import settings

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        # The files the test stored are where the worker looks for them.
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_BROKER_URL": broker_url,
        # Log lines reach the file as they happen (and the forked pool does not repeat them).
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def start_celery(
    *arguments: str, env: dict[str, str], log: Path | None = None
) -> subprocess.Popen[bytes]:
    """``celery -A requests_tracker <arguments>`` in its own process group."""
    output = log.open("wb") if log is not None else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "requests_tracker", *arguments],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def wait_for(probe: Callable[[], T | None], *, timeout: float, every: float = 0.25) -> T | None:
    """Poll another process's work until it shows, or the timeout passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = probe()
        if result is not None:
            return result
        time.sleep(every)
    return None
