"""Benchmark of the deadline sweep on PostgreSQL, at a million open requests.

Run from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \
        .venv/bin/python bench/sweep_benchmark.py [--open 1000000] [--due 10000] [--repeat 5]

It measures (1) a sweep with nothing due, at 10,000 and at ``--open`` open requests: every sweep
query reads a partial index, so the cost should not grow with what is open; and (2) a sweep that
processes ``--due`` passed deadlines against one hand-written SQL statement making the same rows.
The database is created when missing and its request tables are emptied and re-seeded: never point
it at a database whose data matters.
"""

import argparse
import base64
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from bench.common import (
    create_database_if_missing,
    require_postgres_url,
    set_up_django,
)

RULE_ID = "KZ.MEDIA.36.response"
REQUESTER = "bench-requester"
SMALL_OPEN = 10_000
CLAIM_INDEX = "deadline_running_by_end"

# The tables a seed empties, every table that references them included (TRUNCATE refuses otherwise).
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
# The tables a passed-deadline run writes to.
WRITTEN_TABLES = (
    "notifications_alert",
    "monitoring_violation",
    "information_requests_timelineevent",
    "information_requests_deadline",
    "information_requests_informationrequest",
)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--open", type=int, default=1_000_000, help="open requests (large run)")
    parser.add_argument("--small-open", type=int, default=SMALL_OPEN, help="open requests (small)")
    parser.add_argument("--due", type=int, default=10_000, help="deadlines just passed")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--batch-size", type=int, default=None, help="sweep batch size")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the processing sweep with cProfile even when it meets the target",
    )
    arguments = parser.parse_args()
    if not 0 < arguments.due <= arguments.open or arguments.repeat < 1:
        parser.error("need 0 < --due <= --open and --repeat >= 1")
    return arguments


# --- Database and Django set-up ----------------------------------------------------------------


# --- Seeding -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    requester_id: int
    rule_id: int
    body_ids: list[int]
    today: date  # local date of the sweep
    now: datetime  # the processing sweep's `now`: 00:05 local, just after yesterday's deadlines
    before_all: datetime  # a `now` earlier than every seeded deadline's end
    time_zone: str


def make_fixture() -> Fixture:
    from django.conf import settings

    from requests_tracker.accounts.models import User
    from requests_tracker.bodies.models import PublicBody
    from requests_tracker.laws.models import LegalRule

    requester, _created = User.objects.update_or_create(
        username=REQUESTER,
        defaults={
            "email": "bench-requester@example.org",
            "first_name": "Bench",
            "last_name": "Requester",
            "preferred_language": "ru",
            "alert_deadline_passed": True,
            "is_active": True,
        },
    )
    body_ids = list(
        PublicBody.objects.filter(region__isnull=False).order_by("id").values_list("id", flat=True)
    )
    if not body_ids:
        sys.exit("No public body with a region: did load_reference_data run?")
    time_zone = settings.TIME_ZONE
    today = datetime.now(ZoneInfo(time_zone)).date()
    now = datetime.combine(today, datetime.min.time(), tzinfo=ZoneInfo(time_zone)) + timedelta(
        minutes=5
    )
    return Fixture(
        requester_id=requester.pk,
        rule_id=LegalRule.objects.get(rule_id=RULE_ID).pk,
        body_ids=body_ids,
        today=today,
        now=now,
        before_all=now - timedelta(days=1),
        time_zone=time_zone,
    )


SEED_REQUESTS = """
INSERT INTO information_requests_informationrequest
    (created_at, updated_at, step, subject, text, language, visibility, show_requester_name,
     status, public_body_id, requester_id)
SELECT %(created)s, %(created)s, 'request', 'Benchmark request ' || g,
       'Please provide the procurement plan for 2025.', 'ru', 'private', false, 'awaiting_reply',
       (%(bodies)s::bigint[])[1 + g %% %(body_count)s], %(requester)s
FROM generate_series(1, %(open)s) AS g
"""

SEED_LEGAL_RULES = """
INSERT INTO information_requests_informationrequest_legal_rules
    (informationrequest_id, legalrule_id)
SELECT id, %(rule)s FROM information_requests_informationrequest
"""

