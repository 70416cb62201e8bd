"""The outbox's shared mechanics: queuing a send without failing the caller, and beat's sweep.

Every outgoing email is a row (an ``OutgoingEmail`` to a body, an ``Alert`` to a person). The row
is the truth; a task queued on commit is only the fast path. When the broker is down the row stays
due and the sweep, run by beat every minute, sends it once a worker runs again; when the SMTP
server is down the row records the attempt and waits (``core/retry.py``) until it is sent or a
person gives up. The sweep locks only the rows it sends (``FOR UPDATE OF`` the row, ``SKIP
LOCKED``): a row another worker holds is that worker's to send, never skipped for good nor sent
twice.
"""

import logging
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from celery import Task
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models, transaction

logger = logging.getLogger(__name__)
Row = TypeVar("Row", bound=models.Model)

# Rows locked and sent in one transaction; a crash in the middle can repeat at most this many.
SWEEP_BATCH_SIZE = 20
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


def sweep(
    *,
    due: Callable[[], "models.QuerySet[Row]"],
    attempt: Callable[[Row, Connection], bool],
    batch_size: int = SWEEP_BATCH_SIZE,
    budget_seconds: float = SWEEP_BUDGET_SECONDS,
) -> int:
    """Send the due rows, batch after batch, each batch locked; returns how many were sent.

    ``due()`` is the queryset of rows due now, ordered; ``attempt(row, connection)`` sends one
    locked row and records the outcome (True when sent). A row tried in this run is not tried again
    in it, whatever its next attempt, so a run always ends.
    """
    deadline = time.monotonic() + budget_seconds
    tried: list[int] = []
    sent = 0
    while time.monotonic() < deadline:
        with transaction.atomic():
            batch = list(
                due()
                .exclude(pk__in=tried)
                .select_for_update(skip_locked=True, of=("self",))[:batch_size]
            )
            if not batch:
                break
            connection = Connection()
            try:
                for row in batch:
                    tried.append(row.pk)
                    if attempt(row, connection):
                        sent += 1
                    else:
                        connection.after_failure()
            finally:
                connection.close()
    return sent
