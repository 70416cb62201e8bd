"""The body's extensions of a deadline, held to the law's limits: how many times it may extend,
how far, and the notice the requester is owed (kz-rules.md §0: rows 2, 7–8, 11–12, 29, 31, 32).

An extension beyond the limit is recorded as it happened, does not move the legal deadline, and
is a finding; so is a notice given late or never.
"""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from requests_tracker.core.categories import Category
from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.compute import (
    DueDate,
    TraceStep,
    compute_due_date,
    compute_from_receipt,
)
from requests_tracker.deadlines.periods import StartEvent
from requests_tracker.information_requests.clock.facts import ClockFacts, Extension
from requests_tracker.information_requests.clock.findings import Finding
from requests_tracker.laws.models import LegalRule, RuleRole


def modifier(rule: LegalRule, role: RuleRole) -> LegalRule | None:
    """The rule of ``role`` (extension, notice, forwarding) that belongs to ``rule``."""
    return next((m for m in rule.modifiers.all() if m.role == role and m.has_period()), None)


def step(code: str, **params: object) -> TraceStep:
    return TraceStep(code=code, params=tuple((key, str(value)) for key, value in params.items()))


def with_step(due: DueDate, trace_step: TraceStep) -> DueDate:
    return replace(due, trace=(*due.trace, trace_step))


def _fixed_due(*, due_date: date, base: DueDate, time_zone: ZoneInfo, step: TraceStep) -> DueDate:
    return DueDate(
        start_date=base.start_date,
        nominal_date=due_date,
        due_date=due_date,
        ends_at=datetime.combine(due_date, time.max, tzinfo=time_zone),
        trace=(*base.trace, step),
    )


def extend(
    *,
    rule: LegalRule,
    due: DueDate,
    facts: ClockFacts,
    calendar: WorkingCalendar,
    time_zone: ZoneInfo,
) -> tuple[DueDate, list[Finding]]:
    """The deadline after the body's extensions, each held to the rule's limits."""
    if not facts.extensions or facts.received_at is None:
        return due, []
    extension_rule = modifier(rule, RuleRole.EXTENSION)
    findings: list[Finding] = []
    if extension_rule is None:
        extended = with_step(due, step("extension_without_rule"))
    else:
        extended, findings = _within_limits(
            extension_rule=extension_rule,
            due=due,
            facts=facts,
            calendar=calendar,
            time_zone=time_zone,
        )
    notice_rule = modifier(rule, RuleRole.EXTENSION_NOTICE)
    if notice_rule is not None:
        findings += [
            finding
            for extension in facts.extensions
            if (finding := _late_notice(notice_rule, extension, facts, calendar, time_zone))
        ]
    return extended, findings


def _within_limits(
    *,
    extension_rule: LegalRule,
    due: DueDate,
    facts: ClockFacts,
    calendar: WorkingCalendar,
    time_zone: ZoneInfo,
) -> tuple[DueDate, list[Finding]]:
    """Apply the extensions in order: at most ``max_times`` of them, none past the rule's cap.

    The cap is the rule's period counted once, from the original due date (Mass Media Art. 36,
    ATI Art. 11: +15 calendar days) or from the receipt (APPC Art. 76: 2 months in all), so
    several extensions together never reach past it.
    """
    assert facts.received_at is not None
    start_event = StartEvent(extension_rule.start_event)
    cap = compute_due_date(
        start=facts.received_at if start_event == StartEvent.RECEIPT else due.due_date,
        period=extension_rule.period(),
        calendar=calendar,
        time_zone=time_zone,
        start_event=start_event,
    )
    allowed, counted = extension_rule.max_times, 0
    findings: list[Finding] = []
    extended = due
    for extension in facts.extensions:
        rule_id = extension_rule.rule_id
        if allowed is not None and counted >= allowed:
            to = f" to {extension.new_due_date:%d.%m.%Y}" if extension.new_due_date else ""
            findings.append(
                Finding(
                    Category.EXTENSION_BEYOND_LIMIT,
                    extension.decided_on,
                    f"{rule_id}: extended again on {extension.decided_on:%d.%m.%Y}{to}; "
                    f"the law allows {allowed} extension(s)",
                )
            )
            extended = with_step(
                extended,
                step(
                    "extension_beyond_times", on=extension.decided_on, times=allowed, rule=rule_id
                ),
            )
            continue
        counted += 1
        if extension.new_due_date is None:
            extended = replace(
                cap, trace=(*extended.trace, step("extended", rule=rule_id), *cap.trace)
            )
        elif extension.new_due_date <= cap.due_date:
            extended = _fixed_due(
                due_date=extension.new_due_date,
                base=extended,
                time_zone=time_zone,
                step=step("extended_to", date=extension.new_due_date, rule=rule_id),
            )
        else:
            findings.append(
                Finding(
                    Category.EXTENSION_BEYOND_LIMIT,
                    extension.decided_on,
                    f"{rule_id}: extended to {extension.new_due_date:%d.%m.%Y}, "
                    f"beyond the law's limit of {cap.due_date:%d.%m.%Y}",
                )
            )
            beyond = step(
                "extension_beyond_cap", date=extension.new_due_date, rule=rule_id, to=cap.due_date
            )
            extended = replace(cap, trace=(*extended.trace, beyond, *cap.trace))
    return extended, findings


def _late_notice(
    notice_rule: LegalRule,
    extension: Extension,
    facts: ClockFacts,
    calendar: WorkingCalendar,
    time_zone: ZoneInfo,
) -> Finding | None:
    """A notice of extension given after the rule's period, or never: a finding.

    The period runs from the extension decision (Mass Media Art. 36, APPC Art. 76), from the
    registration (RF 8-FZ Art. 18) or from the receipt (RF Mass Media Art. 40), as the rule says.
    """
    assert facts.received_at is not None
    start_event = StartEvent(notice_rule.start_event)
    if start_event == StartEvent.EXTENSION_DECISION:
        notice = compute_due_date(
            start=extension.decided_on,
            period=notice_rule.period(),
            calendar=calendar,
            time_zone=time_zone,
            start_event=start_event,
        )
    else:
        notice = compute_from_receipt(
            received=facts.received_at,
            registered_on=facts.registered_on,
            period=notice_rule.period(),
            calendar=calendar,
            time_zone=time_zone,
            start_event=start_event,
        )
    if extension.notified_on is not None and extension.notified_on <= notice.due_date:
        return None
    when = (
        f"notified on {extension.notified_on:%d.%m.%Y}"
        if extension.notified_on
        else "no notice recorded"
    )
    return Finding(
        Category.EXTENSION_NOT_NOTIFIED,
        notice.due_date + timedelta(days=1),
        f"{notice_rule.rule_id}: {when}, due by {notice.due_date:%d.%m.%Y}",
    )
