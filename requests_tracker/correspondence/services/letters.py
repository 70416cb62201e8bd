"""A request's letter: one renderer picks its template, and a letter once produced is shown as is.

``letter_text_for`` is the only place that decides which template a letter uses (the active staff
template of its kind and language, else the default): the request page, the downloads and the
email all go through it. A letter that was stored (sent or queued by email, or produced for the
request, such as an appeal's) is shown from its stored text, never rendered again.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from jinja2.exceptions import TemplateError

from letters.contexts import Cosigner, LetterContext, LetterKind
from letters.environment import LetterTemplateError
from letters.render import content_hash, render_text
from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.models import Letter, LetterTemplate
from requests_tracker.correspondence.services.context import build_context, letter_kind_for
from requests_tracker.correspondence.services.templates import active_template
from requests_tracker.correspondence.template_errors import explain
from requests_tracker.information_requests.models import InformationRequest

DEFAULT_VERSION = "default"


@dataclass(frozen=True)
class LetterText:
    """A letter as it reads, with the template version that made it; ``letter`` is the stored
    row when the text is a stored one."""

    kind: LetterKind
    language: str
    text: str
    template: LetterTemplate | None
    template_version: str
    letter: Letter | None = None

    @classmethod
    def of(cls, letter: Letter) -> "LetterText":
        return cls(
            kind=LetterKind(letter.kind),
            language=letter.language,
            text=letter.text,
            template=letter.template,
            template_version=letter.template_version,
            letter=letter,
        )


def template_version(template: LetterTemplate | None) -> str:
    return f"staff v{template.version}" if template is not None else DEFAULT_VERSION


def letter_text_for(
    *,
    information_request: InformationRequest,
    kind: LetterKind,
    now: datetime,
    cosigners: tuple[Cosigner, ...] = (),
) -> LetterText:
    """The letter rendered now from the active staff template of its kind and language, or from
    the default. Raises DomainError when the staff template fails on this request."""
    context = build_context(
        information_request=information_request, kind=kind, now=now, cosigners=cosigners
    )
    return render_letter(context, active_template(kind, information_request.language))


def render_letter(context: LetterContext, staff_template: LetterTemplate | None) -> LetterText:
    """The letter of ``context`` from the staff template given, or from the default. Raises
    DomainError when the staff template fails on it."""
    try:
        text = render_text(context, staff_template.source if staff_template else None)
    except (LetterTemplateError, TemplateError) as error:
        reason = explain(error) if isinstance(error, LetterTemplateError) else str(error)
        raise DomainError(
            _("The letter template in use (%(version)s) fails on this request: %(error)s")
            % {"version": template_version(staff_template), "error": reason}
        ) from error
    return LetterText(
        kind=context.kind,
        language=context.language,
        text=text,
        template=staff_template,
        template_version=template_version(staff_template),
    )


@transaction.atomic
def generate_letter(
    *,
    information_request: InformationRequest,
    user: User | None,
    now: datetime,
    kind: LetterKind | None = None,
    cosigners: tuple[Cosigner, ...] = (),
) -> Letter:
    """The request's letter (or a reminder of it), from the active staff template or the
    default, kept with its hash."""
    rendered = letter_text_for(
        information_request=information_request,
        kind=kind or letter_kind_for(information_request),
        now=now,
        cosigners=cosigners,
    )
    letter = unsaved_letter(rendered, information_request=information_request, user=user, now=now)
    letter.save()
    return letter


def unsaved_letter(
    rendered: LetterText,
    *,
    information_request: InformationRequest,
    user: User | None,
    now: datetime,
) -> Letter:
    """The letter of ``rendered`` for the request, with its hash, not saved yet (the fan-out
    saves a batch of them at once)."""
    return Letter(
        information_request=information_request,
        kind=rendered.kind,
        language=rendered.language,
        template=rendered.template,
        template_version=rendered.template_version,
        text=rendered.text,
        content_sha256=content_hash(rendered.text),
        created_by=user,
        created_at=now,
    )
