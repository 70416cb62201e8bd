"""The deadline sweep run by beat: reminders, due-day alerts, passed deadlines, findings.

Each part selects by state ("running, the legal deadline, ended before now, not yet recorded"),
never by a time window, so a missed run catches up and a doubled one adds nothing. Rows are taken
in batches with ``SELECT ... FOR UPDATE SKIP LOCKED``, so concurrent sweeps share the work, and
every insert is guarded by a unique constraint (one overdue event, one violation and one alert per
deadline and cause). Alerts are enqueued for sending after the batch commits.
"""

from datetime import datetime

from requests_tracker.monitoring.sweep.appeal_windows import WindowReport, sweep_appeal_windows
from requests_tracker.monitoring.sweep.batches import BATCH_SIZE, SweepReport, drain
from requests_tracker.monitoring.sweep.findings import findings_batch
from requests_tracker.monitoring.sweep.passed import passed_batch, reply_to_classify_batch
from requests_tracker.monitoring.sweep.reminders import due_day_batch, reminder_batch

__all__ = [
    "BATCH_SIZE",
    "SweepReport",
    "WindowReport",
    "sweep_appeal_windows",
    "sweep_deadlines",
]


def sweep_deadlines(*, now: datetime, batch_size: int = BATCH_SIZE) -> SweepReport:
    """Process everything that is due at ``now``; safe to run twice or at the same time."""
    report = SweepReport()
    report.reminders = drain(lambda: reminder_batch(now, batch_size, report))
    report.due_today = drain(lambda: due_day_batch(now, batch_size, report))
    report.passed = drain(lambda: passed_batch(now, batch_size, report))
    report.replies_to_classify = drain(lambda: reply_to_classify_batch(now, batch_size, report))
    report.findings = drain(lambda: findings_batch(now, batch_size))
    return report
