"""A persistent database connection dropped under a web worker is replaced, not a 500."""

import psycopg
import pytest
from django.db import close_old_connections, connection

from tests.core.test_settings import run_manage


def test_connections_to_postgresql_are_health_checked_before_reuse() -> None:
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        " print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        DJANGO_SECRET_KEY="x7$Kq!v2Lm@9pZr#4tWb^8nYc&1hJs*6uFd(3eGa)0iOk_5lPq+",
        DATABASE_URL="postgres://tracker@db.example.org:5432/tracker",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "django.db.backends.postgresql 60 True\n"


@pytest.mark.django_db(transaction=True, available_apps=["requests_tracker.core"])
def test_a_connection_killed_by_the_server_is_replaced_at_the_next_request() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the server ends connections only on PostgreSQL")
    # given: the worker's persistent connection, then the server ends it (a restart, a proxy)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend_pid,) = cursor.fetchone()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (backend_pid,))

    # when: the next request starts (Django's request_started handler) and queries
    close_old_connections()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (new_pid,) = cursor.fetchone()

    # then: a new connection answered
    assert new_pid != backend_pid
