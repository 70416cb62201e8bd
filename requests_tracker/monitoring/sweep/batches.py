"""What every part of the sweep shares: claiming a batch of deadlines, the requests they belong
to as plain values, and the alerts, inserted once per deadline and cause."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from requests_tracker.core.i18n import localized
from requests_tracker.information_requests.models import Deadline, InformationRequest
from requests_tracker.laws.models import LegalRule, OnExpiry
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.services import enqueue_alerts, request_links

BATCH_SIZE = 1000
# Fields of a deadline row that the sweep reads.
DEADLINE_FIELDS = (
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
    replies_to_classify: int = 0
    findings: int = 0
    alerts: list[int] = field(default_factory=list)


def drain(batch: Callable[[], int]) -> int:
    total = 0
    while processed := batch():
        total += processed
    return total


def claim(queryset: QuerySet[Deadline], order_by: str, batch_size: int) -> list[dict[str, Any]]:
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",))
        .order_by(order_by)
        .values(*DEADLINE_FIELDS)[:batch_size]
    )


def among(queryset: QuerySet[Deadline], deadline_ids: Sequence[int]) -> QuerySet[Deadline]:
    """The rows of a planned batch that are still due: the plan's ids, filtered by state again
    (another sweep, or the request's owner, may have changed a row since it was planned)."""
    return queryset.filter(id__in=deadline_ids)


# What the sweep reads of each request, as plain values: model instances cost more than the SQL.
REQUEST_FIELDS = (
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
WANTS = {
    # A window closing is always worth an email: missing it costs the right to complain.
    AlertKind.APPEAL_WINDOW_CLOSING: "requester__is_active",
    AlertKind.DEADLINE_SOON: "requester__alert_deadline_soon",
    AlertKind.DEADLINE_TODAY: "requester__alert_deadline_today",
    AlertKind.DEADLINE_PASSED: "requester__alert_deadline_passed",
    # Asked in place of a silence: without it the requester would not know the clock waits.
    AlertKind.REPLY_TO_CLASSIFY: "requester__is_active",
}


@dataclass(frozen=True)
class SweepContext:
    requests: dict[int, dict[str, Any]]
    rules: dict[int, LegalRule]


def load_context(rows: list[dict[str, Any]]) -> SweepContext:
    requests = InformationRequest.objects.filter(
        id__in={row["information_request_id"] for row in rows}
    ).values(*REQUEST_FIELDS)
    rules = LegalRule.objects.in_bulk({row["legal_rule_id"] for row in rows})
    return SweepContext(requests={r["id"]: r for r in requests}, rules=rules)


def localized_value(values: dict[str, Any], prefix: str, language: str) -> str:
    for code in (language, "ru", "en", "kk"):
        if value := values.get(f"{prefix}_{code}"):
            return str(value)
    return ""


def alert_for(
    kind: AlertKind, row: dict[str, Any], context: SweepContext, now: datetime
) -> Alert | None:
    request = context.requests[row["information_request_id"]]
    if not request[WANTS[kind]] or not request["requester__email"]:
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
            "body_name": localized_value(request, "public_body__name", language),
            "rule_id": rule.rule_id,
            "rule_title": localized(rule, "title", language),
            "due_date": row["due_date"].isoformat(),
            "deemed_refusal": rule.on_expiry == OnExpiry.DEEMED_REFUSAL,
            **request_links(request["id"]),
        },
    )


def insert_alerts(alerts: list[Alert | None], report: SweepReport) -> None:
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


def alert_batch(
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
        rows = claim(deadlines, order_by, batch_size)
        if not rows:
            return 0
        context = load_context(rows)
        insert_alerts(
            [alert_for(kind, row, context, now) for row in rows if still_useful(row)], report
        )
        Deadline.objects.filter(id__in=[row["id"] for row in rows]).update(**{mark: now})
        return len(rows)
