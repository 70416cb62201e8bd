"""Days left to a deadline, or days past it, said with their unit in the user's language.

A working-day period counts its days left in working days, any other in calendar days
(``deadlines.compute.days_left``), so the number alone is ambiguous: a request due in 6 calendar
days may have 4 working days left. The text always names the unit.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext, ngettext

from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.periods import Unit
from requests_tracker.information_requests.clock import days_left_for
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineKind,
    DeadlineState,
    InformationRequest,
)
from requests_tracker.information_requests.status import Status


@dataclass(frozen=True)
class DaysLeft:
    """Days from today to a deadline in ``unit``; once it has passed (``past_due``), the days
    since, as a negative number (0 on a weekend right after a Friday's working-day deadline)."""

    days: int
    unit: Unit
    past_due: bool = False

    @property
    def is_overdue(self) -> bool:
        return self.past_due or self.days < 0

    @property
    def text(self) -> str:
        return days_left_text(self.days, self.unit, past_due=self.past_due)


def days_left_text(days: int, unit: Unit | str, *, past_due: bool = False) -> str:
    """ "4 working days left", "6 days left", "due today", "3 working days overdue"."""
    working = Unit(unit) is Unit.WORKING_DAYS
    count = abs(days)
    if past_due or days < 0:
        text = (
            ngettext("%(days)s working day overdue", "%(days)s working days overdue", count)
            if working
            else ngettext("%(days)s day overdue", "%(days)s days overdue", count)
        )
    elif days == 0:
        return gettext("due today")
    else:
        text = (
            ngettext("%(days)s working day left", "%(days)s working days left", count)
            if working
            else ngettext("%(days)s day left", "%(days)s days left", count)
        )
    return text % {"days": count}


def counts_days(deadline: Deadline, information_request: InformationRequest) -> bool:
    """Whether a page counts days for ``deadline``: to it while it runs, and past it while it
    is a passed response deadline the body still has not answered (the request is overdue)."""
    if deadline.state == DeadlineState.RUNNING:
        return True
    return (
        deadline.state == DeadlineState.PASSED
        and deadline.kind == DeadlineKind.RESPONSE
        and information_request.status == Status.OVERDUE
    )


def days_left_of(
    deadline: Deadline,
    *,
    today: date,
    calendars: dict[tuple[int, int, int], WorkingCalendar] | None = None,
) -> DaysLeft:
    """The days left to ``deadline`` on ``today``, in the unit of its rule."""
    return DaysLeft(
        days=days_left_for(deadline, today=today, calendars=calendars),
        unit=Unit(deadline.legal_rule.unit),
        past_due=today > deadline.due_date,
    )
