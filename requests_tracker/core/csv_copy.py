"""A query's rows as CSV written by PostgreSQL itself (``COPY (query) TO STDOUT``), streamed.

PostgreSQL formats every value and quotes the CSV in C, so Python only passes bytes on: a
fraction of the cost of building a tuple of Python objects per row and formatting it again with
``csv.writer``. It quotes as ``csv.writer`` does by default (a value holding a comma, a quote, a
carriage return or a line feed, quotes doubled), and sends one row per message (the protocol's
rule for COPY TO), each ended by a line feed: it is turned into the CRLF of RFC 4180, as
``csv.writer`` ends its lines. An empty text is written ``""`` by COPY and NULL as nothing, so
the query should give NULL for an empty cell (``spreadsheets.SafeTextSQL`` does).

The rows come as the server sends them, a chunk at a time, so memory stays flat at any size.
While they stream the connection is busy; a reader that stops early (a download cut off) closes
the generator, and the copy is cancelled and drained, leaving the connection usable.
"""

from collections.abc import Generator
from contextlib import nullcontext
from typing import Any

from django.db import connections
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import QuerySet

CHUNK_BYTES = 64 * 1024


def copy_csv(
    queryset: QuerySet[Any], *, chunk_bytes: int = CHUNK_BYTES
) -> Generator[bytes, None, None]:
    """The rows of ``queryset`` (a ``values_list``, in its order) as CSV lines, in chunks of
    about ``chunk_bytes``; no header. PostgreSQL only."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        raise ValueError(f"COPY is PostgreSQL's; the database is {connection.vendor}")
    select, params = queryset.query.sql_with_params()
    statement = f"COPY ({select}) TO STDOUT WITH (FORMAT csv)"
    with connection.cursor() as cursor:
        # Logged like any query when queries are (DEBUG, CaptureQueriesContext).
        logged = (
            cursor.debug_sql(statement, params)
            if isinstance(cursor, CursorDebugWrapper)
            else nullcontext()
        )
        with logged, cursor.cursor.copy(statement, params) as copy:
            chunk = bytearray()
            for row in copy:
                if row[-1:] != b"\n":  # pragma: no cover - the protocol sends whole rows
                    raise RuntimeError("COPY sent part of a row")
                chunk += row[:-1]
                chunk += b"\r\n"
                if len(chunk) >= chunk_bytes:
                    yield bytes(chunk)
                    chunk.clear()
            if chunk:
                yield bytes(chunk)
