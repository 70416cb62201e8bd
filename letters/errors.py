"""Why a letter template was refused."""


class LetterTemplateError(Exception):
    """A letter template is refused: the message says why, for the staff member who wrote it."""


class BudgetExceededError(LetterTemplateError):
    """The template used more memory or time than a letter may."""
