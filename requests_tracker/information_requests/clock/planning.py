"""One rule's deadline computed from the clock's facts: the period, a forwarding, an extension
and its notice, a pause for clarification, and how the answer closed it."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from requests_tracker.core.categories import Category
from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.compute import (
    DueDate,
    TraceStep,
    compute_due_date,
    compute_from_receipt,
    days_left,
    local_date,
)
from requests_tracker.deadlines.periods import ResponsePeriod, StartEvent
from requests_tracker.information_requests.clock.facts import ClockFacts
from requests_tracker.information_requests.clock.findings import Finding
from requests_tracker.information_requests.models import DeadlineState
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import LegalRule, RuleRole


@dataclass(frozen=True)
class PlannedDeadline:
    rule: LegalRule
    due: DueDate
    state: DeadlineState
    remaining_amount: int | None = None
    findings: tuple[Finding, ...] = field(default_factory=tuple)


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
                        Category.LATE_FORWARDING,
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

    if facts.not_delivered:
        # The letter never reached the body: nothing to answer yet, so no deadline runs.
        state = DeadlineState.NOT_DELIVERED
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
                    Category.LATE_ANSWER,
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
                    Category.EXTENSION_NOT_NOTIFIED,
                    notice.due_date + timedelta(days=1),
                    f"{notice_rule.rule_id}: {when}, due by {notice.due_date:%d.%m.%Y}",
                )
            )
    return extended, findings
