"""One rule's deadline computed from the clock's facts: the period, a forwarding, an extension
and its notice, a pause for clarification, and how the answer closed it."""

from dataclasses import dataclass, field, replace
from datetime import timedelta
from zoneinfo import ZoneInfo

from requests_tracker.core.categories import Category
from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.compute import (
    DueDate,
    compute_due_date,
    compute_from_receipt,
    days_left,
    local_date,
)
from requests_tracker.deadlines.periods import ResponsePeriod, StartEvent
from requests_tracker.information_requests.clock.extensions import extend, modifier, step, with_step
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
        forwarding_rule = modifier(rule, RuleRole.FORWARDING)
        if forwarding_rule is not None:
            # From the first body's receipt (APPC Art. 65, ATI Art. 11) or its registration
            # (RF 8-FZ Art. 18, 59-FZ Art. 8), as the forwarding rule says.
            limit = compute_from_receipt(
                received=facts.forwarding.previous_received_at,
                registered_on=facts.forwarding.previous_registered_on,
                period=forwarding_rule.period(),
                calendar=calendar,
                time_zone=time_zone,
                start_event=StartEvent(forwarding_rule.start_event),
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

    due, extension_findings = extend(
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
            due = with_step(due, step("paused", on=facts.paused_on, remaining=remaining))
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
                    step("paused", on=facts.paused_on, remaining=remaining),
                    step("resumed", on=facts.resumed_on),
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
    if (late_refusal := _late_refusal(rule, facts, calendar, time_zone)) is not None:
        findings.append(late_refusal)
    return PlannedDeadline(
        rule=rule, due=due, state=state, remaining_amount=remaining, findings=tuple(findings)
    )


def _late_refusal(
    rule: LegalRule, facts: ClockFacts, calendar: WorkingCalendar, time_zone: ZoneInfo
) -> Finding | None:
    """A refusal notified after the rule's shorter period for refusals (RF Mass Media Art. 40:
    within 3 days of receipt), even when the answer period has not run out."""
    notice_rule = modifier(rule, RuleRole.REFUSAL_NOTICE)
    if notice_rule is None or facts.closed_by != EventKind.REFUSED or facts.closed_at is None:
        return None
    assert facts.received_at is not None
    limit = compute_from_receipt(
        received=facts.received_at,
        registered_on=facts.registered_on,
        period=notice_rule.period(),
        calendar=calendar,
        time_zone=time_zone,
        start_event=StartEvent(notice_rule.start_event),
    )
    refused_on = local_date(facts.closed_at, time_zone)
    if refused_on <= limit.due_date:
        return None
    return Finding(
        Category.LATE_ANSWER,
        refused_on,
        f"{notice_rule.rule_id}: refused on {refused_on:%d.%m.%Y}, "
        f"due by {limit.due_date:%d.%m.%Y}",
    )
