"""What the clock's events reveal that monitoring records as a violation, named by its
``Category`` (the one definition in core/categories.py)."""

import re
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from requests_tracker.core.categories import Category
from requests_tracker.deadlines.compute import local_date
from requests_tracker.information_requests.clock.facts import ClockFacts
from requests_tracker.information_requests.status import EventKind


@dataclass(frozen=True)
class Finding:
    """Something the clock's events reveal that monitoring records as a violation."""

    category: Category
    occurred_on: date
    detail: str
    ground: str = ""  # the legal ground the body cited, for a refusal

    def as_data(self) -> dict[str, str]:
        data = {
            "category": self.category.value,
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
        return (Finding(Category.EVASIVE_ANSWER, on, "Partial or evasive answer"),)
    if facts.closed_by != EventKind.REFUSED:
        return ()
    ground = facts.closed_ground.strip()
    if _CPC_201.search(ground):
        category = Category.REFUSAL_CPC_201
    elif _OFFICIAL_USE.search(ground):
        category = Category.REFUSAL_OFFICIAL_USE
    else:
        category = Category.REFUSAL
    return (Finding(category, on, f"Refused; ground cited: {ground or 'none'}", ground=ground),)