# Every `stride`-th request (the first `due` of them) has a deadline that ended yesterday at
# 23:59:59.999999 local time, just before `now`; the others end within the next six days. The
# reminder and due-day alerts are recorded (at computation time), so those sweeps find nothing.
SEED_DEADLINES = """
INSERT INTO information_requests_deadline
    (kind, state, is_legal_deadline, start_date, nominal_date, due_date, ends_at, trace,
     reminder_at, reminded_at, due_day_starts_at, due_day_alerted_at, computed_at, findings,
     information_request_id, legal_rule_id)
SELECT 'response', 'running', true, due_date - 7, due_date, due_date,
       (due_date + time '23:59:59.999999') AT TIME ZONE %(tz)s, '[]'::jsonb,
       (due_date - 2)::timestamp AT TIME ZONE %(tz)s,
       (due_date - 7 + time '09:00') AT TIME ZONE %(tz)s,
       due_date::timestamp AT TIME ZONE %(tz)s,
       (due_date - 7 + time '09:00') AT TIME ZONE %(tz)s,
       (due_date - 7 + time '09:00') AT TIME ZONE %(tz)s, '[]'::jsonb,
       id, %(rule)s
FROM (
    SELECT id,
           CASE WHEN %(stride)s > 0 AND (rn - 1) %% %(stride)s = 0
                     AND (rn - 1) / %(stride)s < %(due)s
                THEN %(today)s::date - 1
                ELSE %(today)s::date + 1 + (rn %% 6)::int
           END AS due_date
    FROM (
        SELECT id, row_number() OVER (ORDER BY id) AS rn
        FROM information_requests_informationrequest
    ) AS numbered
) AS planned
"""


