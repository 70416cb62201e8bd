"""Benchmark of the monitoring dataset on PostgreSQL: the monthly report and the CSV export.

Run from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_monitoring \
        .venv/bin/python bench/monitoring_benchmark.py [--rows 1000000] [--repeat 7]

It seeds published violations with ``INSERT ... SELECT FROM generate_series`` (spread over
2018-2026, categories, bodies, regions and amounts varied), in three steps: 10,000 rows, 100,000,
then ``--rows``. At 10,000 and at ``--rows`` it times ``monthly_report`` (median and min of
``--repeat``, after a warm-up) with every block and its tables by region, against one
hand-written GROUP BY statement reading the same rows, and counts its SQL queries (and their SQL
time), which must not depend on the rows; it then draws the Markdown and the PDF from it. At
100,000 and at ``--rows`` it consumes the open-data CSV export of every published violation
(``open_data.stream_csv``, or the same minimal streaming loop when that module is absent) and
prints its time, the tracemalloc peak of Python allocations, and the process's peak RSS. Last,
it stores the table in date order (CLUSTER) and times the report again.

The database is created when missing and **its violation table is emptied** (TRUNCATE ...
CASCADE): it refuses any database whose name does not contain "bench".
"""

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from bench.common import (
    create_database_if_missing,
    empty_violations,
    require_postgres_url,
    set_up_django,
    timed,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench_monitoring"
FIRST_DAY = date(2018, 1, 1)
DAYS = (date(2026, 12, 31) - FIRST_DAY).days + 1
REPORT_MONTH = (2022, 6)  # mid-range: the year-to-date sums read January to June 2022


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="violations at the end")
    parser.add_argument("--repeat", type=int, default=7, help="timed reports per size")
    arguments = parser.parse_args()
    if arguments.rows < 100_000 or arguments.repeat < 1:
        parser.error("need --rows >= 100000 and --repeat >= 1")
    return arguments


# --- Database and Django set-up ----------------------------------------------------------------


# --- Seeding -----------------------------------------------------------------------------------


def insert_violations(first: int, last: int) -> None:
    """Rows ``first``..``last`` (inclusive) of a deterministic series, all published."""
    from django.db import connection, models

    from requests_tracker.bodies.models import PublicBody
    from requests_tracker.monitoring.models import FROM_REQUESTS, Block, Category, Violation

    bodies = list(PublicBody.objects.order_by("id").values_list("id", "region_id"))
    block_c = (
        Category.CRIMINAL_CHARGE,
        Category.ADMINISTRATIVE_CHARGE,
        Category.HONOUR_AND_DIGNITY_CLAIM,
        Category.JUDICIAL_ACT,
    )
    block_a = (
        Category.OBSTRUCTION,
        Category.THREAT,
        Category.DETENTION,
        Category.ATTACK,
        Category.SUMMONS,
        "murder",  # a category of block A that feeds no figure: listed by category
    )
    categories = [*FROM_REQUESTS, *FROM_REQUESTS, *block_c, *block_c, *block_a]
    blocks = [
        Block.B if category in FROM_REQUESTS else Block.C if category in block_c else Block.A
        for category in categories
    ]
    # Every column gets a value: the ones named here, and for the rest '' (text), false
    # (booleans) or NULL, so that a field another change adds does not break the seeding.
    chosen = {
        "created_at": "now()",
        "updated_at": "now()",
        "block": "s.block",
        "category": "s.category",
        "public_body_id": "s.body_id",
        "region_id": "s.region_id",
        "occurred_on": "s.occurred_on",
        "reported_on": "s.occurred_on + 2",
        "description": "'Описание нарушения № ' || s.i",
        "victim_type": "(ARRAY['journalist','media_outlet','blogger','citizen'])[1 + s.i % 4]",
        "victim_name": "'Имя Фамилия ' || s.i",
        "victim_outlet": "'Редакция ' || (s.i % 500)",
        "victim_consents_to_publication": "s.i % 3 = 0",
        "perpetrator_type": (
            "(ARRAY['state_body','law_enforcement','court','private'])[1 + s.i % 4]"
        ),
        "article": "CASE WHEN s.block = 'C' THEN 'CC ' || (170 + s.i % 10) ELSE '' END",
        "stage": (
            "CASE s.category WHEN 'judicial_act' THEN "
            "(ARRAY['first_instance','first_instance','appeal','cassation'])[1 + s.k % 4] "
            "WHEN 'honour_and_dignity_claim' THEN "
            "(ARRAY['letter_before_action','first_instance'])[1 + s.k % 2] ELSE '' END"
        ),
        "outcome": (
            "CASE WHEN s.category = 'judicial_act' THEN "
            "(ARRAY['for_media','against_media','pending'])[1 + s.k % 3] ELSE '' END"
        ),
        "amount_claimed_kzt": (
            "CASE WHEN s.category = 'honour_and_dignity_claim' THEN (1 + s.k % 200) * 50000 END"
        ),
        "amount_awarded_kzt": "CASE WHEN s.category = 'judicial_act' THEN (s.k % 10) * 10000 END",
        "amount_collected_kzt": "CASE WHEN s.category = 'judicial_act' THEN (s.k % 10) * 5000 END",
        "source_url": "'https://example.org/news/' || s.i",
        "review_state": "'published'",
    }
    columns, values = [], []
    for field in Violation._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.column in chosen:
            values.append(chosen[field.column].replace("%", "%%"))
        elif isinstance(field, models.BooleanField):
            values.append("false")
        elif field.null:
            values.append("NULL")
        else:
            values.append("''")
    statement = f"""
        INSERT INTO {Violation._meta.db_table} ({", ".join(columns)})
        SELECT {", ".join(values)}
        FROM (
            SELECT
                i,
                -- which variant of its category a row is: i alone would tie it to the category
                i / %(category_count)s AS k,
                (%(categories)s::text[])[1 + i %% %(category_count)s] AS category,
                (%(blocks)s::text[])[1 + i %% %(category_count)s] AS block,
                (%(body_ids)s::bigint[])[1 + (i * 31) %% %(body_count)s] AS body_id,
                (%(region_ids)s::bigint[])[1 + (i * 31) %% %(body_count)s] AS region_id,
                %(first_day)s::date + ((i * 7919) %% %(days)s)::int AS occurred_on
            FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS i
        ) AS s
    """
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            {
                "categories": [str(category) for category in categories],
                "blocks": [str(block) for block in blocks],
                "category_count": len(categories),
                "body_ids": [body_id for body_id, _region in bodies],
                "region_ids": [region_id for _body, region_id in bodies],
                "body_count": len(bodies),
                "first_day": FIRST_DAY,
                "days": DAYS,
                "first": first,
                "last": last,
            },
        )
        cursor.execute(f"ANALYZE {Violation._meta.db_table}")


