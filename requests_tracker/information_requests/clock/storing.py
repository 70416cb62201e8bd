"""Storing a request's deadlines, recomputed from its timeline, each earlier computation kept as
history; and the days left of a stored deadline."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.compute import DueDate, days_left, local_date
from requests_tracker.deadlines.periods import Unit
from requests_tracker.information_requests.appeal_windows import (
    appeal_window_rule,
    build_appeal_window,
    close_used_windows,
    opens_appeal_window,
    reminder_day,
)
from requests_tracker.information_requests.clock.facts import CLOCK_ROLES, ClockFacts, read_facts
from requests_tracker.information_requests.clock.findings import reply_findings
from requests_tracker.information_requests.clock.planning import PlannedDeadline, plan_deadline
from requests_tracker.information_requests.dashboard_order import store_legal_due_dates
from requests_tracker.information_requests.models import (
    LIVE_DEADLINE_STATES,
    Deadline,
    DeadlineKind,
    DeadlineState,
    InformationRequest,
    Step,
)
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import LegalRule
from requests_tracker.laws.selectors import rule_in_force, working_calendar


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
    # complaint, the period in which the superior body decides it; each as it was in force on
    # the day the clock started (a request of May 2023 under the Mass Media Law of 1999).
    started_on = local_date(facts.received_at, time_zone)
    planned = [
        plan
        for rule in rules_in_force(request, started_on)
        if (plan := plan_deadline(rule=rule, facts=facts, calendar=calendar, time_zone=time_zone))
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
    planned_rules = {plan.rule.pk for plan in planned}
    for rule_pk, stored_row in current.items():
        if rule_pk not in planned_rules:  # no longer the rule in force on the start date
            stored_row.state = DeadlineState.SUPERSEDED
            stored_row.superseded_at = now
            stored_row.is_legal_deadline = False
            stored_row.save(update_fields=["state", "superseded_at", "is_legal_deadline"])
            changed.append(stored_row)
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
    if changed:
        store_legal_due_dates(InformationRequest.objects.filter(pk=request.pk))
    _open_appeal_window(request, facts, calendar, time_zone, now)
    if request.step == Step.COMPLAINT and request.escalates_id is not None:
        # The complaint is submitted: the requester's window to complain is used, so no reminder.
        close_used_windows(request.escalates_id)
    return changed


def rules_in_force(request: InformationRequest, day: date) -> list[LegalRule]:
    """The request's clock rules, each replaced by the one of its line in force on ``day``."""
    chosen = request.legal_rules.filter(role__in=CLOCK_ROLES).prefetch_related("modifiers")
    rules: dict[int, LegalRule] = {}
    for rule in chosen:
        in_force = rule_in_force(rule, day)
        if in_force is not None and in_force.has_period():
            rules.setdefault(in_force.pk, in_force)
    return list(rules.values())


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
    # The same day, computed with a further step (an extension beyond the limit, not counted).
    trace = [[trace_step.code, dict(trace_step.params)] for trace_step in plan.due.trace]
    if trace != stored.trace:
        updates["trace"] = trace
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
