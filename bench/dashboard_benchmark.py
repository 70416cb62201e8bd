"""Benchmark of the dashboard's first page on PostgreSQL, at 2,000 and at 20,000 visible requests.

Run from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_dashboard17 \
        .venv/bin/python bench/dashboard_benchmark.py [--small 2000] [--large 20000] [--repeat 15]

For each size it seeds the requests of one journalist (shared with her newsroom, so that the
organisation view shows them too), each with a superseded and a live legal deadline carrying a
computation trace, then measures in this process the first page of "my requests" and of "my
organisation's" (median of ``--repeat`` runs, queries and bytes per page) against one hand-written
SQL statement reading the same page; then, unless ``--no-wrk``, it starts gunicorn (2 workers) and
runs ``wrk`` for ``--seconds`` at 8 connections on the dashboard and on the home page (the server's
ceiling, same run). The target: the 20,000 page within 1.5x the 2,000 one.
The database is created when missing and its request tables are emptied and re-seeded: never point
it at a database whose data matters.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from bench.common import PROJECT_DIR, create_database_if_missing, require_postgres_url
from bench.dashboard_baselines import BASELINE, ORGANISATION_BASELINE
from bench.served import answer, start_gunicorn, wrk

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench_dashboard17"
RULE_ID = "KZ.ATI.11.response"
JOURNALIST = "bench-dashboard"
NEWSROOM = "bench-newsroom"
TARGET = 1.5
# The bench process and gunicorn share the key: the session cookie made here must hold there.
SECRET_KEY = "benchmark-only-not-a-secret-" + "x" * 32
STATIC_ROOT = Path(tempfile.gettempdir()) / "tracker_bench_dashboard17_static"
SEEDED_TABLES = (
    "correspondence_letter",
    "notifications_alert",
    "monitoring_violation",
    "information_requests_evidencefile",
    "information_requests_timelineevent",
    "information_requests_deadline",
    "information_requests_informationrequest_legal_rules",
    "information_requests_informationrequest",
)

# One in ten requests is overdue (its deadline passed), one in twenty a draft, the rest await a
# reply with a deadline in the next 30 days.
SEED_REQUESTS = """
INSERT INTO information_requests_informationrequest
    (created_at, updated_at, step, subject, text, language, visibility, status,
     public_body_id, requester_id, organization_id)
SELECT %(created)s, %(created)s, 'request', 'Запрос о статистике задержаний № ' || g,
       'Прошу сообщить число задержаний журналистов за 2025 год.', 'ru', 'organization',
       CASE WHEN g %% 10 = 0 THEN 'overdue' WHEN g %% 20 = 5 THEN 'draft'
            ELSE 'awaiting_reply' END,
       (%(bodies)s::bigint[])[1 + g %% %(body_count)s], %(requester)s, %(organization)s
FROM generate_series(1, %(count)s) AS g
"""

SEED_LEGAL_RULES = """
INSERT INTO information_requests_informationrequest_legal_rules
    (informationrequest_id, legalrule_id)
SELECT id, %(rule)s FROM information_requests_informationrequest
"""

# A trace of the size the calculator stores (eight steps), on every deadline row.
TRACE = (
    '[["start_registration", {"date": "2026-03-02"}], ["period", {"amount": 15, '
    '"unit": "calendar_days"}], ["nominal", {"date": "2026-03-17"}], ["holiday", '
    '{"date": "2026-03-21", "name": "Наурыз мейрамы"}], ["holiday", {"date": "2026-03-22"}], '
    '["holiday", {"date": "2026-03-23"}], ["moved", {"from": "2026-03-21", "to": "2026-03-24"}], '
    '["ends_at", {"time": "18:00"}]]'
)

SEED_DEADLINES = """
INSERT INTO information_requests_deadline
    (kind, state, is_legal_deadline, start_date, nominal_date, due_date, ends_at, trace,
     due_day_starts_at, computed_at, superseded_at, findings, information_request_id,
     legal_rule_id)
SELECT 'response', state, true, due_date - 15, due_date, due_date,
       (due_date + time '23:59:59.999999') AT TIME ZONE %(tz)s, %(trace)s::jsonb,
       due_date::timestamp AT TIME ZONE %(tz)s, %(created)s,
       CASE WHEN state = 'superseded' THEN %(created)s END, '[]'::jsonb, id, %(rule)s
