"""Letters for requests: staff templates, the context a letter is filled from, and escalation.

Split by sub-topic; every public name stays importable from here.
"""

from requests_tracker.correspondence.services.context import (
    HEAD_TITLE,
    LETTER_FOR_INSTRUMENT,
    LETTER_FOR_STEP,
    build_context,
    letter_kind_for,
    readdressed,
)
from requests_tracker.correspondence.services.escalation import (
    ESCALATION_RULES,
    Escalation,
    escalate,
    escalate_once,
)
from requests_tracker.correspondence.services.letters import (
    LetterText,
    generate_letter,
    letter_text_for,
    render_letter,
    unsaved_letter,
)
from requests_tracker.correspondence.services.templates import (
    TOP_LEVEL_FIELDS,
    active_template,
    save_letter_template,
    validate_template_source,
)

__all__ = [
    "ESCALATION_RULES",
    "HEAD_TITLE",
    "LETTER_FOR_INSTRUMENT",
    "LETTER_FOR_STEP",
    "TOP_LEVEL_FIELDS",
    "Escalation",
    "LetterText",
    "active_template",
    "build_context",
    "escalate",
    "escalate_once",
    "generate_letter",
    "letter_kind_for",
    "letter_text_for",
    "readdressed",
    "render_letter",
    "save_letter_template",
    "unsaved_letter",
    "validate_template_source",
]
