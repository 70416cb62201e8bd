"""Benchmark of OCR: seconds per scanned page on one core, and the deadline sweep during an OCR
batch against the sweep alone.

Run from the project folder, alone on the machine if you can:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_ocrcorpus \\
    BENCH_BROKER_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python bench/ocr_pages.py [--pages 10] [--batch 10] [--due 10000] [--repeat 3]

1. **Seconds per page** (no database): ``--pages`` one-page A4 letters scanned at 300 dpi (half
   Russian, half Kazakh: the letters of tests/reading/corpus and tests/reading/ocr_samples, each
   scanned again with noise of its own, tests/reading/corpus_files.py), each read by
   ``reading.ocr.read_pdf_page`` in this process pinned to one core (``sched_setaffinity``; the
   Tesseract it starts inherits it, and reads with one thread). Prints every page's time and
   character error rate, then the median and the 90th percentile. Target: < 10 s a page.
2. **The sweep during an OCR batch** (PostgreSQL and Redis): it seeds ``--due`` requests whose
   legal deadline ended at the last midnight among twice as many open ones (the seeding of
   bench/sweep_benchmark.py, which **empties the request tables**: a benchmark database only), and
   starts the
   workers as docker-compose.yml does: one ``-Q ocr --concurrency 1`` and one ``-Q celery,sweep``
   (prefork, as many processes as cores), the OCR worker with the CPU weight its container has
   there (``cpu_shares: 128``, an eighth: here its session's autogroup nice 9; ``--equal-weight``
   leaves it at the others' weight, to see what the weight buys). The broker's Redis database is
   **emptied** (FLUSHDB) before and after: give it one of its own. Then, ``--repeat`` times
   each, alternately:
   - *alone*: beat's task (``sweep_deadlines_task``) sent to the sweep queue, timed until every
     deadline is passed and every batch task has ended;
   - *during OCR*: ``--batch`` replies, each with one scanned letter (a PDF without a text layer),
     are filed on requests not due, their ``read_event_task`` sent to the "ocr" queue, and the
     same sweep sent at once; the sweep is timed as above, and the batch until the OCR worker
     has ended every task.
   Each run is checked (one overdue event, violation, alert, passed deadline and overdue request
   per request due; the files' text read) and undone before the next. The sweep's alert sends go
   to the "celery" queue, which the sweep's worker also takes, as in production; a run starts
   once they are all sent. Prints each run with the load average, then the medians, the ratio
   during / alone (the issue's claim: the same time, 1.0) and the OCR batch's own duration.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from bench.common import PROJECT_DIR, create_database_if_missing, require_postgres_url

READ_TASK = "requests_tracker.reading.tasks.read_event_task"
SWEEP_TASK = "requests_tracker.monitoring.tasks.sweep_deadlines_task"
BATCH_TASK = "requests_tracker.monitoring.tasks.sweep_deadline_batch_task"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10, help="scanned pages timed (part 1)")
    parser.add_argument("--batch", type=int, default=10, help="scanned replies of the OCR batch")
    parser.add_argument("--due", type=int, default=10_000, help="deadlines the sweep passes")
    parser.add_argument("--repeat", type=int, default=3, help="sweeps alone and during OCR")
    parser.add_argument("--pages-only", action="store_true", help="part 1 only (no database)")
    parser.add_argument(
        "--equal-weight",
        action="store_true",
        help="give the OCR worker the same CPU weight as the others (not as docker-compose.yml)",
    )
    arguments = parser.parse_args()
    if min(arguments.pages, arguments.batch, arguments.due, arguments.repeat) < 1:
        parser.error("every count must be at least 1")
    return arguments


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def scanned_letters(count: int) -> list[dict[str, Any]]:
    """``count`` one-page letters scanned at 300 dpi, Russian and Kazakh in turn, each with an id
    (and so noise and a rotation) of its own."""
    from tests.reading.corpus_files import load_letters

    by_language = {
        language: [letter for letter in load_letters() if letter["language"] == language]
        for language in ("ru", "kk")
    }
    scans = []
    for number in range(count):
        letters = by_language[("ru", "kk")[number % 2]]
        letter = letters[(number // 2) % len(letters)]
        scans.append({**letter, "form": "scan_pdf", "dpi": 300, "id": f"{letter['id']}#{number}"})
    return scans


def character_error_rate(known: str, read: str) -> float:
    import re

    from rapidfuzz.distance import Levenshtein

    reference = re.sub(r"\s+", " ", known).strip()
    return Levenshtein.distance(reference, re.sub(r"\s+", " ", read).strip()) / len(reference)


def seconds_per_page(count: int) -> None:
    from requests_tracker.reading import ocr
    from tests.reading.corpus_files import make_file

    if not ocr.ocr_available():
        sys.exit("Tesseract with its rus, kaz and eng data is not installed here.")
    scans = [(letter, make_file(letter)) for letter in scanned_letters(count)]
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    print(f"1. OCR of {count} one-page A4 scans at 300 dpi, on one core (of {os.cpu_count()}); "
          f"{load()}")  # fmt: skip
    times = []
    try:
        ocr.read_pdf_page(scans[0][1], 0)  # warm-up: the language data read from disk once
        for letter, content in scans:
            started = time.perf_counter()
            text = ocr.read_pdf_page(content, 0)
            took = time.perf_counter() - started
            times.append(took)
            rate = character_error_rate(str(letter["text"]), text)
            print(f"   {letter['id']:<28} {letter['language']}  {took:5.2f} s   CER {rate:6.2%}")
    finally:
        os.sched_setaffinity(0, cores)
    p90 = statistics.quantiles(times, n=10, method="inclusive")[8] if len(times) > 1 else times[0]
    print(f"   seconds per page: median {statistics.median(times):.2f} s, p90 {p90:.2f} s, "
          f"max {max(times):.2f} s (target < 10 s); {load()}")  # fmt: skip


# --- 2. The sweep alone and during an OCR batch ----------------------------------------------


def broker_url() -> str:
    url = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/12")
    if urlsplit(url).scheme != "redis":
        sys.exit(f"Refusing to run: BENCH_BROKER_URL must be a Redis database, not {url}")
    return url


def redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url)


def sender(url: str) -> Any:
    """A Celery app publishing to the broker with the project's queues and routes."""
    from celery import Celery
    from django.conf import settings

    app = Celery("bench-sender", broker=url, set_as_current=False)
    app.conf.task_serializer = "json"
    app.conf.task_queues = settings.CELERY_TASK_QUEUES
    app.conf.task_routes = settings.CELERY_TASK_ROUTES
    return app


