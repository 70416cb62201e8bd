"""Who may read and who may change a collective appeal, checked on every object, in every page.

Read: members of the initiating organisation and of the co-signing ones, NGO staff of the
monitoring organisation, superusers. Change: the initiating organisation's ``APPEAL_ROLES``,
superusers. Anyone else, a co-signer's member asking to change it included, gets a 404, never
the data.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from requests_tracker.access.requests import Action
from requests_tracker.accounts.roles import (
    APPEAL_ROLES,
    is_ngo_staff,
    is_signed_in,
    organization_ids,
)
from requests_tracker.collective.models import CollectiveAppeal


def readable_appeals(user: Any) -> QuerySet[CollectiveAppeal]:
    """The appeals ``user`` may read."""
    if not is_signed_in(user):
        return CollectiveAppeal.objects.none()
    if is_ngo_staff(user):  # superusers too
        return CollectiveAppeal.objects.all()
    organizations = organization_ids(user)
    return CollectiveAppeal.objects.filter(
        Q(initiating_organization_id__in=organizations)
        | Q(pk__in=CollectiveAppeal.objects.filter(cosigners__organization_id__in=organizations))
    )


def changeable_appeals(user: Any) -> QuerySet[CollectiveAppeal]:
    """The appeals ``user`` may change."""
    if not is_signed_in(user):
        return CollectiveAppeal.objects.none()
    if user.is_superuser:
        return CollectiveAppeal.objects.all()
    return CollectiveAppeal.objects.filter(
        initiating_organization_id__in=organization_ids(user, roles=APPEAL_ROLES)
    )


def can_read(user: Any, appeal: CollectiveAppeal) -> bool:
    return readable_appeals(user).filter(pk=appeal.pk).exists()


def can_change(user: Any, appeal: CollectiveAppeal) -> bool:
    return changeable_appeals(user).filter(pk=appeal.pk).exists()


def appeal_for(user: Any, pk: int, *, action: Action = Action.READ) -> CollectiveAppeal:
    """The appeal if ``user`` may read it (or change it); a 404 otherwise."""
    allowed = changeable_appeals(user) if action is Action.CHANGE else readable_appeals(user)
    return get_object_or_404(allowed.select_related("initiating_organization", "created_by"), pk=pk)
