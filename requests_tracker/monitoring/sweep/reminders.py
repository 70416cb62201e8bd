"""Before a deadline: the reminder some days ahead, and the alert on the due day itself."""

from collections.abc import Sequence
from datetime import datetime

from django.db.models import QuerySet

from requests_tracker.information_requests.models import Deadline
from requests_tracker.monitoring.sweep.batches import SweepReport, alert_batch, among
from requests_tracker.notifications.models import AlertKind


def reminders_due(now: datetime) -> QuerySet[Deadline]:
    return Deadline.objects.running_legal().filter(reminder_at__lte=now, reminded_at=None)


def due_days_due(now: datetime) -> QuerySet[Deadline]:
    return Deadline.objects.running_legal().filter(
        due_day_starts_at__lte=now, due_day_alerted_at=None
    )


def reminder_batch(now: datetime, deadline_ids: Sequence[int], report: SweepReport) -> int:
    return alert_batch(
        deadlines=among(reminders_due(now), deadline_ids),
        order_by="id",
        kind=AlertKind.DEADLINE_SOON,
        # A reminder that comes due on the due day itself is left to the due-day alert.
        still_useful=lambda row: row["due_day_starts_at"] > now,
        mark="reminded_at",
        now=now,
        batch_size=len(deadline_ids),
        report=report,
    )


def due_day_batch(now: datetime, deadline_ids: Sequence[int], report: SweepReport) -> int:
    return alert_batch(
        deadlines=among(due_days_due(now), deadline_ids),
        order_by="id",
        kind=AlertKind.DEADLINE_TODAY,
        still_useful=lambda row: row["ends_at"] >= now,
        mark="due_day_alerted_at",
        now=now,
        batch_size=len(deadline_ids),
        report=report,
    )
