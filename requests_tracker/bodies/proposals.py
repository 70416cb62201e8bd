"""Contacts proposed by users: nothing in the directory changes until NGO staff accept one."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from requests_tracker.accounts.roles import is_ngo_staff
from requests_tracker.bodies.contacts import add_contact, clean_contact
from requests_tracker.bodies.models import (
    BodyContact,
    ContactOrigin,
    ContactProposal,
    ProposalState,
    PublicBody,
)
from requests_tracker.core.errors import DomainError

MAX_REASON_LENGTH = 1000


def propose_contact(
    *,
    body: PublicBody,
    kind: str,
    value: str,
    source_url: str,
    source_note: str,
    replaces: BodyContact | None,
    proposed_by: Any,
    now: datetime,
) -> ContactProposal:
    """A pending proposal, checked as a contact would be; anyone signed in may make one."""
    if not getattr(proposed_by, "is_authenticated", False):
        raise DomainError(_("Sign in to propose a contact."))
    value, source_url = clean_contact(
        kind=kind, value=value, source_url=source_url, source_note=source_note
    )
    if replaces is not None and (replaces.body_id != body.pk or replaces.retired_at is not None):
        raise DomainError(_("The contact to correct is no longer current."))
    return ContactProposal.objects.create(
        body=body,
        kind=kind,
        value=value,
        source_url=source_url,
        source_note=source_note.strip(),
        replaces=replaces,
        proposed_by=proposed_by,
        created_at=now,
    )


def pending_proposals() -> list[ContactProposal]:
    return list(
        ContactProposal.objects.filter(state=ProposalState.PENDING).select_related(
            "body", "proposed_by", "replaces"
        )
    )


def _pending_for_review(proposal: ContactProposal, reviewer: Any) -> ContactProposal:
    if not is_ngo_staff(reviewer):
        raise DomainError(_("Only NGO staff may review contact proposals."))
    locked = ContactProposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
    if locked.state != ProposalState.PENDING:
        raise DomainError(_("This proposal was already reviewed."))
    return locked


@transaction.atomic
def accept_proposal(*, proposal: ContactProposal, reviewer: Any, now: datetime) -> BodyContact:
    """The proposal becomes the body's current contact, checked today; the one it corrects is
    retired."""
    locked = _pending_for_review(proposal, reviewer)
    contact = add_contact(
        body=locked.body,
        kind=locked.kind,
        value=locked.value,
        source_url=locked.source_url,
        source_note=locked.source_note,
        checked_on=now.date(),
        origin=ContactOrigin.STAFF,
        added_by=reviewer,
        now=now,
        replaces=locked.replaces,
    )
    locked.state = ProposalState.ACCEPTED
    locked.reviewed_by = reviewer
    locked.reviewed_at = now
    locked.contact = contact
    locked.save(update_fields=["state", "reviewed_by", "reviewed_at", "contact"])
    return contact


@transaction.atomic
def reject_proposal(
    *, proposal: ContactProposal, reviewer: Any, reason: str, now: datetime
) -> ContactProposal:
    """The proposal is closed with the reason the proposer will read; the directory is unchanged."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for rejecting the proposal."))
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError(_("The reason is too long."))
    locked = _pending_for_review(proposal, reviewer)
    locked.state = ProposalState.REJECTED
    locked.reviewed_by = reviewer
    locked.reviewed_at = now
    locked.rejection_reason = reason
    locked.save(update_fields=["state", "reviewed_by", "reviewed_at", "rejection_reason"])
    return locked
