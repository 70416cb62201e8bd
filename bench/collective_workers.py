"""The fan-out benchmark's scale-out part: one appeal fanned out by 1, then 2, real workers.

Each worker is ``celery -A requests_tracker worker --pool solo -Q celery`` (one task at a time, the
main queue only: the emails' send tasks wait in the "pdf" queue, deleted afterwards), on the
benchmark's PostgreSQL database and on the Redis database of ``BENCH_REDIS_URL``. The clock runs
from sending the coordinator task, as the web process does, until the appeal is fanned out.
Imported after Django is set up.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import redis
from celery import Celery
from django.utils import timezone

from bench.common import PROJECT_DIR
from requests_tracker.collective.models import AppealState, CollectiveAppeal

COORDINATOR = "requests_tracker.collective.tasks.fan_out_appeal_task"
QUEUES = ("celery", "pdf")


def _environment(database_url: str, redis_url: str, batch_size: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "requests_tracker.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "COLLECTIVE_FANOUT_BATCH_SIZE": str(batch_size),
        "PYTHONUNBUFFERED": "1",
    }


def _start(number: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "requests_tracker", "worker", "--pool", "solo",
         "-Q", "celery", "-n", f"bench{number}@%h", "--loglevel", "INFO"],
        cwd=PROJECT_DIR, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait()


def _wait(probe: Callable[[], bool], timeout: float, every: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(every)
    return False


def _empty_queues(redis_url: str) -> None:
    """Only the benchmark's own queues (it is given a Redis database of its own)."""
    client = redis.Redis.from_url(redis_url)
    try:
        client.delete(*QUEUES)
    finally:
        client.close()


def fan_out_with_workers(
    *, appeal_id: int, workers: int, database_url: str, redis_url: str, batch_size: int, logs: Path
) -> float:
    """Seconds from the coordinator task sent to the appeal fanned out, by ``workers`` workers.
    The appeal must be scheduled with its undo window closed and nothing made yet."""
    _empty_queues(redis_url)
    env = _environment(database_url, redis_url, batch_size)
    log_files = [logs / f"worker-{workers}-{number}.log" for number in range(workers)]
    processes = [_start(number, env, log) for number, log in enumerate(log_files)]
    try:
        ready = _wait(
            lambda: all(b" ready." in log.read_bytes() for log in log_files), timeout=120, every=0.1
        )
        if not ready:
            sys.exit(f"the workers did not start: see {logs}")
        sender = Celery("bench-web", broker=redis_url, set_as_current=False)
        sender.conf.task_serializer = "json"
        started = time.perf_counter()
        # The URL given here: Celery prefers CELERY_BROKER_URL, memory:// in this process.
        with sender.connection_for_write(url=redis_url) as connection:
            sender.send_task(COORDINATOR, args=(appeal_id,), connection=connection)
        done = _wait(
            lambda: CollectiveAppeal.objects.filter(
                pk=appeal_id, state=AppealState.FANNED_OUT
            ).exists(),
            timeout=900,
            every=0.01,
        )
        elapsed = time.perf_counter() - started
        if not done:
            sys.exit(f"the fan-out did not finish in 900 s: see {logs}")
    finally:
        for process in processes:
            _stop(process)
        _empty_queues(redis_url)
    return elapsed


def batches_per_worker(logs: Path, workers: int) -> list[int]:
    return [
        sum(
            "fan_out_batch_task" in line and "succeeded" in line
            for line in (logs / f"worker-{workers}-{number}.log").read_text().splitlines()
        )
        for number in range(workers)
    ]


def scale_out(
    *,
    appeal_id: int,
    rounds: int,
    batch_size: int,
    redis_url: str,
    reset: Callable[[], None],
    check: Callable[[str], object],
) -> None:
    """The appeal fanned out by 1 and by 2 worker processes, alternately, ``rounds`` times;
    ``reset`` deletes what a fan-out made, ``check`` counts what it made (or exits)."""
    logs = Path(tempfile.mkdtemp(prefix="bench-collective-"))
    times: dict[int, list[float]] = {1: [], 2: []}
    loads = []
    for number in range(rounds):
        for workers in (1, 2):
            reset()
            # The workers take their own clock: the undo window closed a second ago.
            CollectiveAppeal.objects.filter(pk=appeal_id).update(
                send_after=timezone.now() - timedelta(seconds=1)
            )
            loads.append(os.getloadavg())
            times[workers].append(
                fan_out_with_workers(
                    appeal_id=appeal_id,
                    workers=workers,
                    database_url=os.environ["DATABASE_URL"],
                    redis_url=redis_url,
                    batch_size=batch_size,
                    logs=logs,
                )
            )
            check(f"{workers} worker(s), round {number + 1}")
    one, two = statistics.median(times[1]), statistics.median(times[2])
    print(f"workers ({rounds} rounds each, batches of {batch_size}, logs in {logs}):")
    print(f"  1 worker:  {', '.join(f'{t:.2f} s' for t in times[1])}  median {one:.2f} s")
    print(
        f"  2 workers: {', '.join(f'{t:.2f} s' for t in times[2])}  median {two:.2f} s"
        f"  (batches per worker, last run: {batches_per_worker(logs, 2)})"
    )
    print(f"  speed-up 2 / 1 workers: {one / two:.2f} (target >= 1.6 on two cores)")
    print(
        f"  each run made one request and one letter per addressee and one email per addressee "
        f"with an address (checked); load averages before each run: {loads}"
    )
