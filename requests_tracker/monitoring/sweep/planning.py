"""The sweep split into batches that any worker takes: what is due is planned once, in batches of
deadlines, and each batch is then processed on its own.

The coordinator (beat's task) reads only the ids of the deadlines due, one query per part on its
partial index, and cuts them into batches of ``batch_size`` ids in id order. A batch names its
deadlines and the parts due among them; whoever runs it locks those rows again, filtered by state
(``SELECT ... FOR UPDATE SKIP LOCKED``), so a row done or held by another run in the meantime is
left to it. The batches of one plan share no deadline, so workers running them side by side never
wait on each other; two plans at once (a doubled beat) share rows, and the unique constraints and
the state filter keep every row recorded once. A batch lost with its worker is planned again by
the next beat, as the rows it held are still due.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from requests_tracker.information_requests.models import Deadline
from requests_tracker.monitoring.sweep.batches import SweepReport
from requests_tracker.monitoring.sweep.findings import findings_batch, findings_due
from requests_tracker.monitoring.sweep.passed import (
    passed_batch,
    passed_due,
    replies_to_classify_due,
    reply_to_classify_batch,
)
from requests_tracker.monitoring.sweep.reminders import (
    due_day_batch,
    due_days_due,
    reminder_batch,
    reminders_due,
)


@dataclass(frozen=True)
class Part:
    """One kind of work of the sweep: which deadlines it is due for, and how a batch is done."""

    name: str
    due: Callable[[datetime], QuerySet[Deadline]]
    run: Callable[[datetime, Sequence[int], SweepReport], int]
    counter: str  # the SweepReport field that counts its rows


# In the order a batch runs them, as one sweep always has: the reminder and the due-day alert
# before the deadline is passed (each then sees the deadline still running and marks itself done).
PARTS = (
    Part("reminders", reminders_due, reminder_batch, "reminders"),
    Part("due_today", due_days_due, due_day_batch, "due_today"),
    Part("passed", passed_due, passed_batch, "passed"),
    Part(
        "replies_to_classify",
        replies_to_classify_due,
        reply_to_classify_batch,
        "replies_to_classify",
    ),
    Part("findings", findings_due, lambda now, ids, _report: findings_batch(now, ids), "findings"),
)
PART_NAMES = tuple(part.name for part in PARTS)


@dataclass(frozen=True)
class Batch:
    """Deadlines to process together, and the parts that were due among them when planned."""

    deadline_ids: list[int]
    parts: list[str]


def refuse_empty_batches(batch_size: int) -> None:
    if batch_size < 1:
        raise ValueError("A batch holds at least one deadline.")


def in_batches(ids: Sequence[int], batch_size: int) -> list[list[int]]:
    """``ids`` cut, in their order, into lists of ``batch_size`` (the last one may be shorter)."""
    refuse_empty_batches(batch_size)
    return [list(ids[start : start + batch_size]) for start in range(0, len(ids), batch_size)]


def plan_parts(
    due_by_part: Sequence[tuple[str, QuerySet[Deadline]]], *, batch_size: int
) -> list[Batch]:
    """The batches of the deadlines due for any of the named parts: each deadline in one batch,
    in id order, each batch naming the parts due among its deadlines (in the order given)."""
    refuse_empty_batches(batch_size)  # before any query
    parts_due: dict[int, set[str]] = {}
    for name, due in due_by_part:
        for deadline_id in due.order_by().values_list("id", flat=True):
            parts_due.setdefault(deadline_id, set()).add(name)
    batches = []
    for ids in in_batches(sorted(parts_due), batch_size):
        names = set().union(*(parts_due[deadline_id] for deadline_id in ids))
        batches.append(
            Batch(deadline_ids=ids, parts=[name for name, _due in due_by_part if name in names])
        )
    return batches


def plan_sweep(*, now: datetime, batch_size: int) -> list[Batch]:
    """The batches of everything due at ``now``: each deadline in one batch, in id order."""
    return plan_parts([(part.name, part.due(now)) for part in PARTS], batch_size=batch_size)


def sweep_batch(
    *, now: datetime, deadline_ids: Sequence[int], parts: Sequence[str], report: SweepReport
) -> SweepReport:
    """Process one planned batch: each part, in order, on those of its deadlines still due.

    Each part is one transaction; a batch cut short (a killed worker) keeps the parts that
    committed, and the rest is planned again by the next sweep.
    """
    unknown = set(parts) - set(PART_NAMES)
    if unknown:
        raise ValueError(f"Unknown parts of the sweep: {sorted(unknown)}")
    for part in PARTS:
        if part.name in parts and deadline_ids:
            done = part.run(now, deadline_ids, report)
            setattr(report, part.counter, getattr(report, part.counter) + done)
    return report
