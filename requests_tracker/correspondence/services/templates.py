"""Staff templates: validated against a full sample, saved as a new version each time."""

from django.db import transaction
from django.db.models import Max
from jinja2.exceptions import SecurityError, TemplateError

from letters.contexts import LetterContext, LetterKind, sample_context
from letters.environment import LetterTemplateError, check_staff_template
from letters.errors import LimitError
from requests_tracker.accounts.models import User
from requests_tracker.correspondence.models import LetterTemplate

TOP_LEVEL_FIELDS = frozenset(LetterContext.__dataclass_fields__)


def validate_template_source(source: str, *, kind: LetterKind, language: str) -> str:
    """Compile a staff template and render it against a full sample, within the memory and time
    budget of a staff render; the sample letter, or ``LetterTemplateError`` with a message."""
    try:
        return check_staff_template(source, sample_context(kind, language).as_template_data())
    except LimitError as error:
        raise LetterTemplateError(
            f"Not allowed in a letter template: {error}", code=error.code, params=error.params
        ) from error
    except SecurityError as error:
        raise LetterTemplateError(
            f"Not allowed in a letter template: {error}",
            code="not_allowed",
            params={"detail": str(error)},
        ) from error
    except TemplateError as error:  # UndefinedError for a field that does not exist, and others
        raise LetterTemplateError(
            f"The template fails on a sample letter: {error}",
            code="sample_fails",
            params={"detail": str(error)},
        ) from error


@transaction.atomic
def save_letter_template(
    *, kind: LetterKind, language: str, source: str, user: User | None, change_note: str = ""
) -> LetterTemplate:
    """A new version of a staff template, after validation; the previous version is kept."""
    validate_template_source(source, kind=kind, language=language)
    versions = LetterTemplate.objects.select_for_update(of=("self",)).filter(
        kind=kind, language=language
    )
    latest = versions.aggregate(latest=Max("version"))["latest"] or 0
    versions.filter(is_active=True).update(is_active=False)
    return LetterTemplate.objects.create(
        kind=kind,
        language=language,
        version=latest + 1,
        source=source,
        change_note=change_note,
        created_by=user,
    )


def active_template(kind: LetterKind, language: str) -> LetterTemplate | None:
    return LetterTemplate.objects.filter(kind=kind, language=language, is_active=True).first()