FROM (
    SELECT r.id, 'superseded' AS state, %(today)s::date - 20 AS due_date
    FROM information_requests_informationrequest r WHERE r.status <> 'draft'
    UNION ALL
    SELECT r.id,
           CASE WHEN r.status = 'overdue' THEN 'passed' ELSE 'running' END,
           CASE WHEN r.status = 'overdue' THEN %(today)s::date - 1 - (r.id %% 9)::int
                ELSE %(today)s::date + (r.id %% 30)::int END
    FROM information_requests_informationrequest r WHERE r.status <> 'draft'
) AS planned
"""

# What the clock stores on each request: the due date of its legal deadline.
STORE_LEGAL_DUE_DATES = """
UPDATE information_requests_informationrequest r SET legal_due_date = (
    SELECT d.due_date FROM information_requests_deadline d
    WHERE d.information_request_id = r.id AND d.is_legal_deadline AND d.state <> 'superseded'
    ORDER BY d.due_date, d.id LIMIT 1
)
"""


@dataclass(frozen=True)
class Figures:
    median: float
    minimum: float
    queries: int
    size: int


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=2_000, help="visible requests (small)")
    parser.add_argument("--large", type=int, default=20_000, help="visible requests (large)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per measurement")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each wrk run")
    parser.add_argument("--no-wrk", action="store_true", help="skip the gunicorn and wrk runs")
    return parser.parse_args()


def set_up() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "requests_tracker.settings"
    os.environ["DJANGO_DEBUG"] = "true"
    os.environ["DJANGO_SECRET_KEY"] = SECRET_KEY
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.chdir(PROJECT_DIR)

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(f"Refusing to run: the database is {connection.vendor}, not PostgreSQL.")
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    settings.DEBUG = False  # no query log in the timed runs


def journalist(size: int) -> Any:
    """The journalist who sees ``size`` requests, member of a newsroom of her own."""
    from requests_tracker.accounts.models import Membership, Organization, Role, User

    user, _created = User.objects.update_or_create(
        username=f"{JOURNALIST}-{size}",
        defaults={"email": f"{JOURNALIST}-{size}@example.org", "preferred_language": "ru"},
    )
    newsroom, _created = Organization.objects.get_or_create(
        slug=f"{NEWSROOM}-{size}", defaults={"name": f"Редакция {size}", "kind": "media_outlet"}
    )
    Membership.objects.get_or_create(
        user=user, organization=newsroom, defaults={"role": Role.JOURNALIST}
    )
    return user


def seed(users: dict[int, Any]) -> float:
    """Each journalist's requests (as many as her key), in one database, in the same run."""
    from django.conf import settings
    from django.db import connection, transaction

    from requests_tracker.bodies.models import PublicBody
    from requests_tracker.laws.models import LegalRule

    started = time.perf_counter()
    today = datetime.now(ZoneInfo(settings.TIME_ZONE)).date()
    body_ids = list(PublicBody.objects.order_by("id").values_list("id", flat=True))
    params = {
        "created": datetime.now(ZoneInfo(settings.TIME_ZONE)) - timedelta(days=30),
        "bodies": body_ids,
        "body_count": len(body_ids),
        "rule": LegalRule.objects.get(rule_id=RULE_ID).pk,
        "tz": settings.TIME_ZONE,
        "trace": TRACE,
        "today": today,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(f"TRUNCATE {', '.join(SEEDED_TABLES)} RESTART IDENTITY CASCADE")
        for count, user in users.items():
            organization = user.memberships.get().organization_id
            cursor.execute(
                SEED_REQUESTS,
                {**params, "count": count, "requester": user.pk, "organization": organization},
            )
        cursor.execute(SEED_LEGAL_RULES, params)
        cursor.execute(SEED_DEADLINES, params)
        cursor.execute(STORE_LEGAL_DUE_DATES)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(SEEDED_TABLES)}")
    return time.perf_counter() - started


def measure_pages(clients: dict[int, Any], repeat: int) -> dict[tuple[int, str], Figures]:
    """Each size's first pages, timed in turn round after round: the same load for all."""
    from django.db import connection

    paths = {"mine": "/requests/", "organisation": "/requests/?scope=organization"}
    timings: dict[tuple[int, str], list[float]] = {
        (size, name): [] for size in clients for name in paths
    }
    queries: dict[tuple[int, str], int] = {}
    sizes: dict[tuple[int, str], int] = {}
    for key in timings:
        size, name = key
        response = clients[size].get(paths[name])  # warm-up, and the figures of one page
        if response.status_code != 200:
            sys.exit(f"{paths[name]} answered {response.status_code}")
        sizes[key] = len(response.content)
        executed: list[str] = []

        def counted(execute: Any, sql: str, *rest: Any, log: list[str] = executed) -> Any:
            log.append(sql)
            return execute(sql, *rest)

        # A wrapper, not the debug cursor's log: the test client's request_started empties that.
        with connection.execute_wrapper(counted):
            clients[size].get(paths[name])
        queries[key] = len(executed)
    for _ in range(repeat):
        for key in timings:
            size, name = key
            started = time.perf_counter()
            clients[size].get(paths[name])
            timings[key].append(time.perf_counter() - started)
    return {
        key: Figures(statistics.median(times), min(times), queries[key], sizes[key])
        for key, times in timings.items()
    }


