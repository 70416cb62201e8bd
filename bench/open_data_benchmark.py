"""Benchmark of the open data on PostgreSQL: the API's pages by cursor, and the CSV by COPY.

Run from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_open_data \
        .venv/bin/python bench/open_data_benchmark.py [--rows 1000000] [--api-rows 200000]

It seeds published violations as ``monitoring_benchmark.py`` does (``INSERT ... SELECT FROM
generate_series``, dates scattered over 2018-2026), first ``--api-rows``, then ``--rows``.

1. At ``--api-rows``: ``GET /api/v1/violations/`` anonymously through Django's test client (the
   whole stack: middleware, filters, serializer), the first page and the 1,000th (reached by
   following 999 ``next`` links), median and min of ``--repeat`` each after a warm-up, with the
   SQL of one page counted (no ``count(*)`` may run). For comparison, the SQL alone of the same
   1,000th page by ``OFFSET`` with the ``count(*)`` page-number pagination ran before.
   Target: the 1,000th page within 2x the first.
2. At ``--rows``: the CSV download of every published violation, consumed to the end:
   ``open_data.csv_by_copy`` (what PostgreSQL downloads use) against the baseline, one plain
   ``COPY (SELECT the same columns, the same joins and order) TO STDOUT (FORMAT csv)`` read by
   psycopg; median of ``--repeat``. Target: ratio <= 2. Memory: the ``tracemalloc`` peak of a
   second pass and the process's peak RSS before and after, which must not grow with the rows.
   With ``--writer`` it also times ``csv_by_writer``, the Python path (SQLite's, and
   PostgreSQL's before).

The database is created when missing and **its violation table is emptied** (TRUNCATE ...
CASCADE): it refuses any database whose name does not contain "bench".
"""

import argparse
import os
import resource
import statistics
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from bench.common import (
    create_database_if_missing,
    require_postgres_url,
    set_up_django,
    timed,
)
from bench.monitoring_benchmark import empty_violations, grow_to

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench_open_data"
PAGE = 1_000


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="violations for the CSV")
    parser.add_argument("--api-rows", type=int, default=200_000, help="violations for the API")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each")
    parser.add_argument("--writer", action="store_true", help="also time csv_by_writer")
    arguments = parser.parse_args()
    if arguments.api_rows < 50 * PAGE or arguments.rows < arguments.api_rows:
        parser.error(f"need --api-rows >= {50 * PAGE} and --rows >= --api-rows")
    return arguments


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def summary(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds) * 1000:8.1f} ms, min {min(seconds) * 1000:8.1f} ms"


# --- The API -----------------------------------------------------------------------------------


def measure_api(rows: int, repeat: int) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from requests_tracker.monitoring.api import ViolationViewSet

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()

    def get(url: str) -> dict[str, Any]:
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url}: {response.status_code} {response.content[:300]!r}")
        document: dict[str, Any] = response.json()
        return document

    first_url = "/api/v1/violations/"
    url, seen = first_url, 0
    for _ in range(PAGE - 1):
        page = get(url)
        seen += len(page["results"])
        url = page["next"]
    last_url = url
    with CaptureQueriesContext(connection) as queries:
        page = get(last_url)
    statements = [query["sql"] for query in queries.captured_queries]
    counts = [sql for sql in statements if "COUNT(" in sql.upper()]
    if counts:
        sys.exit(f"a page ran count(*): {counts[0]}")
    first = timed(lambda: get(first_url), repeat)
    last = timed(lambda: get(last_url), repeat)

    queryset = ViolationViewSet.queryset.order_by("-occurred_on", "-id")
    size = len(page["results"])

    def offset_page() -> None:
        queryset.count()
        list(queryset[seen : seen + size])

    offset = timed(offset_page, repeat)
    print(f"load average {load()}; {repeat} runs each; {rows:,} published violations")
    print(f"API first page              {summary(first)}")
    print(
        f"API page {PAGE:,} (after {seen:,} rows) {summary(last)}; {len(statements)} SQL, no count"
    )
    ratio = statistics.median(last) / statistics.median(first)
    print(f"page {PAGE:,} / first page: {ratio:.2f} (target <= 2)")
    print(f"before, the SQL alone of page {PAGE:,} by OFFSET and count(*): {summary(offset)}")


# --- The CSV -----------------------------------------------------------------------------------


def copy_baseline() -> Iterator[bytes]:
    """One plain COPY of the same columns, joins and order, read as psycopg hands it over."""
    from django.db import connection

    from requests_tracker.monitoring.open_data import (
        COLUMNS,
        published_violations,
        with_public_fields,
    )

    queryset = (
        with_public_fields(published_violations())
        .order_by("occurred_on", "id")
        .values_list(*(column.source for column in COLUMNS))
    )
    select, params = queryset.query.sql_with_params()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({select}) TO STDOUT WITH (FORMAT csv)", params) as copy,
    ):
        yield from copy


def consume(chunks: Iterator[Any]) -> tuple[int, int]:
    size = lines = 0
    for chunk in chunks:
        size += len(chunk)
        lines += 1
    return size, lines


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure_csv(rows: int, repeat: int, writer: bool) -> None:
    from requests_tracker.monitoring.open_data import (
        csv_by_copy,
        csv_by_writer,
        published_violations,
    )

    rss_before = max_rss_mib()
    size, _chunks = consume(csv_by_copy(published_violations()))
    by_copy = timed(lambda: consume(csv_by_copy(published_violations())), repeat)
    rss_after = max_rss_mib()
    baseline = timed(lambda: consume(copy_baseline()), repeat)
    tracemalloc.start()
    consume(csv_by_copy(published_violations()))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"load average {load()}; {repeat} runs each; {rows:,} published violations")
    print(f"CSV by COPY (the download)  {summary(by_copy)}; {size / 1024 / 1024:,.0f} MiB")
    print(f"baseline: one plain COPY    {summary(baseline)}")
    ratio = statistics.median(by_copy) / statistics.median(baseline)
    print(f"download / COPY: {ratio:.2f} (target <= 2)")
    print(
        f"memory: tracemalloc peak {peak / 1024 / 1024:.1f} MiB; max RSS {rss_before:,.0f} MiB "
        f"before, {rss_after:,.0f} MiB after"
    )
    if writer:
        by_writer = timed(lambda: consume(csv_by_writer(published_violations())), 1)
        print(f"before, csv_by_writer       {summary(by_writer)} (1 run)")


def main() -> None:
    arguments = parse_arguments()
    url = require_postgres_url(default=DEFAULT_URL)
    create_database_if_missing(url)
    set_up_django()
    empty_violations()
    rows = grow_to(arguments.api_rows, 0)
    measure_api(rows, arguments.repeat)
    rows = grow_to(arguments.rows, rows)
    measure_csv(rows, arguments.repeat, arguments.writer)


if __name__ == "__main__":
    main()
