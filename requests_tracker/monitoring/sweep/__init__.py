"""The deadline sweep run by beat: reminders, due-day alerts, passed deadlines, findings.

Each part selects by state ("running, the legal deadline, ended before now, not yet recorded"),
never by a time window, so a missed run catches up and a doubled one adds nothing. What is due is
planned in batches of deadlines (``planning.py``); beat's task queues one task a batch, which any
worker takes, and each batch locks its rows with ``SELECT ... FOR UPDATE SKIP LOCKED``, so
concurrent sweeps share the work. Every insert is guarded by a unique constraint (one overdue
event, one violation and one alert per deadline and cause). Alerts are enqueued for sending after
the batch commits.
"""

from datetime import datetime

from requests_tracker.monitoring.sweep.appeal_windows import (
    WINDOW_PART_NAMES,
    WindowReport,
    plan_appeal_windows,
    sweep_appeal_windows,
    sweep_window_batch,
)
from requests_tracker.monitoring.sweep.batches import BATCH_SIZE, SweepReport
from requests_tracker.monitoring.sweep.planning import PART_NAMES, Batch, plan_sweep, sweep_batch

__all__ = [
    "BATCH_SIZE",
    "PART_NAMES",
    "WINDOW_PART_NAMES",
    "Batch",
    "SweepReport",
    "WindowReport",
    "plan_appeal_windows",
    "plan_sweep",
    "sweep_appeal_windows",
    "sweep_batch",
    "sweep_deadlines",
    "sweep_window_batch",
]


def sweep_deadlines(*, now: datetime, batch_size: int = BATCH_SIZE) -> SweepReport:
    """Process everything that is due at ``now`` in this process, batch after batch, as the
    workers would; safe to run twice or at the same time."""
    report = SweepReport()
    for batch in plan_sweep(now=now, batch_size=batch_size):
        sweep_batch(now=now, deadline_ids=batch.deadline_ids, parts=batch.parts, report=report)
    return report
