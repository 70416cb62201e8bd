"""Benchmark of beat's minute search for followers' news, on PostgreSQL, as the archive grows.

Run from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_follow \
        .venv/bin/python bench/follow_news.py [--requests 20000] [--repeat 15]

It seeds ``--requests`` requests (half published) with four events each, recorded over the past
year, and 50 followers of bodies, and runs beat's search once to tell of everything (the
backfill). Then, with one new answer recorded on a published request before each run, it times
(median and 95th percentile of ``--repeat`` runs after a warm-up):

1. **beat's run** (``gather_news``): the events read from its last complete run, less an hour;
2. **beat's run reading every event**, as it did before it kept the mark (``NewsSweep`` emptied
   before each run), for what the mark saves;
3. **hand-written SQL**: one statement finding the told events of public requests recorded in the
   last hour without an announcement, the least a run must ask.

The database is created when missing and its request tables are emptied (TRUNCATE ... CASCADE)
and re-seeded: never point it at a database whose data matters.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from bench.common import create_database_if_missing, require_postgres_url, set_up_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench_follow"
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def seed(count: int) -> None:
    from django.db import connection

    from requests_tracker.accounts.models import User
    from requests_tracker.bodies.models import PublicBody
    from requests_tracker.following.services import follow_body
    from requests_tracker.information_requests.models import InformationRequest, TimelineEvent

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE information_requests_informationrequest, following_follow, "
            "following_newssweep, accounts_user CASCADE"
        )
    requester = User.objects.create(username="bench", email="bench@example.org")
    bodies = list(PublicBody.objects.order_by("pk"))
    requests = InformationRequest.objects.bulk_create(
        [
            InformationRequest(
                requester=requester,
                public_body=bodies[number % len(bodies)],
                subject=f"Запрос {number}",
                text="Прошу сообщить.",
                language="ru",
                visibility="public" if number % 2 == 0 else "private",
                status="awaiting_reply",
            )
            for number in range(count)
        ],
        batch_size=5000,
    )
    events = TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                information_request=request,
                kind=kind,
                occurred_at=NOW - timedelta(days=365 - number % 365),
                data={},
            )
            for number, request in enumerate(requests)
            for kind in ("created", "submitted", "registered", "answered")
        ],
        batch_size=10000,
    )
    # recorded over the past year, as an archive is
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE information_requests_timelineevent SET recorded_at = occurred_at"
            " WHERE id = ANY(%s)",
            [[event.pk for event in events]],
        )
    for body in bodies[:50]:
        follower = User.objects.create(username=f"f{body.pk}", email=f"f{body.pk}@example.org")
        follow_body(user=follower, public_body=body)


@dataclass
class Clock:
    """The minute of beat's next run, and how many answers were recorded."""

    now: datetime
    answers: int = 0


def quantiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(name: str, run: Callable[[], object], repeat: int) -> float:
    run()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    median, p95 = quantiles(seconds)
    print(f"{name:<40} median {median:7.1f} ms  p95 {p95:7.1f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    arguments = parser.parse_args()
    url = require_postgres_url(default=DEFAULT_URL)
    create_database_if_missing(url)
    set_up_django()

    from django.db import connection

    from requests_tracker.following.models import NewsSweep
    from requests_tracker.following.news import TOLD_EVENT_KINDS, gather_news
    from requests_tracker.information_requests.models import InformationRequest, TimelineEvent

    started = time.perf_counter()
    seed(arguments.requests)
    print(
        f"seeded {arguments.requests:,} requests, {TimelineEvent.objects.count():,} events "
        f"in {time.perf_counter() - started:.0f} s"
    )
    started = time.perf_counter()
    gather_news(now=NOW)
    print(f"first run (tells of every publication): {time.perf_counter() - started:.1f} s")
    published = list(
        InformationRequest.objects.filter(visibility="public").values_list("pk", flat=True)[:500]
    )
    clock = Clock(now=NOW)

    def new_answer() -> None:
        clock.now += timedelta(minutes=1)
        pk = published[clock.answers % len(published)]
        clock.answers += 1
        event = TimelineEvent.objects.create(
            information_request_id=pk, kind="partially_answered", occurred_at=clock.now
        )
        TimelineEvent.objects.filter(pk=event.pk).update(recorded_at=clock.now)

    def beat() -> None:
        new_answer()
        gather_news(now=clock.now)

    def beat_reading_everything() -> None:
        new_answer()
        NewsSweep.objects.all().delete()
        gather_news(now=clock.now)

    def hand_written() -> None:
        new_answer()
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT e.id FROM information_requests_timelineevent e
                JOIN information_requests_informationrequest r ON r.id = e.information_request_id
                WHERE e.recorded_at >= %s AND e.kind = ANY(%s) AND r.visibility = 'public'
                AND NOT EXISTS (SELECT 1 FROM following_announcement a WHERE a.event_id = e.id)
                """,
                [clock.now - timedelta(hours=1), [str(kind) for kind in TOLD_EVENT_KINDS]],
            )
            cursor.fetchall()

    print(f"load average before: {', '.join(f'{value:.2f}' for value in os.getloadavg())}")
    ours = measure("beat's run (since its last run)", beat, arguments.repeat)
    everything = measure(
        "beat's run reading every event", beat_reading_everything, arguments.repeat
    )
    baseline = measure("hand-written SQL (the last hour)", hand_written, arguments.repeat)
    print(f"load average after: {', '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(
        f"beat's run: {ours / baseline:.1f}x the hand-written SQL; reading every event: "
        f"{everything / baseline:.1f}x"
    )


if __name__ == "__main__":
    main()
