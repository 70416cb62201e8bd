"""The requester's windows to complain: opened for each passed deadline, a reminder before one
closes, and closed at its end."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.information_requests.appeal_windows import (
    appeal_window_rule,
    build_appeal_window,
    opens_appeal_window,
)
from requests_tracker.information_requests.models import Deadline, DeadlineState
from requests_tracker.laws.selectors import working_calendar
from requests_tracker.monitoring.sweep.batches import (
    BATCH_SIZE,
    SweepReport,
    alert_batch,
    claim,
    drain,
)
from requests_tracker.notifications.models import AlertKind


@dataclass
class WindowReport:
    opened: int = 0
    reminded: int = 0
    closed: int = 0
    alerts: list[int] = field(default_factory=list)


def sweep_appeal_windows(*, now: datetime, batch_size: int = BATCH_SIZE) -> WindowReport:
    """Open a window to complain for each passed deadline, remind before it closes, close it.

    Apart from the deadline sweep, so that the work on the body's deadlines stays lean.
    """
    report = WindowReport()
    report.opened = drain(lambda: _open_windows_batch(now, batch_size))
    alerts = SweepReport()
    report.reminded = drain(lambda: _windowreminder_batch(now, batch_size, alerts))
    report.alerts = alerts.alerts
    report.closed = drain(lambda: _close_windows_batch(now, batch_size))
    return report


@transaction.atomic
def _open_windows_batch(now: datetime, batch_size: int) -> int:
    passed = list(
        Deadline.objects.filter(
            state=DeadlineState.PASSED, is_legal_deadline=True, appeal_window_opened_at=None
        )
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("information_request__public_body__jurisdiction")
        .order_by("passed_at")[:batch_size]
    )
    if not passed:
        return 0
    calendars: dict[int, WorkingCalendar] = {}
    windows = []
    for deadline in passed:
        information_request = deadline.information_request
        jurisdiction = information_request.public_body.jurisdiction
        rule = appeal_window_rule(jurisdiction.code)
        if rule is None or not opens_appeal_window(information_request):
            continue
        if jurisdiction.pk not in calendars:
            calendars[jurisdiction.pk] = working_calendar(
                jurisdiction=jurisdiction, years=range(now.year - 2, now.year + 2)
            )
        # APPC Art. 91(2): the body is deemed to have refused from the day after expiry.
        windows.append(
            build_appeal_window(
                information_request_id=information_request.pk,
                rule=rule,
                learned_on=deadline.due_date + timedelta(days=1),
                calendar=calendars[jurisdiction.pk],
                time_zone=ZoneInfo(jurisdiction.time_zone),
                now=now,
            )
        )
    Deadline.objects.bulk_create(windows, ignore_conflicts=True)
    Deadline.objects.filter(id__in=[d.id for d in passed]).update(appeal_window_opened_at=now)
    return len(passed)


def _windowreminder_batch(now: datetime, batch_size: int, report: SweepReport) -> int:
    return alert_batch(
        deadlines=Deadline.objects.appeal_windows().filter(
            state=DeadlineState.RUNNING, reminder_at__lte=now, reminded_at=None
        ),
        order_by="reminder_at",
        kind=AlertKind.APPEAL_WINDOW_CLOSING,
        still_useful=lambda row: row["ends_at"] >= now,
        mark="reminded_at",
        now=now,
        batch_size=batch_size,
        report=report,
    )


@transaction.atomic
def _close_windows_batch(now: datetime, batch_size: int) -> int:
    rows = claim(
        Deadline.objects.appeal_windows().filter(state=DeadlineState.RUNNING, ends_at__lt=now),
        "ends_at",
        batch_size,
    )
    Deadline.objects.filter(id__in=[row["id"] for row in rows]).update(
        state=DeadlineState.PASSED, passed_at=now
    )
    return len(rows)
