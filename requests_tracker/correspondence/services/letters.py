"""A request's letter: rendered from the active staff template or the default, and stored."""

from datetime import datetime

from django.db import transaction

from letters.contexts import Cosigner, LetterKind
from letters.environment import compile_staff_template
from letters.render import content_hash, render_text
from requests_tracker.accounts.models import User
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services.context import build_context, letter_kind_for
from requests_tracker.correspondence.services.templates import active_template
from requests_tracker.information_requests.models import InformationRequest


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
    kind = kind or letter_kind_for(information_request)
    context = build_context(
        information_request=information_request, kind=kind, now=now, cosigners=cosigners
    )
    staff_template = active_template(kind, information_request.language)
    template = compile_staff_template(staff_template.source) if staff_template else None
    text = render_text(context, template)
    return Letter.objects.create(
        information_request=information_request,
        kind=kind,
        language=information_request.language,
        template=staff_template,
        template_version=f"staff v{staff_template.version}" if staff_template else "default",
        text=text,
        content_sha256=content_hash(text),
        created_by=user,
        created_at=now,
    )
