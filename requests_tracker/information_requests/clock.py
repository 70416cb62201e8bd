"""The legal clock of a request: its deadlines, recomputed from its timeline.

``read_facts`` reads what the timeline says about the clock (receipt, registration, extension,
forwarding, clarification, the answer); ``plan_deadline`` computes one rule's deadline from those
facts; ``recompute_deadlines`` stores the result, keeping every earlier computation as history.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.compute import (
    DueDate,
    TraceStep,
    compute_due_date,
    compute_from_receipt,
    days_left,
    local_date,
)
from requests_tracker.deadlines.periods import ResponsePeriod, StartEvent, Unit
from requests_tracker.information_requests.appeal_windows import (
    appeal_window_rule,
    build_appeal_window,
    opens_appeal_window,
    reminder_day,
)
from requests_tracker.information_requests.models import (
    LIVE_DEADLINE_STATES,
    Deadline,
    DeadlineKind,
    DeadlineState,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import LegalRule, RuleRole
from requests_tracker.laws.selectors import working_calendar

# The events that move a request's clock.
CLOCK_EVENTS = frozenset(
    {
        EventKind.SUBMITTED,
        EventKind.REGISTERED,
        EventKind.EXTENDED,
        EventKind.FORWARDED,
        EventKind.CLARIFICATION_REQUESTED,
        EventKind.CLARIFICATION_PROVIDED,
        EventKind.ANSWERED,
        EventKind.PARTIALLY_ANSWERED,
        EventKind.REFUSED,
        EventKind.WITHDRAWN,
    }
)
REPLIES = frozenset({EventKind.ANSWERED, EventKind.PARTIALLY_ANSWERED, EventKind.REFUSED})
CLOCK_ROLES = (RuleRole.RESPONSE, RuleRole.COMPLAINT_DECISION)


@dataclass(frozen=True)
class Extension:
    decided_on: date
    new_due_date: date | None
    notified_on: date | None


@dataclass(frozen=True)
class Forwarding:
    forwarded_on: date
    previous_received_at: datetime


@dataclass(frozen=True)
class ClockFacts:
    """What a timeline says about the clock of the body now handling the request."""

    received_at: datetime | None = None
    registered_on: date | None = None
    extension: Extension | None = None
    forwarding: Forwarding | None = None
    paused_on: date | None = None
    resumed_on: date | None = None
    closed_by: EventKind | None = None
    closed_at: datetime | None = None
    closed_ground: str = ""  # the legal ground a refusal cited


@dataclass(frozen=True)
class Finding:
    """Something the clock's events reveal that monitoring records as a violation."""

    category: str
    occurred_on: date
    detail: str
    ground: str = ""  # the legal ground the body cited, for a refusal

    def as_data(self) -> dict[str, str]:
        data = {
            "category": self.category,
            "occurred_on": self.occurred_on.isoformat(),
            "detail": self.detail,
        }
        return data | ({"ground": self.ground} if self.ground else {})


# How the monitoring classifies a refusal by the ground it cites (kz-rules.md §9): CPC Art. 201
# (pre-trial secrecy) and "for official use" are counted apart.
_CPC_201 = re.compile(r"201", re.IGNORECASE)
_OFFICIAL_USE = re.compile(r"дсп|служебн|official use|қызметтік", re.IGNORECASE)


def reply_findings(facts: ClockFacts, time_zone: ZoneInfo) -> tuple[Finding, ...]:
    """A refusal, or a partial (evasive) answer, is itself a violation to record."""
    if facts.closed_at is None:
        return ()
    on = local_date(facts.closed_at, time_zone)
    if facts.closed_by == EventKind.PARTIALLY_ANSWERED:
        return (Finding("evasive_answer", on, "Partial or evasive answer"),)
    if facts.closed_by != EventKind.REFUSED:
        return ()
    ground = facts.closed_ground.strip()
    if _CPC_201.search(ground):
        category = "refusal_cpc_201"
    elif _OFFICIAL_USE.search(ground):
        category = "refusal_official_use"
    else:
        category = "refusal"
    return (Finding(category, on, f"Refused; ground cited: {ground or 'none'}", ground=ground),)


@dataclass(frozen=True)
class PlannedDeadline:
    rule: LegalRule
    due: DueDate
    state: DeadlineState
    remaining_amount: int | None = None
    findings: tuple[Finding, ...] = field(default_factory=tuple)