def grow_to(rows: int, current: int) -> int:
    started = time.perf_counter()
    insert_violations(current + 1, rows)
    seconds = time.perf_counter() - started
    print(f"seeded {rows - current:,} violations (now {rows:,}) in {seconds:.1f} s")
    return rows


# --- Measurements ------------------------------------------------------------------------------


def store_in_date_order() -> None:
    """CLUSTER the table on occurred_on: the seed scatters a month's rows over every page, while
    a dataset entered month by month keeps them together."""
    from django.db import connection

    from requests_tracker.monitoring.models import Violation

    table = Violation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, "%(occurred_on)"],
        )
        (index,) = cursor.fetchone()
        started = time.perf_counter()
        cursor.execute(f"CLUSTER {table} USING {index}")
        cursor.execute(f"ANALYZE {table}")
    print(f"clustered the table on {index} in {time.perf_counter() - started:.1f} s")


BASELINE = """
    SELECT v.category, v.region_id, v.article,
           count(*) FILTER (WHERE v.occurred_on >= %(first)s),
           sum(v.amount_claimed_kzt), sum(v.amount_collected_kzt)
    FROM monitoring_violation v
    WHERE v.review_state = 'published'
      AND v.occurred_on >= %(january)s AND v.occurred_on < %(following)s
    GROUP BY v.category, v.region_id, v.article
"""


def measure_baseline(repeat: int) -> list[float]:
    """One hand-written statement that reads what the report's figures need: every category's
    count by region and article in the month, and the year-to-date sums."""
    from django.db import connection

    year, month = REPORT_MONTH
    bounds = {
        "january": date(year, 1, 1),
        "first": date(year, month, 1),
        "following": date(year, month + 1, 1),
    }

    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(BASELINE, bounds)
            cursor.fetchall()

    return timed(run, repeat)


