"""The legal clock of a request: its deadlines, recomputed from its timeline.

``read_facts`` reads what the timeline says about the clock (receipt, registration, extension,
forwarding, clarification, the answer); ``plan_deadline`` computes one rule's deadline from those
facts; ``recompute_deadlines`` stores the result, keeping every earlier computation as history.
"""

from requests_tracker.information_requests.clock.facts import (
    CLOCK_EVENTS,
    CLOCK_ROLES,
    REPLIES,
    ClockFacts,
    Extension,
    Forwarding,
    read_facts,
)
from requests_tracker.information_requests.clock.findings import Finding, reply_findings
from requests_tracker.information_requests.clock.planning import PlannedDeadline, plan_deadline
from requests_tracker.information_requests.clock.storing import (
    calendar_for,
    days_left_for,
    recompute_deadlines,
)

__all__ = [
    "CLOCK_EVENTS",
    "CLOCK_ROLES",
    "REPLIES",
    "ClockFacts",
    "Extension",
    "Finding",
    "Forwarding",
    "PlannedDeadline",
    "calendar_for",
    "days_left_for",
    "plan_deadline",
    "read_facts",
    "recompute_deadlines",
    "reply_findings",
]
