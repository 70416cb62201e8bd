"""What ``detect`` returns: the contract between detection and the suggestions."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Found:
    """One thing found, and where: offsets into the text ``detect`` was given."""

    value: str  # normalised: a number as written ("3Т-Ж-123"), a date as ISO ("2026-03-05")
    start: int  # the match
    end: int
    sentence_start: int  # the sentence it stands in, to highlight
    sentence_end: int


@dataclass(frozen=True)
class Ground:
    """A legal ground a refusal cites."""

    code: str  # "cpc_201", "official_use", "state_secrets", "personal_data", ... or "other"
    label: str  # how the tracker names it, e.g. "ст. 201 УПК РК" / "ҚР ҚПК 201-бабы"
    found: Found
    law: str = ""  # the law the rules data names for the ground ("" for "other")
    article: str = ""  # its article ("201", "17"), "" when the rules name none


@dataclass(frozen=True)
class Detection:
    # The event the reply most likely is: an EventKind value ("registered", "extended",
    # "forwarded", "refused", "answered", "partially_answered", "clarification_requested"),
    # or "" when nothing was recognised; ``kind_found`` is the phrase that decided it.
    kind: str = ""
    kind_found: Found | None = None
    registration_number: Found | None = None
    registration_date: Found | None = None  # value: ISO date
    new_due_date: Found | None = None  # an extension's new date, ISO
    forwarded_to: Found | None = None  # value: the body's name as written
    grounds: tuple[Ground, ...] = field(default_factory=tuple)
    language: str = ""  # "ru" or "kk": the language the rules matched in