def _date(value: Any, fallback: datetime, time_zone: ZoneInfo) -> date:
    return date.fromisoformat(value) if value else local_date(fallback, time_zone)


def _moment(value: Any, fallback: datetime) -> datetime:
    return datetime.fromisoformat(value) if value else fallback


def read_facts(events: Iterable[TimelineEvent], time_zone: ZoneInfo) -> ClockFacts:
    """Fold the timeline, in order, into the facts the clock depends on."""
    facts = ClockFacts()
    for event in events:
        kind, data, at = EventKind(event.kind), event.data, event.occurred_at
        if kind == EventKind.SUBMITTED:
            facts = replace(facts, received_at=_moment(data.get("received_at"), at))
        elif kind == EventKind.REGISTERED:
            facts = replace(facts, registered_on=_date(data.get("registered_on"), at, time_zone))
        elif kind == EventKind.EXTENDED:
            facts = replace(
                facts,
                extension=Extension(
                    decided_on=_date(data.get("decided_on"), at, time_zone),
                    new_due_date=date.fromisoformat(data["new_due_date"])
                    if data.get("new_due_date")
                    else None,
                    notified_on=date.fromisoformat(data["notified_on"])
                    if data.get("notified_on")
                    else None,
                ),
            )
        elif kind == EventKind.FORWARDED and facts.received_at is not None:
            # The receiving body's clock starts at its receipt (kz-rules.md §8.3(5)).
            facts = ClockFacts(
                received_at=_moment(data.get("received_at"), at),
                forwarding=Forwarding(
                    forwarded_on=_date(data.get("forwarded_on"), at, time_zone),
                    previous_received_at=facts.received_at,
                ),
            )
        elif kind == EventKind.CLARIFICATION_REQUESTED:
            facts = replace(facts, paused_on=local_date(at, time_zone), resumed_on=None)
        elif kind == EventKind.CLARIFICATION_PROVIDED:
            facts = replace(facts, resumed_on=local_date(at, time_zone))
        elif kind in REPLIES or kind == EventKind.WITHDRAWN:
            facts = replace(
                facts, closed_by=kind, closed_at=at, closed_ground=str(data.get("ground", ""))
            )
    return facts


def _modifier(rule: LegalRule, role: RuleRole) -> LegalRule | None:
    return next((m for m in rule.modifiers.all() if m.role == role and m.has_period()), None)


def _fixed_due(*, due_date: date, base: DueDate, time_zone: ZoneInfo, step: TraceStep) -> DueDate:
    return DueDate(
        start_date=base.start_date,
        nominal_date=due_date,
        due_date=due_date,
        ends_at=datetime.combine(due_date, time.max, tzinfo=time_zone),
        trace=(*base.trace, step),
    )


def _step(code: str, **params: object) -> TraceStep:
    return TraceStep(code=code, params=tuple((key, str(value)) for key, value in params.items()))


def _with_step(due: DueDate, step: TraceStep) -> DueDate:
    return replace(due, trace=(*due.trace, step))


