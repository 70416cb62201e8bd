"""Who may see and who may change a collective appeal, checked on every object, in every page.

Staff of the initiating organisation change it; members of the initiating organisation and of
the co-signing ones see it; anyone else gets a 404, never the data.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from requests_tracker.accounts.models import Membership
from requests_tracker.collective.models import CollectiveAppeal
from requests_tracker.collective.roles import APPEAL_ROLES


def visible_appeals(user: Any) -> QuerySet[CollectiveAppeal]:
    """The appeals ``user`` may see: their organisations' and those their organisations co-sign."""
    if not user.is_authenticated:
        return CollectiveAppeal.objects.none()
    organizations = Membership.objects.filter(user=user).values("organization_id")
    return CollectiveAppeal.objects.filter(
        Q(initiating_organization_id__in=organizations)
        | Q(cosigners__organization_id__in=organizations)
    ).distinct()


def can_change(user: Any, appeal: CollectiveAppeal) -> bool:
    return bool(user.is_authenticated) and (
        Membership.objects.filter(
            user=user, organization_id=appeal.initiating_organization_id, role__in=APPEAL_ROLES
        ).exists()
    )


def appeal_for(user: Any, pk: int, *, change: bool = False) -> CollectiveAppeal:
    """The appeal if ``user`` may see it (or change it).

    Someone who may not see it gets a 404, never the data; a co-signer's member, who sees it but
    may not change it, gets a 403.
    """
    appeal = get_object_or_404(
        CollectiveAppeal.objects.select_related("initiating_organization", "created_by"), pk=pk
    )
    if not visible_appeals(user).filter(pk=pk).exists():
        raise Http404
    if change and not can_change(user, appeal):
        raise PermissionDenied
    return appeal
