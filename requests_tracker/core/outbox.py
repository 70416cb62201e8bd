"""The outbox's shared mechanics: queuing a send without failing the caller, and beat's sweep.

Every outgoing email is a row (an ``OutgoingEmail`` to a body, an ``Alert`` to a person). The row
is the truth; a task queued on commit is only the fast path. When the broker is down the row stays
due and the sweep, run by beat every minute, sends it once a worker runs again; when the SMTP
server is down the row records the attempt and waits (``core/retry.py``) until it is sent or a
person gives up.

No row is locked while the SMTP server is talked to (a slow or silent server would hold it for
``EMAIL_TIMEOUT`` seconds, and with it a bounce, a person's "stop trying", every row waiting on
it). A worker that sends a row holds instead a PostgreSQL advisory lock named after it
(``sending``), on its session, outside any transaction, and reads the row again once it holds it:
a row another worker holds is that worker's to send, never skipped for good nor sent twice, and
a worker that dies lets go of it with its connection. Only senders, and the people who change a
row being sent (``not_being_sent``), look at that lock; nothing else waits for it.
"""

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

from celery import Task
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, models, transaction

logger = logging.getLogger(__name__)
Row = TypeVar("Row", bound=models.Model)

# Rows read at once by the sweep; each is then taken (``sending``) and sent on its own.
SWEEP_BATCH_SIZE = 20
# pg_try_advisory_lock(key1, key2) takes two int4: the table's name hashed, and the row's id
# folded into int4 (two ids folding alike only make one wait for the next sweep).
_INT4 = 2**31 - 1
# A sweep starts no new batch after this long, so that runs a minute apart do not pile up.
SWEEP_BUDGET_SECONDS = 45.0
ERROR_MAX_LENGTH = 1000


def enqueue_quietly(task: Task[Any, Any], *args: Any) -> bool:
    """Queue ``task(*args)`` now; on a broker error log it and return False (never raise)."""
    return enqueue_each_quietly(task, [args]) == 1


def enqueue_each_quietly(task: Task[Any, Any], calls: Iterable[tuple[Any, ...]]) -> int:
    """Queue ``task(*args)`` for each ``args`` on one connection; returns how many were queued.

    A broker error is logged, not raised, and stops there: the sweep sends the rest. Neither the
    connection nor the publish is retried (kombu would otherwise wait some 6 seconds for a broker
    that is down, in a web request that has nothing to wait for).
    """
    options = {**task.app.conf.broker_transport_options, "max_retries": 0}
    queued = 0
    try:
        with task.app.connection_for_write(transport_options=options) as connection:
            for args in calls:
                # (Celery takes `connection`; celery-types does not list it.)
                task.apply_async(args=args, retry=False, connection=connection)  # type: ignore[call-arg]
                queued += 1
    except Exception:  # the broker is down or unreachable: whatever kombu raises
        logger.warning("could not queue %s; the outbox sweep will send it", task.name)
    return queued


def enqueue_on_commit(task: Task[Any, Any], *args: Any) -> None:
    """Queue ``task(*args)`` once the current transaction commits, quietly (see above)."""
    transaction.on_commit(partial(enqueue_quietly, task, *args))


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]


class Connection:
    """One SMTP connection shared by a batch, opened again after a failure broke it."""

    def __init__(self) -> None:
        self.backend: BaseEmailBackend = get_connection()
        self._reopen()

    def _reopen(self) -> None:
        self.backend.close()
        try:
            self.backend.open()
        except Exception:  # the server is down: each send opens its own, and fails on its own
            self.backend.close()

    def after_failure(self) -> None:
        self._reopen()

    def close(self) -> None:
        self.backend.close()


def _lock_key(model: type[models.Model], pk: int) -> tuple[str, int]:
    return model._meta.db_table, pk % _INT4


@contextmanager
def sending(model: type[models.Model], pk: int) -> Iterator[bool]:
    """Whether this worker holds the right to send row ``pk`` (False: another worker does).

    On PostgreSQL an advisory lock, taken without waiting: outside a transaction (a worker's
    task), on the session, let go on leaving, once what the send recorded is committed; inside one
    (a caller's), until that transaction ends, so that no other worker reads the row before what
    was recorded here is committed. Read the row again inside: it may have been sent just
    before. Elsewhere (SQLite, one process in development) always True.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    table, key = _lock_key(model, pk)
    in_transaction = connection.in_atomic_block
    take = "pg_try_advisory_xact_lock" if in_transaction else "pg_try_advisory_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {take}(hashtext(%s), %s)", [table, key])
        (held,) = cursor.fetchone() or (False,)
    try:
        yield bool(held)
    finally:
        if held and not in_transaction:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s), %s)", [table, key])


def not_being_sent(model: type[models.Model], pks: Iterable[int]) -> list[int]:
    """The ids among ``pks`` that no worker is sending now, kept so until this transaction ends
    (a sender that comes next reads the row as this transaction left it). In a transaction."""
    ids = list(pks)
    if connection.vendor != "postgresql":
        return ids
    free = []
    with connection.cursor() as cursor:
        for pk in ids:
            table, key = _lock_key(model, pk)
            cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s), %s)", [table, key])
            row = cursor.fetchone()
            if row is not None and row[0]:
                free.append(pk)
    return free


def send_one(due: "models.QuerySet[Row]", pk: int, attempt: Callable[[Row], bool]) -> bool | None:
    """Send row ``pk`` if it is due and no other worker is sending it; None when not tried.

    The row is read again once this worker holds it (``sending``), and ``attempt`` runs outside
    any transaction of ours: it records the outcome in short ones of its own.
    """
    with sending(due.model, pk) as mine:
        if not mine:
            return None
        row = due.filter(pk=pk).first()
        if row is None:  # sent, given up or rescheduled since it was read
            return None
        return attempt(row)


def _attempt_on(attempt: Callable[[Row, Connection], bool], smtp: Connection, row: Row) -> bool:
    return attempt(row, smtp)


def sweep(
    *,
    due: Callable[[], "models.QuerySet[Row]"],
    attempt: Callable[[Row, Connection], bool],
    batch_size: int = SWEEP_BATCH_SIZE,
    budget_seconds: float = SWEEP_BUDGET_SECONDS,
) -> int:
    """Send the due rows, batch after batch, each row taken by this worker alone while it is sent
    (``send_one``), no row locked; returns how many were sent.

    ``due()`` is the queryset of rows due now, ordered; ``attempt(row, connection)`` sends one row
    and records the outcome (True when sent). A row tried in this run, or held by another worker,
    is not tried again in it, whatever its next attempt, so a run always ends.
    """
    deadline = time.monotonic() + budget_seconds
    tried: list[int] = []
    sent = 0
    while time.monotonic() < deadline:
        batch = list(due().exclude(pk__in=tried).values_list("pk", flat=True)[:batch_size])
        if not batch:
            break
        smtp = Connection()
        try:
            for pk in batch:
                tried.append(pk)
                outcome = send_one(due(), pk, partial(_attempt_on, attempt, smtp))
                if outcome is True:
                    sent += 1
                elif outcome is False:
                    smtp.after_failure()
        finally:
            smtp.close()
    return sent
