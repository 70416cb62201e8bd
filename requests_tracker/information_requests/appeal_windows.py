"""The requester's window to complain: 3 months from learning of a refusal (APPC Art. 92).

A refusal (or a deemed refusal: silence past the deadline, APPC Art. 91(2)) opens the window;
the tracker reminds the requester before it closes. It is stored as a deadline of kind
``appeal_window``, so it is shown, traced and swept like any other. It is the requester's own
deadline: it stays open, and the reminder comes, until a complaint is recorded as submitted (a
draft complaint is not one); then it is used (state ``met``).
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet

from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.compute import compute_due_date
from requests_tracker.deadlines.periods import StartEvent
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineKind,
    DeadlineState,
    InformationRequest,
    Step,
)
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import LegalRule

APPEAL_WINDOW_RULE = "{jurisdiction}.APPC.92.complaint_filing"


def appeal_window_rule(jurisdiction_code: str) -> LegalRule | None:
    return LegalRule.objects.filter(
        rule_id=APPEAL_WINDOW_RULE.format(jurisdiction=jurisdiction_code)
    ).first()


def reminder_day(due_date: date, working_days_before: int, calendar: WorkingCalendar) -> date:
    """The day ``working_days_before`` working days before ``due_date``."""
    day, counted = due_date, 0
    while counted < working_days_before:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def build_appeal_window(
    *,
    information_request_id: int,
    rule: LegalRule,
    learned_on: date,
    calendar: WorkingCalendar,
    time_zone: ZoneInfo,
    now: datetime,
) -> Deadline:
    """The (unsaved) window that opens on ``learned_on``, the day the refusal became known."""
    due = compute_due_date(
        start=learned_on,
        period=rule.period(),
        calendar=calendar,
        time_zone=time_zone,
        start_event=StartEvent.LEARNED_OF_ACT,
    )
    remind_on = reminder_day(due.due_date, settings.APPEAL_WINDOW_REMINDER_WORKING_DAYS, calendar)
    return Deadline(
        information_request_id=information_request_id,
        legal_rule=rule,
        kind=DeadlineKind.APPEAL_WINDOW,
        state=DeadlineState.RUNNING,
        is_legal_deadline=False,
        start_date=due.start_date,
        nominal_date=due.nominal_date,
        due_date=due.due_date,
        ends_at=due.ends_at,
        trace=[[step.code, dict(step.params)] for step in due.trace],
        reminder_at=datetime.combine(remind_on, time.min, tzinfo=time_zone),
        due_day_starts_at=datetime.combine(due.due_date, time.min, tzinfo=time_zone),
        computed_at=now,
    )


def submitted_complaints(information_request: InformationRequest) -> QuerySet[InformationRequest]:
    """The complaints about ``information_request`` recorded as submitted (never a draft)."""
    return information_request.escalations.filter(
        step=Step.COMPLAINT, events__kind=EventKind.SUBMITTED
    )


def opens_appeal_window(information_request: InformationRequest) -> bool:
    """Only a first request's refusal is complained of to the superior body (APPC Art. 91),
    and only while no complaint about it has been submitted."""
    return (
        information_request.step == Step.REQUEST
        and not submitted_complaints(information_request).exists()
    )


def close_used_windows(information_request_id: int) -> int:
    """A complaint was submitted: the request's open window to complain is used."""
    return (
        Deadline.objects.appeal_windows()
        .filter(information_request_id=information_request_id, state=DeadlineState.RUNNING)
        .update(state=DeadlineState.MET)
    )
