"""Changing a draft: what a request says, and to whom, until it is sent."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_tracker.accounts.models import Organization
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.status import Status
from requests_tracker.laws.models import LegalRule


class NotADraftError(DomainError):
    """The request was sent: what it says is what the body received, and stays so."""


@transaction.atomic
def update_draft(
    *,
    information_request: InformationRequest,
    public_body: PublicBody,
    legal_rules: Iterable[LegalRule],
    subject: str,
    text: str,
    language: str,
    organization: Organization | None,
) -> InformationRequest:
    """Rewrite a draft; refuse (and change nothing) once the request has left the draft."""
    locked = InformationRequest.objects.select_for_update(of=("self",)).get(
        pk=information_request.pk
    )
    if locked.status != Status.DRAFT:
        raise NotADraftError(
            _("Only a draft can be changed: this request is “%(status)s”.")
            % {"status": Status(locked.status).label}
        )
    rules = list(legal_rules)
    # The same rules as create_request: at least one, each of the body's jurisdiction.
    if not rules:
        raise DomainError(_("A request cites at least one legal rule."))
    if any(rule.instrument.jurisdiction_id != public_body.jurisdiction_id for rule in rules):
        raise DomainError(_("Every legal rule must belong to the body's jurisdiction."))
    InformationRequest.objects.filter(pk=locked.pk).update(
        public_body=public_body,
        subject=subject,
        text=text,
        language=language,
        organization=organization,
        updated_at=timezone.now(),
    )
    locked.legal_rules.set(rules)
    locked.refresh_from_db()
    return locked
