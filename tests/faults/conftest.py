"""Real processes for the fault tests: a Redis server of the test's own, workers, beat, SMTP.

The outbox's retry waits are made a second or two (OUTBOX_RETRY_*), and beat sweeps it every
second (OUTBOX_SWEEP_SECONDS), so an outage of many attempts takes seconds.
"""

import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import redis
from django.db import transaction
from django.utils import timezone

from requests_tracker.accounts.models import User
from requests_tracker.celery import app as celery_app
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.services import enqueue_alerts
from tests.smtp import Inbox, free_port
from tests.workers import celery_environment, start_celery, stop, wait_for

OUTBOX_FAST = {
    "OUTBOX_RETRY_BASE_SECONDS": "1",
    "OUTBOX_RETRY_MAX_SECONDS": "2",
    "OUTBOX_SWEEP_SECONDS": "1",
    "DEFAULT_FROM_EMAIL": "tracker@example.org",
}


class RedisServer:
    """``redis-server`` on a free port, stopped and started again on that port at will."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis.from_url(self.url)
        assert wait_for(lambda: self._pings(client), timeout=10), self.log.read_text()
        client.close()

    @staticmethod
    def _pings(client: redis.Redis) -> bool | None:
        try:
            return bool(client.ping()) or None
        except redis.ConnectionError:
            return None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis.log")
    server.start()
    yield server
    server.stop()


class Processes:
    """Workers and beat started for one test on ``broker_url``, mailing to ``smtp_port``."""

    def __init__(self, tmp_path: Path, broker_url: str, smtp_port: int) -> None:
        self.tmp_path = tmp_path
        self.env = celery_environment(
            broker_url,
            EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "beat-schedule"),
            **OUTBOX_FAST,
        )
        self.started: list[subprocess.Popen[bytes]] = []

    def worker(self, name: str, *arguments: str) -> None:
        self.started.append(
            start_celery(
                "worker",
                "--hostname",
                f"{name}@%h",
                "--loglevel",
                "INFO",
                *arguments,
                env=self.env,
                log=self.tmp_path / f"{name}.log",
            )
        )

    def beat(self) -> None:
        self.started.append(
            start_celery("beat", "--loglevel", "INFO", env=self.env, log=self.tmp_path / "beat.log")
        )

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}"
            for log in sorted(self.tmp_path.glob("*.log"))
        )

    def succeeded(self, name: str, task: str) -> int:
        """How many ``task`` runs the worker ``name`` logged as succeeded."""
        lines = (self.tmp_path / f"{name}.log").read_text(errors="replace").splitlines()
        return sum(f".{task}[" in line and "succeeded" in line for line in lines)

    def stop(self) -> None:
        for process in self.started:
            stop(process)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Callable[[str, int], Processes]]:
    """Start workers and beat with ``processes(broker_url, smtp_port)``; all stop at the end."""
    made: list[Processes] = []

    def make(broker_url: str, smtp_port: int) -> Processes:
        made.append(Processes(tmp_path, broker_url, smtp_port))
        return made[-1]

    yield make
    for each in made:
        each.stop()


@contextmanager
def web_process_broker(url: str) -> Iterator[None]:
    """The broker this (web) process queues tasks on, for the duration of the block."""
    previous = celery_app.conf.broker_url
    celery_app.conf["broker_url"] = url
    # Celery keeps the connection pools of the broker it first used; a fork drops them.
    celery_app._after_fork()  # type: ignore[attr-defined]
    try:
        yield
    finally:
        celery_app.conf["broker_url"] = previous
        celery_app._after_fork()  # type: ignore[attr-defined]


def due_alerts(count: int, *, recipient: User) -> list[int]:
    """``count`` reminders due now for ``recipient``, each naming its number in its subject."""
    now = timezone.now()
    with transaction.atomic():
        alerts = Alert.objects.bulk_create(
            Alert(
                recipient=recipient,
                kind=AlertKind.DEADLINE_SOON,
                dedupe_key=f"fault-test:{number}",
                language="en",
                created_at=now,
                next_attempt_at=now,
                context={
                    "recipient_name": "Dana",
                    "subject": f"alert-{number:05d}",
                    "body_name": "Police Department of Almaty",
                    "due_date": date(2026, 3, 16).isoformat(),
                    "rule_title": "Access to Information Law, Art. 11",
                    "rule_id": "KZ.ATI.11.response",
                    "request_url": "http://tracker.example.org/requests/1/",
                },
            )
            for number in range(count)
        )
        ids = [alert.pk for alert in alerts]
        enqueue_alerts(ids)  # the fast path, on commit: quietly refused while the broker is down
    return ids


def alert_numbers(inbox: Inbox) -> list[str]:
    """The number of each alert received, in the order received (a repeat appears twice)."""
    return [
        str(message["Subject"]).strip().rsplit(": ", 1)[1]
        for message in inbox.messages
        if "alert-" in str(message["Subject"])
    ]