def measure_baseline(user: Any, repeat: int, sql: str) -> float:
    from django.conf import settings
    from django.db import connection

    timings = []
    params = {
        "requester": user.pk,
        "organization": user.memberships.get().organization_id,
        "limit": settings.LIST_PAGE_SIZE + 1,
    }
    with connection.cursor() as cursor:
        for _ in range(repeat + 1):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timings.append(time.perf_counter() - started)
    return statistics.median(timings[1:])


def explain_page(user: Any) -> None:
    """The plans of the pages' main queries: "mine" should read the index `dashboard_order`,
    the organisation's both it and `dashboard_shared_order`, each under a `Limit`."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from requests_tracker.access.requests import readable_request_parts, readable_requests
    from requests_tracker.information_requests.listing import MergedRequests, in_dashboard_order

    page = in_dashboard_order(readable_requests(user).filter(requester=user))
    sql, params = page[: settings.LIST_PAGE_SIZE + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print("  plan of mine: " + " | ".join(line.strip() for line in plan[:4]))
    with CaptureQueriesContext(connection) as merged:
        MergedRequests(readable_request_parts(user)).rows(0, settings.LIST_PAGE_SIZE + 1)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + merged.captured_queries[-1]["sql"])
        plan = [row[0].strip() for row in cursor.fetchall()]
    scans = [line for line in plan if line.startswith(("->  Limit", "->  Index"))]
    print("  plan of the organisation's: " + " | ".join(scans))


def run_wrk(sessions: dict[int, str], seconds: int) -> None:
    if shutil.which("wrk") is None:
        print("wrk: not installed (apt-get install -y wrk); skipped")
        return
    port, server = start_gunicorn(secret_key=SECRET_KEY, static_root=STATIC_ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        runs = [("home page", "/", min(sessions))]
        for size in sessions:
            runs.append((f"dashboard, {size:,}", "/requests/", size))
            runs.append((f"organisation, {size:,}", "/requests/?scope=organization", size))
        for name, path, size in runs:
            status, length = answer(port, path, sessions[size])
            if status != 200:
                sys.exit(f"gunicorn answered {status} to {path}: no figure")
            rate, failed = wrk(base + path, sessions[size], seconds)
            print(
                f"  wrk {name:22} {rate:8.1f} requests/s ({length:,} bytes, non-2xx: {failed}); "
                f"load average {os.getloadavg()[0]:.2f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    arguments = parse_arguments()
    url = require_postgres_url(default=DEFAULT_URL)
    create_database_if_missing(url)
    set_up()
    from django.conf import settings
    from django.test import Client

    users = {size: journalist(size) for size in (arguments.small, arguments.large)}
    clients = {}
    for size, user in users.items():
        clients[size] = Client(HTTP_ACCEPT_LANGUAGE="ru")
        clients[size].force_login(user)
    print(f"page size {settings.LIST_PAGE_SIZE}, count limit {settings.LIST_COUNT_LIMIT}")
    took = seed(users)
    print(f"seeded {arguments.small:,} + {arguments.large:,} requests in {took:.1f} s")
    baselines = {}
    for size, user in users.items():
        baselines[size, "mine"] = measure_baseline(user, arguments.repeat, BASELINE)
        baselines[size, "organisation"] = measure_baseline(
            user, arguments.repeat, ORGANISATION_BASELINE
        )
        print(
            f"\n{size:,} visible requests: hand-written SQL of the page "
            f"{baselines[size, 'mine'] * 1000:.2f} ms (mine), "
            f"{baselines[size, 'organisation'] * 1000:.2f} ms (the organisation's)"
        )
        explain_page(user)
    print(f"\nfirst pages, {arguments.repeat} rounds, the sizes in turn:")
    figures = measure_pages(clients, arguments.repeat)
    for (size, name), figure in figures.items():
        print(
            f"  {size:>7,} {name:12}: median {figure.median * 1000:7.2f} ms, "
            f"min {figure.minimum * 1000:7.2f} ms "
            f"({figure.median / baselines[size, name]:5.1f}x the SQL), "
            f"{figure.queries} queries, {figure.size:,} bytes"
        )
    print(f"  load average {os.getloadavg()}")
    if not arguments.no_wrk:
        print("\nunder wrk, 8 connections, gunicorn with 2 workers:")
        run_wrk(
            {size: client.cookies["sessionid"].value for size, client in clients.items()},
            arguments.seconds,
        )
    for name in ("mine", "organisation"):
        ratio = figures[arguments.large, name].median / figures[arguments.small, name].median
        verdict = "met" if ratio <= TARGET else "NOT met"
        print(
            f"\n{name}: first page at {arguments.large:,} / at {arguments.small:,}: {ratio:.2f}x "
            f"(target <= {TARGET}x: {verdict}); load average {os.getloadavg()[0]:.2f}"
        )


if __name__ == "__main__":
    main()