def plan_deadline(
    *, rule: LegalRule, facts: ClockFacts, calendar: WorkingCalendar, time_zone: ZoneInfo
) -> PlannedDeadline | None:
    """The deadline ``rule`` sets, given the facts; None before the request reaches the body."""
    if facts.received_at is None:
        return None
    findings: list[Finding] = []
    period = rule.period()
    start_event = StartEvent(rule.start_event)
    due = compute_from_receipt(
        received=facts.received_at,
        registered_on=facts.registered_on,
        period=period,
        calendar=calendar,
        time_zone=time_zone,
        start_event=start_event,
    )

    if facts.forwarding is not None:
        forwarding_rule = _modifier(rule, RuleRole.FORWARDING)
        if forwarding_rule is not None:
            limit = compute_due_date(
                start=facts.forwarding.previous_received_at,
                period=forwarding_rule.period(),
                calendar=calendar,
                time_zone=time_zone,
                start_event=StartEvent.RECEIPT,
            )
            if facts.forwarding.forwarded_on > limit.due_date:
                findings.append(
                    Finding(
                        "late_forwarding",
                        limit.due_date + timedelta(days=1),
                        f"{forwarding_rule.rule_id}: forwarded on "
                        f"{facts.forwarding.forwarded_on:%d.%m.%Y}, "
                        f"due by {limit.due_date:%d.%m.%Y}",
                    )
                )

    if facts.extension is not None:
        due, extension_findings = _extend(
            rule=rule, due=due, facts=facts, calendar=calendar, time_zone=time_zone
        )
        findings.extend(extension_findings)

    state = DeadlineState.RUNNING
    remaining: int | None = None
    if facts.paused_on is not None and facts.paused_on <= due.due_date:
        # The clock stops while the body waits for the requester, and the days left are kept
        # (stored, not re-derived: MuckRock's model); it runs on from the clarification.
        remaining = max(
            days_left(due=due, today=facts.paused_on, unit=period.unit, calendar=calendar), 0
        )
        if facts.resumed_on is None:
            state = DeadlineState.PAUSED
            due = _with_step(due, _step("paused", on=facts.paused_on, remaining=remaining))
        else:
            resumed = compute_due_date(
                start=facts.resumed_on,
                period=ResponsePeriod(
                    amount=remaining,
                    unit=period.unit,
                    count_from_next_day=True,
                    roll_forward_if_non_working=period.roll_forward_if_non_working,
                ),
                calendar=calendar,
                time_zone=time_zone,
                start_event=StartEvent.RECEIPT,
            )
            due = replace(
                resumed,
                trace=(
                    *due.trace,
                    _step("paused", on=facts.paused_on, remaining=remaining),
                    _step("resumed", on=facts.resumed_on),
                    *resumed.trace,
                ),
            )
            remaining = None

    if facts.closed_by is not None and facts.closed_at is not None:
        if facts.closed_by == EventKind.WITHDRAWN:
            state = DeadlineState.CLOSED
        elif facts.closed_at <= due.ends_at:
            state = DeadlineState.MET
        else:
            state = DeadlineState.PASSED
            late_by = (local_date(facts.closed_at, time_zone) - due.due_date).days
            findings.append(
                Finding(
                    "late_answer",
                    local_date(facts.closed_at, time_zone),
                    f"{rule.rule_id}: answered {late_by} day(s) after {due.due_date:%d.%m.%Y}",
                )
            )
    return PlannedDeadline(
        rule=rule, due=due, state=state, remaining_amount=remaining, findings=tuple(findings)
    )


def _extend(
    *,
    rule: LegalRule,
    due: DueDate,
    facts: ClockFacts,
    calendar: WorkingCalendar,
    time_zone: ZoneInfo,
) -> tuple[DueDate, list[Finding]]:
    """The deadline after the body's extension, capped by the rule's extension limit."""
    extension = facts.extension
    if extension is None or facts.received_at is None:
        return due, []
    findings: list[Finding] = []
    extension_rule = _modifier(rule, RuleRole.EXTENSION)
    if extension_rule is None:
        return _with_step(due, _step("extension_without_rule")), findings
    cap_start: datetime | date = (
        facts.received_at
        if StartEvent(extension_rule.start_event) == StartEvent.RECEIPT
        else due.due_date
    )
    cap = compute_due_date(
        start=cap_start,
        period=extension_rule.period(),
        calendar=calendar,
        time_zone=time_zone,
        start_event=StartEvent(extension_rule.start_event),
    )
    if extension.new_due_date is not None and extension.new_due_date <= cap.due_date:
        extended = _fixed_due(
            due_date=extension.new_due_date,
            base=due,
            time_zone=time_zone,
            step=_step("extended_to", date=extension.new_due_date, rule=extension_rule.rule_id),
        )
    else:
        extended = replace(
            cap, trace=(*due.trace, _step("extended", rule=extension_rule.rule_id), *cap.trace)
        )

    notice_rule = _modifier(rule, RuleRole.EXTENSION_NOTICE)
    if notice_rule is not None:
        notice = compute_due_date(
            start=extension.decided_on,
            period=notice_rule.period(),
            calendar=calendar,
            time_zone=time_zone,
            start_event=StartEvent.EXTENSION_DECISION,
        )
        if extension.notified_on is None or extension.notified_on > notice.due_date:
            when = (
                f"notified on {extension.notified_on:%d.%m.%Y}"
                if extension.notified_on
                else "no notice recorded"
            )
            findings.append(
                Finding(
                    "extension_not_notified",
                    notice.due_date + timedelta(days=1),
                    f"{notice_rule.rule_id}: {when}, due by {notice.due_date:%d.%m.%Y}",
                )
            )
    return extended, findings