def seed(fixture: Fixture, *, open_count: int, due_count: int) -> float:
    """Empty the request tables and fill them in the database; returns the seconds it took."""
    from django.db import connection, transaction

    started = time.perf_counter()
    params: dict[str, Any] = {
        "created": fixture.now - timedelta(days=10),
        "bodies": fixture.body_ids,
        "body_count": len(fixture.body_ids),
        "requester": fixture.requester_id,
        "open": open_count,
        "rule": fixture.rule_id,
        "tz": fixture.time_zone,
        "stride": open_count // due_count if due_count else 0,
        "due": due_count,
        "today": fixture.today,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        # CASCADE: every table that refers to these (letters, emails, appeals) is emptied too.
        cursor.execute(f"TRUNCATE {', '.join(SEEDED_TABLES)} RESTART IDENTITY CASCADE")
        cursor.execute(SEED_REQUESTS, params)
        cursor.execute(SEED_LEGAL_RULES, params)
        cursor.execute(SEED_DEADLINES, params)
    vacuum(SEEDED_TABLES)
    return time.perf_counter() - started


def vacuum(tables: tuple[str, ...]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")
        cursor.execute("CHECKPOINT")


# --- The passed-deadline work: reset, verify, and the hand-written statement -------------------


def reset_passed(fixture: Fixture) -> None:
    """Undo a passed-deadline run: no events, violations or alerts; deadlines running again."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE notifications_alert, monitoring_violation, "
            "information_requests_evidencefile, information_requests_timelineevent CASCADE"
        )
        cursor.execute(
            "UPDATE information_requests_deadline SET state = 'running', passed_at = NULL "
            "WHERE state = 'passed'"
        )
        cursor.execute(
            "UPDATE information_requests_informationrequest SET status = 'awaiting_reply' "
            "WHERE status = 'overdue'"
        )
    vacuum(WRITTEN_TABLES)
    drain_broker()


COUNTS = """
SELECT
    (SELECT count(*) FROM information_requests_timelineevent WHERE kind = 'overdue'),
    (SELECT count(*) FROM monitoring_violation
        WHERE category = 'silence' AND deadline_id IS NOT NULL),
    (SELECT count(*) FROM notifications_alert WHERE kind = 'deadline_passed'),
    (SELECT count(*) FROM information_requests_deadline WHERE state = 'passed'),
    (SELECT count(*) FROM information_requests_informationrequest WHERE status = 'overdue')
"""
COUNT_NAMES = ("overdue events", "violations", "alerts", "deadlines passed", "requests overdue")

# A digest of every column the passed-deadline work fills (ids and wall-clock stamps aside), so
# that the sweep's rows and the statement's rows can be compared exactly.
FINGERPRINT = """
SELECT md5(coalesce(string_agg(line, E'\\n' ORDER BY line), '')) FROM (
    SELECT concat_ws('|', 'event', deadline_id, information_request_id, kind, occurred_at,
                     data::text, note, recorded_by_id)
    FROM information_requests_timelineevent
    UNION ALL
    SELECT concat_ws('|', 'violation', deadline_id, information_request_id, block, category,
                     public_body_id, region_id, occurred_on, reported_on, legal_ground_cited,
                     description, review_state, reviewed_by_id)
    FROM monitoring_violation
    UNION ALL
    SELECT concat_ws('|', 'alert', dedupe_key, recipient_id, kind, language, context::text,
                     created_at, attempts, last_attempt_at, last_error, sent_at, failed_at)
    FROM notifications_alert
    UNION ALL
    SELECT concat_ws('|', 'deadline', id, state, passed_at)
    FROM information_requests_deadline WHERE state <> 'running'
    UNION ALL
    SELECT concat_ws('|', 'request', id, status, updated_at)
    FROM information_requests_informationrequest WHERE status <> 'awaiting_reply'
) AS rows_written(line)
"""


def verify_passed(expected: int) -> str:
    """Check the counts of a passed-deadline run; returns the fingerprint of what it wrote."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(COUNTS)
        counts = cursor.fetchone()
        cursor.execute(FINGERPRINT)
        fingerprint = cursor.fetchone()
    assert counts is not None
    assert fingerprint is not None
    wrong = {name: n for name, n in zip(COUNT_NAMES, counts, strict=True) if n != expected}
    if wrong:
        sys.exit(f"Verification failed: expected {expected:,} of each, found {wrong}")
    return str(fingerprint[0])


# One statement that does what `_passed_batch` does for every passed deadline at once. Alert
# contexts are built as the ORM builds them (localized names with the same fallback order, the
# full name or the username), so the fingerprints of both runs match.
PASSED_SQL = """
WITH due AS (
    SELECT d.id, d.information_request_id, d.legal_rule_id, d.due_date, d.ends_at
    FROM information_requests_deadline AS d
    WHERE d.state = 'running' AND d.is_legal_deadline AND d.ends_at < %(now)s
    ORDER BY d.ends_at
    FOR UPDATE SKIP LOCKED
),
facts AS (
    SELECT due.*, r.public_body_id, r.subject, r.requester_id, b.region_id,
           rule.rule_id, rule.on_expiry, u.email, u.alert_deadline_passed,
           u.preferred_language AS language,
           coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.username)
               AS recipient_name,
           coalesce(
               nullif(CASE u.preferred_language WHEN 'ru' THEN b.name_ru
                      WHEN 'kk' THEN b.name_kk WHEN 'en' THEN b.name_en END, ''),
               nullif(b.name_ru, ''), nullif(b.name_en, ''), nullif(b.name_kk, ''), ''
           ) AS body_name,
           coalesce(
               nullif(CASE u.preferred_language WHEN 'ru' THEN rule.title_ru
                      WHEN 'kk' THEN rule.title_kk WHEN 'en' THEN rule.title_en END, ''),
               nullif(rule.title_ru, ''), nullif(rule.title_en, ''), nullif(rule.title_kk, ''), ''
           ) AS rule_title
    FROM due
    JOIN information_requests_informationrequest AS r ON r.id = due.information_request_id
    JOIN bodies_publicbody AS b ON b.id = r.public_body_id
    JOIN laws_legalrule AS rule ON rule.id = due.legal_rule_id
    JOIN accounts_user AS u ON u.id = r.requester_id
),
ev AS (
    INSERT INTO information_requests_timelineevent
        (kind, occurred_at, recorded_at, data, note, information_request_id, deadline_id)
    SELECT 'overdue', ends_at, statement_timestamp(),
           jsonb_build_object('rule_id', rule_id, 'due_date', to_char(due_date, 'YYYY-MM-DD')),
           '', information_request_id, id
    FROM facts
    ON CONFLICT DO NOTHING
),
vi AS (
    INSERT INTO monitoring_violation
        (created_at, updated_at, block, category, occurred_on, legal_ground_cited, description,
         review_state, information_request_id, public_body_id, region_id, deadline_id,
         victim_type, victim_name, victim_outlet, victim_consents_to_publication,
         perpetrator_type, article, stage, outcome, source_url, correspondent, case_reference,
         plaintiff_name, public_description)
    SELECT statement_timestamp(), statement_timestamp(), 'B', 'silence', due_date + 1, '',
           rule_id || ': no answer by ' || to_char(due_date, 'DD.MM.YYYY'), 'draft',
           information_request_id, public_body_id, region_id, id,
           '', '', '', false, '', '', '', '', '', '', '', '',
           rule_id || ': no answer by ' || to_char(due_date, 'DD.MM.YYYY')
    FROM facts
    ON CONFLICT DO NOTHING
),
al AS (
    INSERT INTO notifications_alert
        (recipient_id, kind, dedupe_key, language, context, created_at, next_attempt_at,
         attempts, last_error)
    SELECT requester_id, 'deadline_passed', 'deadline:' || id || ':deadline_passed', language,
           jsonb_build_object(
               'recipient_name', recipient_name,
               'request_id', information_request_id,
               'subject', subject,
               'body_name', body_name,
               'rule_id', rule_id,
               'rule_title', rule_title,
               'due_date', to_char(due_date, 'YYYY-MM-DD'),
               'deemed_refusal', on_expiry = 'deemed_refusal',
               'request_url', %(site)s || '/requests/' || information_request_id || '/',
               'next_step_url', %(site)s || '/requests/' || information_request_id || '/#next-step'
           ),
           %(now)s, %(now)s, 0, ''
    FROM facts
    WHERE alert_deadline_passed AND email <> ''
    ON CONFLICT DO NOTHING
),
up AS (
    UPDATE information_requests_deadline AS d
    SET state = 'passed', passed_at = %(now)s
    FROM due
    WHERE d.id = due.id
)
UPDATE information_requests_informationrequest
SET status = 'overdue'
WHERE id IN (SELECT information_request_id FROM due)
  AND status IN ('submitted', 'awaiting_reply')
"""


def run_passed_sql(fixture: Fixture) -> None:
    from django.conf import settings
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(PASSED_SQL, {"now": fixture.now, "site": settings.SITE_URL.rstrip("/")})


# --- The Celery queue in memory ----------------------------------------------------------------


def drain_broker() -> int:
    """Empty the in-memory queue; returns how many alert sends its messages carried."""
    from kombu.transport import memory

    from requests_tracker.celery import app as celery_app

    queue = memory.Channel.queues.get(celery_app.conf.task_default_queue)
    if queue is None:
        return 0
    alerts = 0
    for message in list(queue.queue):
        # One message per batch: send_alerts_task(alert_ids); count the alerts it carries.
        body = message["body"]
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args, _kwargs, _embed = json.loads(body)
        alerts += len(args[0])
    queue.queue.clear()
    return alerts


# --- Timing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def best(self) -> float:
        return min(self.runs)


def time_repeatedly(
    action: Callable[[], object], *, repeat: int, before: Callable[[], object] | None = None
) -> Timing:
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return Timing(runs)


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


# --- Plans and query profile -------------------------------------------------------------------


def explain(statement: str) -> tuple[list[str], set[str]]:
    """The plan of a captured statement (not executed): its text and the indexes it reads."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement)
        row = cursor.fetchone()
        cursor.execute("EXPLAIN " + statement)
        text = [line for (line,) in cursor.fetchall()]
    assert row is not None
    plan = row[0] if isinstance(row[0], list) else json.loads(row[0])
    return text, set(_index_names(plan[0]["Plan"]))


def _index_names(node: dict[str, Any]) -> Iterator[str]:
    if "Index Name" in node:
        yield str(node["Index Name"])
    for child in node.get("Plans", []):
        yield from _index_names(child)


def capture_queries(action: Callable[[], object]) -> list[dict[str, str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return list(captured.captured_queries)


def claim_queries(queries: list[dict[str, str]], *, locking: bool) -> dict[str, str]:
    """The first query of each part of the sweep: its plan's read of the ids due (``locking``
    False: the coordinator's, on a partial index) or a batch's claim of them (``locking`` True:
    SELECT ... FOR UPDATE SKIP LOCKED, by primary key)."""
    markers = {
        "reminders": '"reminder_at" <=',
        "due day": '"due_day_starts_at" <=',
        "passed": '"ends_at" <',
        "findings": '"findings"',
    }
    claims: dict[str, str] = {}
    for query in queries:
        statement = query["sql"]
        if ("FOR UPDATE" in statement) != locking or not statement.startswith("SELECT"):
            continue
        for part, marker in markers.items():
            if marker in statement and part not in claims:
                claims[part] = statement
    return claims


def query_kind(statement: str) -> str:
    words = statement.replace('"', "").split()
    verb = words[0].upper() if words else "?"
    if verb in {"SAVEPOINT", "RELEASE", "ROLLBACK"}:
        return verb
    table = next(
        (
            word.split(".")[0]
            for word in words
            if word.split(".")[0].startswith(
                ("information_requests_", "monitoring_", "notifications_", "laws_")
            )
        ),
        "?",
    )
    suffix = " FOR UPDATE" if "FOR UPDATE" in statement else ""
    return f"{verb} {table}{suffix}"


def print_query_profile(queries: list[dict[str, str]], wall: float) -> None:
    count: Counter[str] = Counter()
    spent: dict[str, float] = {}
    for query in queries:
        kind = query_kind(query["sql"])
        count[kind] += 1
        spent[kind] = spent.get(kind, 0.0) + float(query["time"])
    database = sum(spent.values())
    print(f"  {len(queries)} queries, {seconds(database)} in the database (client round trips)")
    print(f"  of {seconds(wall)} wall time: {seconds(wall - database)} in Python")
    for kind, total in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"    {count[kind]:5d} x {kind:<58} {seconds(total):>10}")


def print_cprofile(action: Callable[[], object]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    action()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"requests_tracker|celery|kombu|django/db", 30)
    print(out.getvalue())


# --- The benchmark -----------------------------------------------------------------------------


def main() -> None:
    arguments = parse_arguments()
    url = require_postgres_url(default="postgres://postgres@127.0.0.1:5432/tracker_bench")
    create_database_if_missing(url)
    set_up_django()

    from requests_tracker.monitoring import sweep

    batch_size = arguments.batch_size or sweep.BATCH_SIZE
    repeat = arguments.repeat
    fixture = make_fixture()
    print(
        f"now = {fixture.now.isoformat()}, batch size {batch_size}, {repeat} timed runs each "
        "after one untimed warm-up; Celery broker memory:// (not eager)"
    )

    def sweep_at(now: datetime) -> Callable[[], sweep.SweepReport]:
        return lambda: sweep.sweep_deadlines(now=now, batch_size=batch_size)

    # (1) Nothing due, at two sizes: every sweep query reads a partial index.
    idle: dict[int, Timing] = {}
    idle_plans: dict[str, set[str]] = {}
    for open_count, due_count in ((arguments.small_open, 0), (arguments.open, arguments.due)):
        took = seed(fixture, open_count=open_count, due_count=due_count)
        print(f"seeded {open_count:,} open requests ({due_count:,} due) in {took:.1f} s")
        idle_sweep = sweep_at(fixture.before_all)
        idle_sweep()
        idle[open_count] = time_repeatedly(idle_sweep, repeat=repeat)
        report = idle_sweep()
        if report.passed or report.reminders or report.due_today or report.findings:
            sys.exit(f"The nothing-due sweep found work: {report}")
        if open_count == arguments.open:
            claims = claim_queries(capture_queries(idle_sweep), locking=False)
            idle_plans = {part: explain(statement)[1] for part, statement in claims.items()}

    # (2) Processing the passed deadlines: the sweep, then one statement; reset between runs.
    expected = arguments.due
    sweep_runs, sql_runs = [], []
    fingerprints: set[str] = set()
    enqueued: set[int] = set()
    processing_sweep = sweep_at(fixture.now)
    for _ in range(repeat):
        reset_passed(fixture)
        started = time.perf_counter()
        report = processing_sweep()
        sweep_runs.append(time.perf_counter() - started)
        if report.passed != expected or len(report.alerts) != expected:
            sys.exit(f"The sweep processed {report.passed:,}, alerted {len(report.alerts):,}")
        fingerprints.add(verify_passed(expected))
        enqueued.add(drain_broker())

        reset_passed(fixture)
        started = time.perf_counter()
        run_passed_sql(fixture)
        sql_runs.append(time.perf_counter() - started)
        fingerprints.add(verify_passed(expected))
    if enqueued != {expected}:
        sys.exit(f"The sweep enqueued {enqueued} alert sends, expected {expected:,}")
    if len(fingerprints) != 1:
        sys.exit("The sweep and the statement wrote different rows (fingerprints differ).")

    # Where the sweep's time goes, and the plan of its claim query.
    reset_passed(fixture)
    started = time.perf_counter()
    queries = capture_queries(processing_sweep)
    profiled_wall = time.perf_counter() - started
    drain_broker()
    claim = claim_queries(queries, locking=False)["passed"]
    claim_plan, claim_indexes = explain(claim)
    batch_claim = claim_queries(queries, locking=True)["passed"]
    batch_claim_plan, _batch_indexes = explain(batch_claim)
    sweep_timing, sql_timing = Timing(sweep_runs), Timing(sql_runs)
    ratio = sweep_timing.median / sql_timing.median
    if ratio > 3 or arguments.profile:
        reset_passed(fixture)
        print("\ncProfile of one processing sweep (cumulative):")
        print_cprofile(processing_sweep)
        drain_broker()
    reset_passed(fixture)

    small, large = idle[arguments.small_open], idle[arguments.open]
    print("\nThe plan's query of the passed deadlines' ids (EXPLAIN):")
    print("  " + claim.replace("\n", " ")[:300] + ("..." if len(claim) > 300 else ""))
    for line in claim_plan:
        print("    " + line)
    uses = "yes" if CLAIM_INDEX in claim_indexes else "NO"
    print(f"  uses the partial index {CLAIM_INDEX}: {uses}")
    print("A batch's claim of its passed deadlines (EXPLAIN):")
    print("  " + batch_claim.replace("\n", " ")[:300] + ("..." if len(batch_claim) > 300 else ""))
    for line in batch_claim_plan:
        print("    " + line[:200] + ("..." if len(line) > 200 else ""))  # the ids, cut short
    print(f"\nIndexes read by the nothing-due sweep's plan at {arguments.open:,} open:")
    for part, indexes in idle_plans.items():
        print(f"  {part:<10} {', '.join(sorted(indexes)) or 'none (sequential scan)'}")
    print(f"\nQueries of one processing sweep ({expected:,} passed, query log on):")
    print_query_profile(queries, profiled_wall)

    label = 42
    print(f"\nResults (median of {repeat}, min in brackets)")
    print(
        f"{f'sweep, nothing due, {arguments.small_open:,} open:':<{label}}"
        f"{seconds(small.median):>10} (min {seconds(small.best)})"
    )
    print(
        f"{f'sweep, nothing due, {arguments.open:,} open:':<{label}}"
        f"{seconds(large.median):>10} (min {seconds(large.best)})"
        f"   ratio {large.median / small.median:.2f}"
    )
    print(
        f"{f'sweep processing {expected:,} passed:':<{label}}"
        f"{seconds(sweep_timing.median):>10} (min {seconds(sweep_timing.best)})"
        "   incl. enqueueing the alert sends (memory://)"
    )
    print(
        f"{'hand-written SQL, same inserts:':<{label}}"
        f"{seconds(sql_timing.median):>10} (min {seconds(sql_timing.best)})"
        f"   ratio {ratio:.2f} (target <= 3)"
    )
    print(
        f"verified after every run: {expected:,} overdue events, violations, alerts, passed "
        f"deadlines and overdue requests; both write identical rows; {expected:,} sends enqueued"
    )
    one, five, fifteen = os.getloadavg()
    print(f"load average {one:.2f} {five:.2f} {fifteen:.2f} (1, 5 and 15 minutes)")


if __name__ == "__main__":
    main()
