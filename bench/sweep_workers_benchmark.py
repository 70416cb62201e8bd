"""Benchmark of the deadline sweep run by real Celery workers: one worker process, then two.

Run from the project folder, last and alone on the machine if you can:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_sweep17 \
    BENCH_BROKER_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python bench/sweep_workers_benchmark.py [--due 20000] [--repeat 3]

It seeds ``--due`` requests whose legal deadline ended at the last midnight (as
bench/sweep_benchmark.py does, on the same tables, which it empties), starts ``celery worker
--pool prefork --concurrency 1 -Q sweep`` processes, sends beat's task (the coordinator) and times
until every deadline is passed and every batch task has ended. Between runs the written rows are
undone and the alert sends they queued dropped; the broker's database is emptied (FLUSHDB) before
the workers start and at the end: give it a Redis database of its own. After
every run it counts one overdue event, violation, alert, passed deadline and overdue request per
request, and it prints the median of ``--repeat`` runs with one worker, with two, their ratio and
the load average.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from bench.common import PROJECT_DIR, create_database_if_missing, require_postgres_url
from bench.common import set_up_django as set_up_django_here

SWEEP_TASK = "requests_tracker.monitoring.tasks.sweep_deadlines_task"
BATCH_TASK = "requests_tracker.monitoring.tasks.sweep_deadline_batch_task"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--due", type=int, default=20_000, help="deadlines just passed")
    parser.add_argument("--open", type=int, default=None, help="open requests (default: --due)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per worker count")
    parser.add_argument("--batch-size", type=int, default=1000, help="deadlines a batch task")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts")
    arguments = parser.parse_args()
    arguments.open = arguments.open or arguments.due
    if not 0 < arguments.due <= arguments.open or arguments.repeat < 1:
        parser.error("need 0 < --due <= --open and --repeat >= 1")
    return arguments


def broker_url() -> str:
    url = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/10")
    if urlsplit(url).scheme != "redis":
        sys.exit(f"Refusing to run: BENCH_BROKER_URL must be a Redis database, not {url}")
    return url


def flush_broker(url: str) -> None:
    """Empty the broker's database: only while no worker runs (it deletes kombu's bindings)."""
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


def drop_alert_sends(url: str) -> None:
    """The alert sends a run queued (the ``celery`` queue, which these workers do not take)."""
    import redis

    client = redis.Redis.from_url(url)
    client.delete("celery")
    client.close()


def send_coordinator(url: str) -> None:
    """Publish beat's task on the sweep's queue, as beat would."""
    from celery import Celery
    from django.conf import settings

    sender = Celery("beat-stand-in", broker=url, set_as_current=False)
    sender.conf.task_serializer = "json"
    # The project's queues and routes, so that the task goes where beat sends it.
    sender.conf.task_queues = settings.CELERY_TASK_QUEUES
    sender.conf.task_routes = settings.CELERY_TASK_ROUTES
    # Celery reads CELERY_BROKER_URL before its own setting, and this process's is memory://.
    own = os.environ.pop("CELERY_BROKER_URL", None)
    try:
        with sender.connection_for_write() as connection:
            sender.send_task(SWEEP_TASK, connection=connection)
    finally:
        if own is not None:
            os.environ["CELERY_BROKER_URL"] = own


def worker_environment(url: str, batch_size: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "requests_tracker.settings",
        "DJANGO_DEBUG": "false",  # no query log in the workers
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-a-secret"),
        "CELERY_BROKER_URL": url,
        "REDIS_URL": url,
        "EMAIL_URL": "consolemail://",
        "DEADLINE_SWEEP_BATCH_SIZE": str(batch_size),
        "PYTHONUNBUFFERED": "1",
    }


def count_in(log: Path, task: str, word: str) -> int:
    text = log.read_text(errors="replace") if log.exists() else ""
    return sum(f"{task}[" in line and word in line for line in text.splitlines())


def start_workers(count: int, env: dict[str, str], folder: Path) -> list[subprocess.Popen[bytes]]:
    processes = []
    for number in range(count):
        log = folder / f"worker{number}.log"
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "requests_tracker", "worker",
                 "--pool", "prefork", "--concurrency", "1", "-Q", "sweep",
                 "--hostname", f"bench{number}@%h", "--loglevel", "INFO"],
                cwd=PROJECT_DIR, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )  # fmt: skip
    for number in range(count):
        log = folder / f"worker{number}.log"
        started = time.monotonic()
        while "ready." not in (log.read_text(errors="replace") if log.exists() else ""):
            if time.monotonic() - started > 120:
                sys.exit(f"worker {number} did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
    return processes


def stop_workers(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def passed_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_requests_deadline WHERE state = 'passed'")
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def timed_run(*, url: str, due: int, batches: int, logs: list[Path]) -> tuple[float, list[int]]:
    """Send beat's task; seconds until every deadline is passed and every batch task ended."""
    before = [count_in(log, BATCH_TASK, "succeeded") for log in logs]
    started = time.perf_counter()
    send_coordinator(url)
    while True:
        done = [
            count_in(log, BATCH_TASK, "succeeded") - b for log, b in zip(logs, before, strict=True)
        ]
        if sum(done) >= batches and passed_count() == due:
            return time.perf_counter() - started, done
        if time.perf_counter() - started > 900:
            sys.exit(f"the sweep did not finish in 15 minutes: {done} batches, {passed_count()}")
        time.sleep(0.05)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    arguments = parse_arguments()
    url = require_postgres_url(default="postgres://postgres@127.0.0.1:5432/tracker_bench_sweep")
    create_database_if_missing(url)
    broker = broker_url()
    set_up_django_here()

    # The seeding and the checks of the in-process benchmark, on the same tables.
    from bench.sweep_benchmark import make_fixture, reset_passed, seed, verify_passed

    fixture = make_fixture()
    took = seed(fixture, open_count=arguments.open, due_count=arguments.due)
    batches = -(-arguments.due // arguments.batch_size)
    print(
        f"seeded {arguments.open:,} open requests, {arguments.due:,} just passed, in {took:.1f} s;"
        f" {batches} batch tasks of {arguments.batch_size}; {os.cpu_count()} CPUs; {load()}"
    )
    env = worker_environment(broker, arguments.batch_size)
    medians: dict[int, float] = {}
    with TemporaryDirectory() as folder:
        for count in arguments.workers:
            run_folder = Path(folder) / f"{count}"
            run_folder.mkdir()
            logs = [run_folder / f"worker{n}.log" for n in range(count)]
            reset_passed(fixture)
            flush_broker(broker)
            workers = start_workers(count, env, run_folder)
            runs = []
            try:
                for _ in range(arguments.repeat):
                    reset_passed(fixture)
                    drop_alert_sends(broker)
                    seconds, shares = timed_run(
                        url=broker, due=arguments.due, batches=batches, logs=logs
                    )
                    verify_passed(arguments.due)  # exits unless exactly one of each per request
                    runs.append(seconds)
                    print(
                        f"{count} worker(s): {seconds:6.2f} s, {arguments.due / seconds:7,.0f} "
                        f"deadlines/s, batches per worker {shares}; {load()}"
                    )
            finally:
                stop_workers(workers)
            medians[count] = statistics.median(runs)
    reset_passed(fixture)
    flush_broker(broker)

    print(f"\nResults (median of {arguments.repeat}), {arguments.due:,} newly overdue requests:")
    base = medians[arguments.workers[0]]
    for count, median in medians.items():
        print(
            f"  {count} worker process(es): {median:6.2f} s   speed-up {base / median:.2f}x"
            + ("   (target >= 1.6x with 2)" if count == 2 else "")
        )
    print(f"  checked after every run: {arguments.due:,} overdue events, violations, alerts, "
          "passed deadlines and overdue requests, one per request")  # fmt: skip
    print(f"  {load()}")


if __name__ == "__main__":
    main()
