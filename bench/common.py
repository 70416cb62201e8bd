"""What every benchmark does before it measures: a PostgreSQL database of its own, and Django.

The benchmarks run as scripts (``python bench/<name>.py``); each puts the repository root on
``sys.path`` before importing this module.
"""

import io
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

PROJECT_DIR = Path(__file__).resolve().parent.parent
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


def require_postgres_url(*, default: str) -> str:
    """DATABASE_URL (``default`` when unset), refusing anything but a PostgreSQL benchmark database,
    because the benchmarks empty the tables they seed."""
    url = os.environ.setdefault("DATABASE_URL", default)
    parts = urlsplit(url)
    name = parts.path.strip("/")
    if parts.scheme not in POSTGRES_SCHEMES or not name:
        sys.exit(f"Refusing to run: DATABASE_URL must name a PostgreSQL database, e.g. {default}")
    if "bench" not in name:
        sys.exit(f"Refusing to run: {name!r} is not a benchmark database (no 'bench' in it).")
    return url


def create_database_if_missing(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.strip("/")
    maintenance = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def set_up_django() -> None:
    """Django on that database, migrated and loaded, with Celery's broker in this process."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "requests_tracker.settings"
    os.environ["DJANGO_DEBUG"] = "true"
    # The broker must not be a live dependency: `.delay` queues in this process's memory.
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    sys.path.insert(0, str(PROJECT_DIR))
    os.chdir(PROJECT_DIR)

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from requests_tracker.celery import app as celery_app

    if connection.vendor != "postgresql":
        sys.exit(f"Refusing to run: the database is {connection.vendor}, not PostgreSQL.")
    if not str(celery_app.conf.broker_url).startswith("memory://"):
        sys.exit(f"Refusing to run: the Celery broker is {celery_app.conf.broker_url}.")
    if celery_app.conf.task_always_eager:
        sys.exit("Refusing to run: CELERY_TASK_ALWAYS_EAGER is on (work would run inline).")
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
    # DEBUG was needed for the settings (a default secret key); the timed runs should not pay for
    # the debug cursor's query log.
    settings.DEBUG = False
    logging.getLogger("fontTools").setLevel(logging.WARNING)


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    """Seconds of each of ``repeat`` calls of ``function``, after one untimed warm-up call."""
    function()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def empty_violations() -> None:
    """TRUNCATE the violation table (a benchmark database only: see require_postgres_url)."""
    from django.db import connection

    from requests_tracker.monitoring.models import Violation

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Violation._meta.db_table} CASCADE")
