"""The requester's windows to complain: opened for each passed deadline, a reminder before one
closes, and closed at its end.

Planned in batches as the deadline sweep is (``planning.py``): beat's task reads the ids due for
each part (to open, to remind, to close), cuts them into batches in id order and queues one batch
task a batch on the sweep's queue; whoever runs a batch locks its rows again, filtered by state,
with ``SELECT ... FOR UPDATE SKIP LOCKED``. A window a batch opens is reminded and closed by that
batch too when already due (beat was down for weeks), as the sweep in one go always did.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet

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
    among,
    claim,
)
from requests_tracker.monitoring.sweep.planning import Batch, plan_parts
from requests_tracker.notifications.models import AlertKind

WINDOW_PART_NAMES = ("open", "remind", "close")


@dataclass
class WindowReport:
    opened: int = 0
    reminded: int = 0
    closed: int = 0
    alerts: list[int] = field(default_factory=list)


def windows_to_open(now: datetime) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        state=DeadlineState.PASSED, is_legal_deadline=True, appeal_window_opened_at=None
    )


def window_reminders_due(now: datetime) -> QuerySet[Deadline]:
    return Deadline.objects.appeal_windows().filter(
        state=DeadlineState.RUNNING, reminder_at__lte=now, reminded_at=None
    )


def windows_ended(now: datetime) -> QuerySet[Deadline]:
    return Deadline.objects.appeal_windows().filter(state=DeadlineState.RUNNING, ends_at__lt=now)


def plan_appeal_windows(*, now: datetime, batch_size: int) -> list[Batch]:
    """The batches of the windows to open, remind and close at ``now``, in id order."""
    return plan_parts(
        [
            ("open", windows_to_open(now)),
            ("remind", window_reminders_due(now)),
            ("close", windows_ended(now)),
        ],
        batch_size=batch_size,
    )


def sweep_appeal_windows(*, now: datetime, batch_size: int = BATCH_SIZE) -> WindowReport:
    """Open a window to complain for each passed deadline, remind before it closes, close it:
    everything due at ``now``, in this process, batch after batch as the workers would.

    Apart from the deadline sweep, so that the work on the body's deadlines stays lean.
    """
    report = WindowReport()
    for batch in plan_appeal_windows(now=now, batch_size=batch_size):
        sweep_window_batch(
            now=now, deadline_ids=batch.deadline_ids, parts=batch.parts, report=report
        )
    return report


def sweep_window_batch(
    *, now: datetime, deadline_ids: Sequence[int], parts: Sequence[str], report: WindowReport
) -> WindowReport:
    """One planned batch: open, remind, close, in that order, its rows still due; each part is
    one transaction, and a batch run twice finds its rows done."""
    unknown = set(parts) - set(WINDOW_PART_NAMES)
    if unknown:
        raise ValueError(f"Unknown parts of the appeal-window sweep: {sorted(unknown)}")
    ids, to_do = list(deadline_ids), set(parts)
    if "open" in to_do and ids:
        opened, windows = _open_windows_batch(now, ids)
        report.opened += opened
        if windows:
            # Opened late (beat was down), a window may be due for its reminder or end already.
            ids += windows
            to_do |= {"remind", "close"}
    if "remind" in to_do and ids:
        alerts = SweepReport()
        report.reminded += _window_reminder_batch(now, ids, alerts)
        report.alerts.extend(alerts.alerts)
    if "close" in to_do and ids:
        report.closed += _close_windows_batch(now, ids)
    return report


@transaction.atomic
def _open_windows_batch(now: datetime, deadline_ids: Sequence[int]) -> tuple[int, list[int]]:
    """Open the windows of the batch's passed deadlines; returns how many deadlines were done
    and the ids of the running windows of their requests."""
    passed = list(
        among(windows_to_open(now), deadline_ids)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("information_request__public_body__jurisdiction")
        .order_by("id")
    )
    if not passed:
        return 0, []
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
    opened = Deadline.objects.appeal_windows().filter(
        state=DeadlineState.RUNNING,
        information_request_id__in={window.information_request_id for window in windows},
    )
    return len(passed), sorted(opened.values_list("id", flat=True))


def _window_reminder_batch(now: datetime, deadline_ids: Sequence[int], report: SweepReport) -> int:
    return alert_batch(
        deadlines=among(window_reminders_due(now), deadline_ids),
        order_by="id",
        kind=AlertKind.APPEAL_WINDOW_CLOSING,
        still_useful=lambda row: row["ends_at"] >= now,
        mark="reminded_at",
        now=now,
        batch_size=len(deadline_ids),
        report=report,
    )


@transaction.atomic
def _close_windows_batch(now: datetime, deadline_ids: Sequence[int]) -> int:
    rows = claim(among(windows_ended(now), deadline_ids), "id", len(deadline_ids))
    Deadline.objects.filter(id__in=[row["id"] for row in rows]).update(
        state=DeadlineState.PASSED, passed_at=now
    )
    return len(rows)
