"""Benchmark of the violations import on PostgreSQL: 10,000 rows against parsing them and a COPY.

Run from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_import \
        .venv/bin/python bench/import_benchmark.py [--rows 10000] [--repeat 7] [--profile]

It writes a CSV of ``--rows`` violations as an NGO's file is written: Russian headers, dates as
DD.MM.YYYY, amounts as ``1 500 000,50``, body slugs and region codes of the directory, a row id
on every row. Then, after one untimed round, ``--repeat`` rounds, each timing in turn:

1. ``import_file(path_or_file=..., user=None, confirm=True)`` on an emptied violation table:
   every row created;
2. the same import again: every row found by its row id and left unchanged;
3. the baseline: the file parsed with ``csv.reader`` (dates and amounts converted) and the same
   rows written with one ``COPY ... FROM STDIN`` (psycopg's ``cursor.copy``), in a transaction,
   on an emptied table.

The rounds interleave the import and the baseline (A B A B ...), so that a load that comes and
goes on a shared machine weighs on both alike: the figure is the median over the rounds of each
round's ratio import / baseline (target <= 3 for the first), printed with the medians and mins of
each, the SQL queries of one import by kind, and the load average before and after.

``--profile`` instead runs one import (every row created) under cProfile and prints where its time
goes, by own time and by cumulative time, and times nothing.

The database is created when missing and **its violation table is emptied** (TRUNCATE ...
CASCADE): it refuses any database whose name does not contain "bench".
"""

import argparse
import cProfile
import csv
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root

from bench.common import (
    create_database_if_missing,
    empty_violations,
    require_postgres_url,
    set_up_django,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench_import"
HEADER = (
    "Блок",
    "Категория",
    "Дата события",
    "Дата сообщения",
    "Регион",
    "Орган",
    "Тип пострадавшего",
    "Пострадавший",
    "СМИ",
    "Тип нарушителя",
    "Статья",
    "Моральный вред",
    "Источник",
    "Описание",
    "Идентификатор записи",
)
# (block, category) pairs of the category table, cycled over the rows.
KINDS = (
    ("A", "obstruction"),
    ("A", "threat"),
    ("B", "refusal"),
    ("B", "silence"),
    ("C", "criminal_charge"),
    ("C", "honour_and_dignity_claim"),
)
FIRST_DAY = date(2019, 1, 1)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the file")
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds")
    parser.add_argument(
        "--profile", action="store_true", help="profile one import instead of timing"
    )
    arguments = parser.parse_args()
    if arguments.rows < 10 or arguments.repeat < 1:
        parser.error("need --rows >= 10 and --repeat >= 1")
    return arguments


def write_file(rows: int, path: Path) -> None:
    from requests_tracker.bodies.models import PublicBody

    bodies = list(PublicBody.objects.order_by("id").values_list("slug", "region__code"))
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for i in range(rows):
            block, category = KINDS[i % len(KINDS)]
            slug, region = bodies[(i * 31) % len(bodies)]
            day = FIRST_DAY + timedelta(days=(i * 7919) % 2500)
            amount = f"{(1 + i % 200) * 50_000:,}".replace(",", " ") + ",50"
            writer.writerow(
                (
                    block,
                    category,
                    f"{day:%d.%m.%Y}",
                    f"{day + timedelta(days=2):%d.%m.%Y}",
                    region or "",
                    slug,
                    ("journalist", "blogger", "media_outlet", "citizen")[i % 4],
                    f"Имя Фамилия {i}",
                    f"Редакция {i % 500}",
                    ("state_body", "law_enforcement", "court", "private")[i % 4],
                    f"CC {170 + i % 10}" if block == "C" else "",
                    amount if category == "honour_and_dignity_claim" else "",
                    f"https://example.org/news/{i}",
                    f"Описание нарушения № {i}, со всеми подробностями",
                    f"ngo-{i:06d}",
                )
            )


def run_import(path: Path) -> Any:
    from requests_tracker.monitoring.importing import import_file

    report = import_file(path_or_file=path, user=None, confirm=True)
    if not report.finished:
        sys.exit(f"the import did not finish: {report.lines()[:5]}")
    return report


def parse_and_copy(path: Path) -> int:
    """The baseline: csv.reader, the dates and amounts converted, one COPY of the rows."""
    from django.db import connection, transaction
    from django.utils import timezone

    from requests_tracker.bodies.models import PublicBody, Region
    from requests_tracker.monitoring.models import Violation

    regions = dict(Region.objects.values_list("code", "id"))
    bodies = dict(PublicBody.objects.values_list("slug", "id"))
    columns = (
        "block",
        "category",
        "occurred_on",
        "reported_on",
        "region_id",
        "public_body_id",
        "victim_type",
        "victim_name",
        "victim_outlet",
        "perpetrator_type",
        "article",
        "amount_claimed_kzt",
        "source_url",
        "description",
        "row_id",
    )
    rest = [
        field
        for field in Violation._meta.concrete_fields
        if not field.primary_key and field.column not in columns
    ]
    now = timezone.now()
    defaults: list[Any] = []
    for field in rest:
        if field.column in ("created_at", "updated_at"):
            defaults.append(now)
        elif field.column == "review_state":
            defaults.append("draft")
        elif field.null:
            defaults.append(None)
        elif field.get_internal_type() == "BooleanField":
            defaults.append(False)
        else:
            defaults.append("")
    names = ", ".join([*columns, *(field.column for field in rest)])
    count = 0
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        path.open(encoding="utf-8", newline="") as file,
    ):
        reader = csv.reader(file)
        next(reader)
        statement = f"COPY {Violation._meta.db_table} ({names}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for record in reader:
                (block, category, occurred, reported, region, body, *texts) = record
                amount = texts[5].replace(" ", "").replace(",", ".")
                copy.write_row(
                    (
                        block,
                        category,
                        datetime.strptime(occurred, "%d.%m.%Y").date(),  # noqa: DTZ007
                        datetime.strptime(reported, "%d.%m.%Y").date(),  # noqa: DTZ007
                        regions.get(region),
                        bodies[body],
                        *texts[:5],
                        Decimal(amount) if amount else None,
                        *texts[6:],
                        *defaults,
                    )
                )
                count += 1
    return count


