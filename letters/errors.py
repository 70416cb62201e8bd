"""Why a letter template was refused.

Each refusal carries a ``code`` and its ``params`` besides its English message, so that the
application can say it in the staff member's language (``letters`` itself knows no translations).
"""

from collections.abc import Mapping

from jinja2.exceptions import SecurityError

Params = Mapping[str, str | int]


class LetterTemplateError(Exception):
    """A letter template is refused: the message says why, for the staff member who wrote it."""

    def __init__(self, message: str, *, code: str = "invalid", params: Params | None = None):
        super().__init__(message)
        self.code = code
        self.params: dict[str, str | int] = dict(params or {})


class BudgetExceededError(LetterTemplateError):
    """The template used more memory or time than a letter may."""


class LimitError(SecurityError):
    """A limit of the sandbox (a range, a power, a repetition), with its code for translation."""

    def __init__(self, message: str, *, code: str, params: Params | None = None):
        super().__init__(message)
        self.code = code
        self.params: dict[str, str | int] = dict(params or {})
