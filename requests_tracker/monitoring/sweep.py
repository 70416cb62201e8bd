"""The deadline sweep run by beat: reminders, due-day alerts, passed deadlines, findings.

Each part selects by state ("running, the legal deadline, ended before now, not yet recorded"),
never by a time window, so a missed run catches up and a doubled one adds nothing. Rows are taken
in batches with ``SELECT ... FOR UPDATE SKIP LOCKED``, so concurrent sweeps share the work, and
every insert is guarded by a unique constraint (one overdue event, one violation and one alert per
deadline and cause). Alerts are enqueued for sending after the batch commits.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet

from requests_tracker.core.i18n import localized
from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.information_requests.appeal_windows import (
    appeal_window_rule,
    build_appeal_window,
    opens_appeal_window,
)
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.laws.models import LegalRule, OnExpiry
from requests_tracker.laws.selectors import working_calendar
from requests_tracker.monitoring.models import Block, Category
from requests_tracker.monitoring.recording import NewViolation, record_violations
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.services import enqueue_alerts, request_links

BATCH_SIZE = 1000
# Fields of a deadline row that the sweep reads.
_DEADLINE_FIELDS = (
    "id",
    "information_request_id",
    "legal_rule_id",
    "due_date",
    "ends_at",
    "due_day_starts_at",
)


@dataclass
class SweepReport:
    reminders: int = 0
    due_today: int = 0
    passed: int = 0
    findings: int = 0
    alerts: list[int] = field(default_factory=list)


def sweep_deadlines(*, now: datetime, batch_size: int = BATCH_SIZE) -> SweepReport:
    """Process everything that is due at ``now``; safe to run twice or at the same time."""
    report = SweepReport()
    report.reminders = _drain(lambda: _reminder_batch(now, batch_size, report))
    report.due_today = _drain(lambda: _due_day_batch(now, batch_size, report))
    report.passed = _drain(lambda: _passed_batch(now, batch_size, report))
    report.findings = _drain(lambda: _findings_batch(now, batch_size))
    return report


def _drain(batch: Callable[[], int]) -> int:
    total = 0
    while processed := batch():
        total += processed
    return total


def _claim(queryset: QuerySet[Deadline], order_by: str, batch_size: int) -> list[dict[str, Any]]:
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",))
        .order_by(order_by)
        .values(*_DEADLINE_FIELDS)[:batch_size]
    )


# What the sweep reads of each request, as plain values: model instances cost more than the SQL.
_REQUEST_FIELDS = (
    "id",
    "subject",
    "public_body_id",
    "public_body__region_id",
    "public_body__name_ru",
    "public_body__name_kk",
    "public_body__name_en",
    "requester_id",
    "requester__username",
    "requester__first_name",
    "requester__last_name",
    "requester__email",
    "requester__preferred_language",
    "requester__alert_deadline_soon",
    "requester__alert_deadline_today",
    "requester__alert_deadline_passed",
    "requester__is_active",
)
_WANTS = {
    # A window closing is always worth an email: missing it costs the right to complain.
    AlertKind.APPEAL_WINDOW_CLOSING: "requester__is_active",
    AlertKind.DEADLINE_SOON: "requester__alert_deadline_soon",
    AlertKind.DEADLINE_TODAY: "requester__alert_deadline_today",
    AlertKind.DEADLINE_PASSED: "requester__alert_deadline_passed",
}


@dataclass(frozen=True)
class _Context:
    requests: dict[int, dict[str, Any]]
    rules: dict[int, LegalRule]


def _load_context(rows: list[dict[str, Any]]) -> _Context:
    requests = InformationRequest.objects.filter(
        id__in={row["information_request_id"] for row in rows}
    ).values(*_REQUEST_FIELDS)
    rules = LegalRule.objects.in_bulk({row["legal_rule_id"] for row in rows})
    return _Context(requests={r["id"]: r for r in requests}, rules=rules)


def _localized_value(values: dict[str, Any], prefix: str, language: str) -> str:
    for code in (language, "ru", "en", "kk"):
        if value := values.get(f"{prefix}_{code}"):
            return str(value)
    return ""


def _alert(kind: AlertKind, row: dict[str, Any], context: _Context, now: datetime) -> Alert | None:
    request = context.requests[row["information_request_id"]]
    if not request[_WANTS[kind]] or not request["requester__email"]:
        return None
    language = request["requester__preferred_language"]
    rule = context.rules[row["legal_rule_id"]]
    full_name = f"{request['requester__first_name']} {request['requester__last_name']}".strip()
    return Alert(
        recipient_id=request["requester_id"],
        kind=kind,
        dedupe_key=f"deadline:{row['id']}:{kind}",
        language=language,
        created_at=now,
        next_attempt_at=now,
        context={
            "recipient_name": full_name or request["requester__username"],
            "request_id": request["id"],
            "subject": request["subject"],
            "body_name": _localized_value(request, "public_body__name", language),
            "rule_id": rule.rule_id,
            "rule_title": localized(rule, "title", language),
            "due_date": row["due_date"].isoformat(),
            "deemed_refusal": rule.on_expiry == OnExpiry.DEEMED_REFUSAL,
            **request_links(request["id"]),
        },
    )


def _insert_alerts(alerts: list[Alert | None], report: SweepReport) -> None:
    created = [alert for alert in alerts if alert is not None]
    if not created:
        return
    Alert.objects.bulk_create(created, ignore_conflicts=True)
    ids = list(
        Alert.objects.pending()
        .filter(dedupe_key__in=[alert.dedupe_key for alert in created])
        .values_list("id", flat=True)
    )
    report.alerts.extend(ids)
    enqueue_alerts(ids)


def _alert_batch(
    *,
    deadlines: QuerySet[Deadline],
    order_by: str,
    kind: AlertKind,
    still_useful: Callable[[dict[str, Any]], bool],
    mark: str,
    now: datetime,
    batch_size: int,
    report: SweepReport,
) -> int:
    """Claim a batch, alert for the rows where an alert still helps, and mark them all done."""
    with transaction.atomic():
        rows = _claim(deadlines, order_by, batch_size)
        if not rows:
            return 0
        context = _load_context(rows)
        _insert_alerts(
            [_alert(kind, row, context, now) for row in rows if still_useful(row)], report
        )
        Deadline.objects.filter(id__in=[row["id"] for row in rows]).update(**{mark: now})
        return len(rows)


def _reminder_batch(now: datetime, batch_size: int, report: SweepReport) -> int:
    return _alert_batch(
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


def _due_day_batch(now: datetime, batch_size: int, report: SweepReport) -> int:
    return _alert_batch(
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


@transaction.atomic
def _passed_batch(now: datetime, batch_size: int, report: SweepReport) -> int:
    rows = _claim(Deadline.objects.running_legal().filter(ends_at__lt=now), "ends_at", batch_size)
    if not rows:
        return 0
    context = _load_context(rows)
    events, violations = [], []
    for row in rows:
        request = context.requests[row["information_request_id"]]
        rule = context.rules[row["legal_rule_id"]]
        events.append(
            TimelineEvent(
                information_request_id=row["information_request_id"],
                kind=EventKind.OVERDUE,
                occurred_at=row["ends_at"],
                deadline_id=row["id"],
                data={"rule_id": rule.rule_id, "due_date": row["due_date"].isoformat()},
            )
        )
        # APPC Art. 91(2): with no answer in time, the body is deemed to have refused from the
        # day after expiry.
        violations.append(
            NewViolation(
                block=Block.B,
                category=Category.SILENCE,
                information_request_id=row["information_request_id"],
                deadline_id=row["id"],
                public_body_id=request["public_body_id"],
                region_id=request["public_body__region_id"],
                occurred_on=row["due_date"] + timedelta(days=1),
                description=f"{rule.rule_id}: no answer by {row['due_date']:%d.%m.%Y}",
            )
        )
    TimelineEvent.objects.bulk_create(events, ignore_conflicts=True)
    record_violations(violations=violations, ignore_conflicts=True, now=now)
    InformationRequest.objects.filter(
        id__in=context.requests, status__in=(Status.SUBMITTED, Status.AWAITING_REPLY)
    ).update(status=Status.OVERDUE)
    Deadline.objects.filter(id__in=[row["id"] for row in rows]).update(
        state=DeadlineState.PASSED, passed_at=now
    )
    _insert_alerts([_alert(AlertKind.DEADLINE_PASSED, row, context, now) for row in rows], report)
    return len(rows)


@transaction.atomic
def _findings_batch(now: datetime, batch_size: int) -> int:
    """Record each finding of the clock (a refusal, an evasive or late answer...) once."""
    deadlines = list(
        Deadline.objects.exclude(findings=[])
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("information_request__public_body")
        .order_by("id")[:batch_size]
    )
    if not deadlines:
        return 0
    record_violations(
        violations=[
            NewViolation(
                block=Block.B,
                category=finding["category"],
                information_request_id=deadline.information_request_id,
                deadline_id=deadline.pk,
                public_body_id=deadline.information_request.public_body_id,
                region_id=deadline.information_request.public_body.region_id,
                occurred_on=date.fromisoformat(finding["occurred_on"]),
                description=finding["detail"],
                legal_ground_cited=finding.get("ground", ""),
            )
            for deadline in deadlines
            for finding in deadline.findings
        ],
        ignore_conflicts=True,
        now=now,
    )
    Deadline.objects.filter(id__in=[deadline.id for deadline in deadlines]).update(findings=[])
    return len(deadlines)


# --- The requester's windows to complain -------------------------------------------------------


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
    report.opened = _drain(lambda: _open_windows_batch(now, batch_size))
    alerts = SweepReport()
    report.reminded = _drain(lambda: _window_reminder_batch(now, batch_size, alerts))
    report.alerts = alerts.alerts
    report.closed = _drain(lambda: _close_windows_batch(now, batch_size))
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


def _window_reminder_batch(now: datetime, batch_size: int, report: SweepReport) -> int:
    return _alert_batch(
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
    rows = _claim(
        Deadline.objects.appeal_windows().filter(state=DeadlineState.RUNNING, ends_at__lt=now),
        "ends_at",
        batch_size,
    )
    Deadline.objects.filter(id__in=[row["id"] for row in rows]).update(
        state=DeadlineState.PASSED, passed_at=now
    )
    return len(rows)