def _start_of(day: date, time_zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=time_zone)


def calendar_for(
    information_request: InformationRequest, *, around: Sequence[int]
) -> WorkingCalendar:
    first, last = min(around), max(around)
    return working_calendar(
        jurisdiction=information_request.public_body.jurisdiction,
        years=range(first - 1, last + 2),
    )


@transaction.atomic
def recompute_deadlines(
    *, information_request: InformationRequest, now: datetime
) -> list[Deadline]:
    """Recompute the request's deadlines from its timeline; return those that changed.

    A changed due date supersedes the stored row (kept as history) and adds a new one.
    """
    request = (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("public_body__jurisdiction", "requester")
        .get(pk=information_request.pk)
    )
    time_zone = ZoneInfo(request.public_body.jurisdiction.time_zone)
    facts = read_facts(request.events.order_by("occurred_at", "id"), time_zone)
    if facts.received_at is None:
        return []
    years = [facts.received_at.year, now.year]
    calendar = calendar_for(request, around=years)
    # A request's clock runs under the rules that bind the body: a response period, or for a
    # complaint, the period in which the superior body decides it.
    rules = request.legal_rules.filter(role__in=CLOCK_ROLES).prefetch_related("modifiers")
    planned = [
        plan
        for rule in rules
        if rule.has_period()
        and (plan := plan_deadline(rule=rule, facts=facts, calendar=calendar, time_zone=time_zone))
    ]
    # A refusal or an evasive answer concerns the request once: it goes with its earliest deadline.
    if planned and (request_findings := reply_findings(facts, time_zone)):
        first = min(planned, key=lambda plan: plan.due.due_date)
        planned = [
            replace(plan, findings=(*plan.findings, *request_findings)) if plan is first else plan
            for plan in planned
        ]
    live_dues = [p.due.due_date for p in planned if p.state in LIVE_DEADLINE_STATES]
    legal_due = min(live_dues) if live_dues else None
    current = {
        deadline.legal_rule_id: deadline
        for deadline in request.deadlines.exclude(state=DeadlineState.SUPERSEDED).filter(
            kind=DeadlineKind.RESPONSE
        )
    }
    changed: list[Deadline] = []
    for plan in planned:
        stored = current.get(plan.rule.pk)
        is_legal = (plan.due.due_date == legal_due and plan.state in LIVE_DEADLINE_STATES) or (
            stored is not None and stored.is_legal_deadline and legal_due is None
        )
        findings = [f.as_data() for f in plan.findings]
        if stored is not None and stored.due_date == plan.due.due_date:
            updates = _state_updates(stored, plan, is_legal, findings)
            if updates:
                for name, value in updates.items():
                    setattr(stored, name, value)
                stored.save(update_fields=list(updates))
                changed.append(stored)
            continue
        if stored is not None:
            stored.state = DeadlineState.SUPERSEDED
            stored.superseded_at = now
            stored.is_legal_deadline = False
            stored.save(update_fields=["state", "superseded_at", "is_legal_deadline"])
        remind_on = reminder_day(
            plan.due.due_date, request.requester.reminder_working_days, calendar
        )
        new = Deadline.objects.create(
            information_request=request,
            legal_rule=plan.rule,
            state=plan.state,
            is_legal_deadline=is_legal,
            start_date=plan.due.start_date,
            nominal_date=plan.due.nominal_date,
            due_date=plan.due.due_date,
            ends_at=plan.due.ends_at,
            trace=[[step.code, dict(step.params)] for step in plan.due.trace],
            remaining_amount=plan.remaining_amount,
            reminder_at=_start_of(remind_on, time_zone),
            due_day_starts_at=_start_of(plan.due.due_date, time_zone),
            computed_at=now,
            findings=_new_findings(stored, findings),
            # A passed deadline that is recomputed was already recorded as passed.
            passed_at=stored.passed_at if stored is not None else None,
        )
        changed.append(new)
    _open_appeal_window(request, facts, calendar, time_zone, now)
    return changed


