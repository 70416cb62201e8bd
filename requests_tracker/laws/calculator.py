"""The deadline calculator: one legal rule's due date for a given receipt, with its trace.

A read for anyone (the API, the ``deadline`` command, the calculator page): it stores nothing. The
arithmetic is ``deadlines.compute``; this module finds the rule's time zone and calendar and words
the result in the language asked for.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from requests_tracker.core.errors import DomainError
from requests_tracker.core.i18n import localized
from requests_tracker.deadlines.compute import compute_from_receipt
from requests_tracker.deadlines.periods import StartEvent
from requests_tracker.deadlines.trace import (
    describe_period,
    render_caveats,
    render_trace,
    time_zone_label,
)
from requests_tracker.laws.models import LegalRule
from requests_tracker.laws.selectors import working_calendar


@dataclass(frozen=True)
class Calculation:
    rule_id: str
    title: str  # in the language asked for
    period: str  # "15 calendar days from registration"
    start_date: date
    nominal_date: date
    due_date: date
    ends_at: datetime  # the end of the due date, tz-aware in the jurisdiction's time zone
    time_zone: str  # that time zone as a reader names it: "время Астаны"
    trace: tuple[str, ...]  # one sentence per step, in the language asked for
    # False when the count runs over a year without a loaded transfer decree or over a holiday
    # whose date is estimated; the reasons say which, in the language asked for.
    calendar_confirmed: bool
    calendar_reasons: tuple[str, ...]


def parse_received(text: str) -> date | datetime:
    """A date (``2026-03-20``) or an ISO 8601 date and time (``2026-03-20T18:30+05:00``).

    Raises ValueError for anything else.
    """
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        return datetime.fromisoformat(text)


def calculate_deadline(
    *, rule: LegalRule, received: datetime | date, registered_on: date | None, language: str
) -> Calculation:
    """The due date ``rule`` sets for a request received at ``received``.

    A naive ``received`` datetime is read as local time in the jurisdiction of the rule (the time
    on the body's stamp). A rule that runs from registration starts from ``registered_on`` when it
    is known; otherwise registration is taken to be the day of receipt, or the next working day
    after a non-working one (APPC Art. 63, kz-rules.md §1.4). Raises DomainError for a rule that
    sets no period.
    """
    if not rule.has_period():
        raise DomainError(
            _("%(rule)s sets no period, so it has no due date to calculate.")
            % {"rule": rule.rule_id}
        )
    if not rule.start_event:
        raise DomainError(
            _("%(rule)s names no event that starts its period.") % {"rule": rule.rule_id}
        )
    language = language[:2].lower()
    time_zone = ZoneInfo(rule.instrument.jurisdiction.time_zone)
    if isinstance(received, datetime) and received.tzinfo is None:
        received = received.replace(tzinfo=time_zone)
    start_event = StartEvent(rule.start_event)
    start = (
        registered_on
        if start_event == StartEvent.REGISTRATION and registered_on is not None
        else received
    )
    start_year = start.astimezone(time_zone).year if isinstance(start, datetime) else start.year
    calendar = working_calendar(
        jurisdiction=rule.instrument.jurisdiction,
        years=range(start_year - 1, start_year + 2),
        language=language,
    )
    period = rule.period()
    due = compute_from_receipt(
        received=received,
        registered_on=registered_on,
        period=period,
        calendar=calendar,
        time_zone=time_zone,
        start_event=start_event,
    )
    return Calculation(
        rule_id=rule.rule_id,
        title=localized(rule, "title", language),
        period=describe_period(period, start_event, language),
        start_date=due.start_date,
        nominal_date=due.nominal_date,
        due_date=due.due_date,
        ends_at=due.ends_at,
        time_zone=time_zone_label(time_zone.key, language),
        trace=tuple(render_trace(due.trace, language)),
        calendar_confirmed=not due.calendar_caveats,
        calendar_reasons=tuple(render_caveats(due.trace, language)),
    )
