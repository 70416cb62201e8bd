"""A refused letter template explained in the staff member's language.

``letters`` refuses a template with a code and its params (``letters/errors.py``); this module
says it in Russian, Kazakh or English. A detail quoted from Jinja (a syntax error's own words)
stays as Jinja wrote it: it names the template's code, not the reason.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from letters.errors import LetterTemplateError

# Marked for translation here, translated when explained (in the language active then).
MESSAGES: dict[str, str] = {
    "invalid": _("The template is not valid: %(detail)s"),
    "source_too_long": _("A letter template is limited to %(limit)s characters."),
    "syntax": _("Syntax error on line %(line)s: %(detail)s"),
    "composition": _("Templates may not include, import or extend other templates."),
    "private": _("Private attributes such as %(name)s are not allowed."),
    "loop_depth": _("Loops may be nested at most %(limit)s deep."),
    "unknown_fields": _("Unknown fields: %(names)s."),
    "output_too_long": _("The letter grew past %(limit)s characters; rendering stopped."),
    "range_limit": _("Not allowed in a letter template: range() is limited to %(limit)s items."),
    "power_limit": _("Not allowed in a letter template: powers above %(limit)s."),
    "repeat_limit": _("Not allowed in a letter template: repeating text that many times."),
    "memory": _(
        "The template used more than its memory budget (%(megabytes)s MB); rendering stopped."
    ),
    "recursion": _(
        "The template nests too deeply (a macro calling itself, or brackets within brackets)."
    ),
    "digits": _("Numbers in a letter template are limited to %(limit)s digits."),
    "failed": _("The template fails: %(detail)s"),
    "timeout": _(
        "The template took longer than %(seconds)s s to render a letter; rendering stopped."
    ),
    "budget": _("The template used more than its budget of time or memory; rendering stopped."),
    "not_allowed": _("Not allowed in a letter template: %(detail)s"),
    "sample_fails": _("The template fails on a sample letter: %(detail)s"),
}


def explain(error: LetterTemplateError) -> str:
    """The refusal in the active language; its English message if its code is not known here."""
    message = MESSAGES.get(error.code)
    if message is None:
        return str(error)
    params = {
        name: number_format(value, force_grouping=True) if isinstance(value, int) else value
        for name, value in error.params.items()
    }
    try:
        return gettext(message) % params
    except (KeyError, TypeError, ValueError):  # a code raised without the params it names
        return str(error)