def send(app: Any, task: str, *args: object) -> None:
    # Celery reads CELERY_BROKER_URL before its own setting, and this process's is memory://.
    own = os.environ.pop("CELERY_BROKER_URL", None)
    try:
        with app.connection_for_write() as connection:
            app.send_task(task, args=args, connection=connection)
    finally:
        if own is not None:
            os.environ["CELERY_BROKER_URL"] = own


def worker_environment(url: str, media_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "requests_tracker.settings",
        "DJANGO_DEBUG": "false",  # no query log in the workers
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-a-secret"),
        "CELERY_BROKER_URL": url,
        "REDIS_URL": url,
        "EMAIL_URL": "consolemail://",
        "MEDIA_ROOT": str(media_root),
        "PYTHONUNBUFFERED": "1",
    }


def start_worker(queues: str, name: str, extra: list[str], env: dict[str, str], log: Path) -> Any:
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "requests_tracker", "worker", "-Q", queues,
         "-n", f"{name}@%h", *extra, "--loglevel", "INFO"],
        cwd=PROJECT_DIR, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    started = time.monotonic()
    while "ready." not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() - started > 120:
            sys.exit(f"the {name} worker did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)
    return process


# docker-compose.yml gives the ocr-worker ``cpu_shares: 128``, an eighth of the others' 1024: under
# contention the scheduler gives its container an eighth of a core's time for each full share
# another container takes, and all the idle time. Outside containers, the workers started here
# each lead a session, and Linux's autogroup weighs sessions against one another: nice 9 gives a
# session the weight 137 of the default 1024, the same eighth.
AUTOGROUP_NICE_OF_THE_COMPOSE_SHARE = 9


def weigh_as_compose(pid: int) -> None:
    """Give the OCR worker's session (the worker, its pool, the Tesseract it starts) the CPU
    weight docker-compose.yml gives its container."""
    autogroup = Path(f"/proc/{pid}/autogroup")
    if not autogroup.exists():
        print("(no autogroup here: the OCR worker keeps the weight of the others)")
        return
    autogroup.write_text(f"{AUTOGROUP_NICE_OF_THE_COMPOSE_SHARE}\n")
    print(f"OCR worker's session: {autogroup.read_text().strip()}")


def stop_worker(process: Any) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait()


def succeeded(log: Path, task: str) -> int:
    return sum(
        f"{task}[" in line and "succeeded" in line
        for line in log.read_text(errors="replace").splitlines()
    )


def passed_count() -> int:
    from requests_tracker.information_requests.models import Deadline

    return Deadline.objects.filter(state="passed").count()


def wait_until_idle(url: str) -> None:
    """Until the broker holds no task: none waiting in a queue, none taken and not yet done."""
    client = redis_client(url)
    started = time.monotonic()
    while any(client.llen(queue) for queue in ("celery", "sweep", "ocr")) or client.hlen("unacked"):
        if time.monotonic() - started > 600:
            sys.exit("the workers did not finish their queues in 10 minutes")
        time.sleep(0.1)
    client.close()


def file_scanned_replies(fixture: Any, count: int) -> list[int]:
    """``count`` replies received on requests not due, each with one scanned letter; their ids."""
    from requests_tracker.information_requests.models import Deadline, TimelineEvent
    from requests_tracker.information_requests.services import attach_evidence
    from requests_tracker.information_requests.status import EventKind
    from tests.reading.corpus_files import make_file

    request_ids = (
        Deadline.objects.filter(state="running", due_date__gt=fixture.today)
        .order_by("id")
        .values_list("information_request_id", flat=True)[:count]
    )
    event_ids = []
    for request_id, letter in zip(request_ids, scanned_letters(count), strict=True):
        event = TimelineEvent.objects.create(
            information_request_id=request_id,
            kind=EventKind.REPLY_RECEIVED,
            occurred_at=fixture.now,
        )
        attach_evidence(event=event, name=f"{letter['id']}.pdf", content=make_file(letter))
        event_ids.append(event.pk)
    return event_ids


def files_read(event_ids: list[int]) -> int:
    from requests_tracker.information_requests.models import EvidenceFile

    return EvidenceFile.objects.filter(event_id__in=event_ids).exclude(extracted_text="").count()


def timed_sweep(
    *, app: Any, due: int, batches: int, sweep_log: Path, ocr: tuple[list[int], Path] | None
) -> tuple[float, float | None]:
    """Seconds of the sweep (sent now), and of the OCR batch sent just before it, if any."""
    event_ids, ocr_log = ocr if ocr is not None else ([], sweep_log)
    batches_before = succeeded(sweep_log, BATCH_TASK)
    reads_before = succeeded(ocr_log, READ_TASK)
    started = time.perf_counter()
    for event_id in event_ids:
        send(app, READ_TASK, event_id)
    send(app, SWEEP_TASK)
    sweep_seconds: float | None = None
    ocr_seconds: float | None = None
    while sweep_seconds is None or (event_ids and ocr_seconds is None):
        now = time.perf_counter() - started
        swept = succeeded(sweep_log, BATCH_TASK) - batches_before >= batches
        if sweep_seconds is None and swept and passed_count() == due:
            sweep_seconds = now
        read = succeeded(ocr_log, READ_TASK) - reads_before >= len(event_ids)
        if event_ids and ocr_seconds is None and read:
            ocr_seconds = now
        if now > 900:
            sys.exit("the sweep or the OCR batch did not finish in 15 minutes")
        time.sleep(0.05)
    return sweep_seconds, ocr_seconds


def sweep_during_ocr(arguments: argparse.Namespace) -> None:
    url = require_postgres_url(default="postgres://postgres@127.0.0.1:5432/tracker_bench_ocr")
    create_database_if_missing(url)
    broker = broker_url()
    with TemporaryDirectory() as folder:
        media_root = Path(folder) / "media"
        os.environ["MEDIA_ROOT"] = str(media_root)  # the workers' and this process's
        from bench.common import set_up_django

        set_up_django()
        from django.conf import settings

        from bench.sweep_benchmark import make_fixture, reset_passed, seed, verify_passed

        fixture = make_fixture()
        took = seed(fixture, open_count=2 * arguments.due, due_count=arguments.due)
        batches = -(-arguments.due // settings.DEADLINE_SWEEP_BATCH_SIZE)
        print(
            f"\n2. The deadline sweep alone and during an OCR batch of {arguments.batch} scanned "
            f"replies: seeded {2 * arguments.due:,} open requests, {arguments.due:,} just passed, "
            f"in {took:.1f} s; {batches} batch tasks; {os.cpu_count()} CPUs"
        )
        redis_client(broker).flushdb()
        env = worker_environment(broker, media_root)
        app = sender(broker)
        logs = Path(folder)
        ocr_worker = start_worker("ocr", "ocr", ["--concurrency", "1"], env, logs / "ocr.log")
        if not arguments.equal_weight:
            weigh_as_compose(ocr_worker.pid)
        sweep_worker = start_worker("celery,sweep", "bench", [], env, logs / "sweep.log")
        alone: list[float] = []
        during: list[float] = []
        batch_times: list[float] = []
        try:
            for _ in range(arguments.repeat):
                for with_ocr in (False, True):
                    reset_passed(fixture)
                    wait_until_idle(broker)
                    ocr = None
                    if with_ocr:
                        event_ids = file_scanned_replies(fixture, arguments.batch)
                        ocr = (event_ids, logs / "ocr.log")
                    sweep_seconds, ocr_seconds = timed_sweep(
                        app=app, due=arguments.due, batches=batches,
                        sweep_log=logs / "sweep.log", ocr=ocr,
                    )  # fmt: skip
                    verify_passed(arguments.due)  # exits unless one of each per request due
                    if ocr is None or ocr_seconds is None:
                        alone.append(sweep_seconds)
                        print(f"   sweep alone:      {sweep_seconds:6.2f} s; {load()}")
                        continue
                    read = files_read(ocr[0])
                    during.append(sweep_seconds)
                    batch_times.append(ocr_seconds)
                    print(f"   sweep during OCR: {sweep_seconds:6.2f} s; the OCR batch "
                          f"{ocr_seconds:6.2f} s ({ocr_seconds / arguments.batch:.2f} s a reply), "
                          f"{read} of {arguments.batch} files with text; {load()}")  # fmt: skip
                    if read < arguments.batch:
                        print("   (the files of this checkout's replies were not all read by "
                              "OCR: the batch's time is not OCR's)")  # fmt: skip
        finally:
            stop_worker(ocr_worker)
            stop_worker(sweep_worker)
            reset_passed(fixture)
            redis_client(broker).flushdb()
    alone_median, during_median = statistics.median(alone), statistics.median(during)
    print(f"   median of {arguments.repeat}: the sweep alone {alone_median:.2f} s, during OCR "
          f"{during_median:.2f} s: ratio {during_median / alone_median:.2f} (target 1.0); the "
          f"OCR batch {statistics.median(batch_times):.2f} s; {load()}")  # fmt: skip
    if max(during) > statistics.median(batch_times):
        print("   (a sweep ended after its OCR batch: it did not run wholly during OCR)")


def main() -> None:
    arguments = parse_arguments()
    seconds_per_page(arguments.pages)
    if not arguments.pages_only:
        sweep_during_ocr(arguments)


if __name__ == "__main__":
    main()