def measure_report(rows: int, repeat: int, layout: str = "scattered") -> int:
    """The report with every block and its tables by region: its time against the baseline
    statement's, its queries and their SQL time, and the Markdown and PDF drawn from it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from requests_tracker.monitoring.report import as_data, as_markdown, as_pdf, monthly_report

    year, month = REPORT_MONTH

    def run() -> Any:
        return monthly_report(year=year, month=month, language="ru")

    seconds = timed(run, repeat)
    baseline = measure_baseline(repeat)
    with CaptureQueriesContext(connection) as queries:
        report = run()
    sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    markdown = timed(lambda: as_markdown(report), repeat)
    pdf = timed(lambda: as_pdf(report), max(1, repeat // 2))
    figures = as_data(report)
    tables = {key: len(value) for key, value in figures.items() if key.endswith("_by_region")}
    print(
        f"monthly_report({year}-{month:02d}) at {rows:>9,} rows ({layout}): median "
        f"{statistics.median(seconds) * 1000:7.1f} ms, min {min(seconds) * 1000:7.1f} ms "
        f"({repeat} runs), {len(queries.captured_queries)} SQL queries taking {sql_ms:.1f} ms; "
        f"the baseline statement {statistics.median(baseline) * 1000:.1f} ms (report / baseline "
        f"{statistics.median(seconds) / statistics.median(baseline):.2f}); then Markdown "
        f"{statistics.median(markdown) * 1000:.1f} ms, PDF {statistics.median(pdf) * 1000:.0f} ms"
    )
    print(
        f"  A: attacks {figures['attacks']}, threats {figures['threats']}, detentions "
        f"{figures['detentions']}, obstruction {figures['obstruction']}, summons "
        f"{figures['summons']}; B: refusals {figures['refusals_and_missed_deadlines']}; "
        f"C: charges {figures['criminal_charges']} criminal, "
        f"{figures['administrative_charges']} administrative "
        f"({len(figures['criminal_charges_by_article'])} articles), acts "
        f"{figures['judicial_acts']} ({figures['judicial_acts_on_appeal']} on appeal, "
        f"{figures['judicial_acts_for_media']} for the media), claims {figures['claims_filed']}, "
        f"claimed {figures['moral_damages_claimed_kzt']}, collected "
        f"{figures['sums_collected_kzt']}; regions per table {tables}"
    )
    return len(queries.captured_queries)


def csv_lines() -> tuple[str, Iterator[str] | Iterator[bytes]]:
    """The export of every published violation, and which code makes it."""
    from requests_tracker.monitoring.models import ReviewState, Violation

    queryset = Violation.objects.filter(review_state=ReviewState.PUBLISHED)
    try:
        from requests_tracker.monitoring import open_data
    except ImportError:
        return "the benchmark's own streaming loop", minimal_stream_csv(queryset)
    return "open_data.stream_csv (COPY on PostgreSQL)", open_data.stream_csv(queryset)


def minimal_stream_csv(queryset: Any) -> Iterator[str]:
    """What stream_csv does at its simplest: csv.writer over ``iterator(chunk_size=...)``."""
    import csv

    class Line:
        def write(self, text: str) -> str:
            return text

    writer = csv.writer(Line())
    fields = ("id", "occurred_on", "category", "public_body_id", "region_id", "description")
    yield writer.writerow(fields)
    for row in (
        queryset.order_by("occurred_on", "id").values_list(*fields).iterator(chunk_size=2000)
    ):
        yield writer.writerow(row)


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure_export(rows: int) -> None:
    # Timed without tracemalloc (which slows every allocation), then consumed again under it.
    rss_before = max_rss_mib()
    source, lines = csv_lines()
    started = time.perf_counter()
    count = size = 0
    for chunk in lines:
        # COPY hands over chunks of whole lines (bytes); csv.writer a line at a time. No seeded
        # value holds a CRLF.
        count += chunk.count(b"\r\n") if isinstance(chunk, bytes) else 1
        size += len(chunk)
    seconds = time.perf_counter() - started
    rss_after = max_rss_mib()
    if count != rows + 1:
        sys.exit(f"the export wrote {count:,} lines, expected {rows + 1:,} (header + rows)")

    tracemalloc.start()
    tracemalloc.reset_peak()
    _source, lines = csv_lines()
    for _line in lines:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"CSV export ({source}) of {rows:>9,} published violations: {seconds:6.1f} s "
        f"({rows / seconds:,.0f} rows/s, {size / 1024 / 1024:,.0f} MiB of text); "
        f"tracemalloc peak {peak / 1024 / 1024:5.1f} MiB; "
        f"max RSS {rss_before:,.0f} MiB before, {rss_after:,.0f} MiB after"
    )


def main() -> None:
    arguments = parse_arguments()
    url = require_postgres_url(default=DEFAULT_URL)
    create_database_if_missing(url)
    set_up_django()
    from django.db import connection

    print(
        f"PostgreSQL {connection.cursor().connection.info.server_version}; "
        f"Python {sys.version.split()[0]}"
    )
    empty_violations()
    rows = grow_to(10_000, 0)
    small_queries = measure_report(rows, arguments.repeat)
    rows = grow_to(100_000, rows)
    measure_export(rows)
    rows = grow_to(arguments.rows, rows)
    large_queries = measure_report(rows, arguments.repeat)
    measure_export(rows)
    store_in_date_order()
    clustered_queries = measure_report(rows, arguments.repeat, "in date order")
    if not small_queries == large_queries == clustered_queries:
        sys.exit(
            f"the report made {small_queries} queries at 10,000 rows, {large_queries} at "
            f"{rows:,}, {clustered_queries} in date order"
        )
    print(f"the report's query count does not depend on the rows: {large_queries} every time")


if __name__ == "__main__":
    main()
