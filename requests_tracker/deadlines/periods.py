"""The vocabulary of statutory periods: units and the events that start a clock. No ORM."""

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


class StartEvent(StrEnum):
    REGISTRATION = "registration"
    RECEIPT = "receipt"
    LEARNED_OF_ACT = "learned_of_act"
    EXTENSION_DECISION = "extension_decision"
    ORIGINAL_DUE_DATE = "original_due_date"
    COMPLAINT_RECEIPT = "complaint_receipt"
    COMPLAINT_DECISION = "complaint_decision"
    EXPIRY = "expiry"


@dataclass(frozen=True)
class ResponsePeriod:
    """A statutory period as plain data, as a legal rule states it."""

    amount: int
    unit: Unit
    count_from_next_day: bool = True
    roll_forward_if_non_working: bool = True
