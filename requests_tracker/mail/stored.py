"""Storing a received message safely: its rows and files together, or neither.

A file is written to the storage before its row is inserted, and the storage takes part in no
transaction. ``kept_only_if_committed`` is the transaction of one delivery: the files written in it
(``remember_file``) are removed unless it commits, and what runs after the commit (tasks queued on
commit) can no longer turn a stored message into a failure: its error is logged, and the outbox or
beat catches up.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)

_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("_written", default=None)


@contextmanager
def kept_only_if_committed() -> Iterator[None]:
    """One transaction; its remembered files are removed unless it commits.

    Nested inside another, it is a savepoint, and the outermost one decides about the files.
    """
    if _written.get() is not None:
        with transaction.atomic():
            yield
        return
    written: list[tuple[Storage, str]] = []
    reset = _written.set(written)
    # Inside a caller's transaction (a test's), the commit and its callbacks happen later, there.
    commits_here = not transaction.get_connection().in_atomic_block
    committed = False

    def mark_committed() -> None:
        nonlocal committed
        committed = True

    try:
        with transaction.atomic():
            if commits_here:
                # Registered first, so it runs before any callback the work registers.
                transaction.on_commit(mark_committed)
            yield
    except Exception:
        if committed:
            logger.exception("Work scheduled after a stored message failed; it will be caught up")
            return
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written.reset(reset)


def remember_file(file: FieldFile) -> None:
    """A file just written, to be removed if the delivery's transaction does not commit."""
    remember_written(file.storage, file.name)


def remember_written(storage: Storage, name: str | None) -> None:
    """The same, for a file written to ``storage`` as ``name`` before its row exists."""
    written = _written.get()
    if written is not None and name:
        written.append((storage, name))
