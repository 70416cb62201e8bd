"""Before a deadline: the reminder some days ahead, and the alert on the due day itself."""

from datetime import datetime

from requests_tracker.information_requests.models import Deadline
from requests_tracker.monitoring.sweep.batches import SweepReport, alert_batch
from requests_tracker.notifications.models import AlertKind


def reminder_batch(now: datetime, batch_size: int, report: SweepReport) -> int:
    return alert_batch(
        deadlines=Deadline.objects.running_legal().filter(reminder_at__lte=now, reminded_at=None),
        order_by="reminder_at",
        kind=AlertKind.DEADLINE_SOON,
        # A reminder that comes due on the due day itself is left to the due-day alert.
        still_useful=lambda row: row["due_day_starts_at"] > now,
        mark="reminded_at",
        now=now,
        batch_size=batch_size,
        report=report,
    )


def due_day_batch(now: datetime, batch_size: int, report: SweepReport) -> int:
    return alert_batch(
        deadlines=Deadline.objects.running_legal().filter(
            due_day_starts_at__lte=now, due_day_alerted_at=None
        ),
        order_by="due_day_starts_at",
        kind=AlertKind.DEADLINE_TODAY,
        still_useful=lambda row: row["ends_at"] >= now,
        mark="due_day_alerted_at",
        now=now,
        batch_size=batch_size,
        report=report,
    )