def rounds(path: Path, repeat: int) -> dict[str, list[float]]:
    """Seconds of each step, round by round: the import (created), again (unchanged), the
    baseline; one untimed round first."""
    seconds: dict[str, list[float]] = {"created": [], "again": [], "baseline": []}
    steps = (
        ("created", empty_violations, lambda: run_import(path)),
        ("again", lambda: None, lambda: run_import(path)),
        ("baseline", empty_violations, lambda: parse_and_copy(path)),
    )
    for round_ in range(repeat + 1):
        for name, before, step in steps:
            before()
            started = time.perf_counter()
            step()
            if round_:
                seconds[name].append(time.perf_counter() - started)
    return seconds


def profile(path: Path) -> None:
    empty_violations()
    run_import(path)  # warm-up
    empty_violations()
    profiler = cProfile.Profile()
    profiler.runcall(run_import, path)
    for order in ("tottime", "cumulative"):
        pstats.Stats(profiler).strip_dirs().sort_stats(order).print_stats(25)


def count_queries(function: Callable[[], Any]) -> Counter[str]:
    from django.db import connection

    kinds: Counter[str] = Counter()

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        kinds[sql.split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        function()
    return kinds


def line(name: str, seconds: list[float], rows: int) -> str:
    median = statistics.median(seconds)
    return (
        f"{name:<44} median {median * 1000:8.1f} ms, min {min(seconds) * 1000:8.1f} ms; "
        f"{median / rows * 1e6:7.1f} µs a row"
    )


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def ratios(seconds: list[float], baseline: list[float]) -> str:
    """The median of the rounds' ratios, and their range."""
    each = sorted(step / base for step, base in zip(seconds, baseline, strict=True))
    return f"{statistics.median(each):.2f} (rounds {each[0]:.2f} to {each[-1]:.2f})"


def main() -> None:
    arguments = parse_arguments()
    url = require_postgres_url(default=DEFAULT_URL)
    create_database_if_missing(url)
    set_up_django()
    from requests_tracker.monitoring.models import Violation

    rows, repeat = arguments.rows, arguments.repeat
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "violations.csv"
        write_file(rows, path)
        print(f"a CSV of {rows:,} rows, {path.stat().st_size / 1024:,.0f} KiB")
        if arguments.profile:
            profile(path)
            empty_violations()
            return
        load_before = load_average()
        seconds = rounds(path, repeat)
        load_after = load_average()
        if Violation.objects.count() != rows:
            sys.exit(f"the COPY made {Violation.objects.count():,} rows, not {rows:,}")
        empty_violations()
        kinds = count_queries(lambda: run_import(path))
        if Violation.objects.count() != rows:
            sys.exit(f"the import made {Violation.objects.count():,} violations, not {rows:,}")
        kinds_again = count_queries(lambda: run_import(path))
        if Violation.objects.count() != rows:
            sys.exit("the second import added violations")
        empty_violations()

    print(f"load average {load_before} before, {load_after} after; {repeat} rounds")
    print(line(f"import_file, {rows:,} rows created", seconds["created"], rows))
    print(line(f"import_file again, {rows:,} rows unchanged", seconds["again"], rows))
    print(line("baseline: csv.reader + one COPY", seconds["baseline"], rows))
    print(
        f"import / baseline, the median of the rounds: "
        f"{ratios(seconds['created'], seconds['baseline'])} (target <= 3)"
    )
    print(f"the unchanged re-import / baseline: {ratios(seconds['again'], seconds['baseline'])}")
    print(f"queries of one import (created): {sum(kinds.values())} {dict(kinds)}")
    print(f"queries of one import (unchanged): {sum(kinds_again.values())} {dict(kinds_again)}")


if __name__ == "__main__":
    main()