def _open_appeal_window(
    request: InformationRequest,
    facts: ClockFacts,
    calendar: WorkingCalendar,
    time_zone: ZoneInfo,
    now: datetime,
) -> None:
    """A refusal opens the requester's window to complain (a silence: the sweep opens it)."""
    if facts.closed_by not in (EventKind.REFUSED, EventKind.PARTIALLY_ANSWERED):
        return
    if facts.closed_at is None or request.deadlines.appeal_windows().exists():
        return
    rule = appeal_window_rule(request.public_body.jurisdiction.code)
    if rule is None or not opens_appeal_window(request):
        return
    build_appeal_window(
        information_request_id=request.pk,
        rule=rule,
        learned_on=local_date(facts.closed_at, time_zone),
        calendar=calendar,
        time_zone=time_zone,
        now=now,
    ).save()


def _new_findings(stored: Deadline | None, findings: list[dict[str, str]]) -> list[dict[str, str]]:
    known = stored.findings if stored is not None else []
    return [*known, *(f for f in findings if f not in known)]


def _state_updates(
    stored: Deadline, plan: PlannedDeadline, is_legal: bool, findings: list[dict[str, str]]
) -> dict[str, Any]:
    updates: dict[str, Any] = {}
    # A deadline recorded as passed stays passed: the overdue event and violation stand.
    state = DeadlineState.PASSED if stored.state == DeadlineState.PASSED else plan.state
    if stored.state != state:
        updates["state"] = state
    if stored.is_legal_deadline != is_legal:
        updates["is_legal_deadline"] = is_legal
    if stored.remaining_amount != plan.remaining_amount:
        updates["remaining_amount"] = plan.remaining_amount
    merged = _new_findings(stored, findings)
    if merged != stored.findings:
        updates["findings"] = merged
    return updates


def days_left_for(
    deadline: Deadline,
    *,
    today: date,
    calendars: dict[tuple[int, int, int], WorkingCalendar] | None = None,
) -> int:
    """Working or calendar days left (negative once passed), in the unit of the deadline's rule.

    A page listing many deadlines passes one ``calendars`` dict, so that each jurisdiction's
    calendar is built once, not once per row.
    """
    request = deadline.information_request
    time_zone = ZoneInfo(request.public_body.jurisdiction.time_zone)
    years = [today.year, deadline.due_date.year]
    key = (request.public_body.jurisdiction_id, min(years), max(years))
    calendars = {} if calendars is None else calendars
    if key not in calendars:
        calendars[key] = calendar_for(request, around=years)
    calendar = calendars[key]
    due = DueDate(
        start_date=deadline.start_date,
        nominal_date=deadline.nominal_date,
        due_date=deadline.due_date,
        ends_at=deadline.ends_at.astimezone(time_zone),
        trace=(),
    )
    return days_left(due=due, today=today, unit=Unit(deadline.legal_rule.unit), calendar=calendar)


@transaction.atomic
def recompute_after_calendar_change(
    *, jurisdiction_id: int, day: date, now: datetime, recorded_by: Any = None
) -> list[InformationRequest]:
    """Recompute the open deadlines whose count runs over ``day``; log it on each request moved."""
    from requests_tracker.information_requests.services import record_event

    affected = (
        InformationRequest.objects.filter(
            public_body__jurisdiction_id=jurisdiction_id,
            deadlines__state__in=LIVE_DEADLINE_STATES,
            deadlines__start_date__lt=day,
            deadlines__due_date__gte=day,
        )
        .distinct()
        .order_by("id")
    )
    moved = []
    for information_request in affected:
        before = dict(
            information_request.deadlines.live().values_list("legal_rule__rule_id", "due_date")
        )
        recompute_deadlines(information_request=information_request, now=now)
        after = dict(
            information_request.deadlines.live().values_list("legal_rule__rule_id", "due_date")
        )
        if before == after:
            continue
        record_event(
            information_request=information_request,
            kind=EventKind.DEADLINES_RECOMPUTED,
            occurred_at=now,
            recorded_by=recorded_by,
            data={
                "reason": "calendar_override",
                "day": day.isoformat(),
                "due_dates": {
                    rule_id: {"before": before[rule_id].isoformat(), "after": due.isoformat()}
                    for rule_id, due in after.items()
                    if rule_id in before and before[rule_id] != due
                },
            },
        )
        moved.append(information_request)
    return moved
