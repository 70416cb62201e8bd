"""Roles, defined once: which memberships may edit a colleague's request, start an appeal, or keep
the monitoring dataset.

Domain services ask these; who may read or change a given object is decided above them, in
``requests_tracker.access``.
"""

from typing import Any

from django.db.models import QuerySet

from requests_tracker.accounts.models import Membership, Organization, Role

# Members of a request's organisation who may change it once it is shared with them; a
# journalist colleague reads it only.
EDITING_ROLES = (Role.EDITOR, Role.ADMIN)
# Members of an organisation who may start, and change, its collective appeals.
APPEAL_ROLES = (Role.NGO_STAFF, Role.EDITOR, Role.ADMIN)
# Members of an organisation that keeps the monitoring dataset who keep it: its NGO staff and
# its administrators. An administrator of a media outlet is not one of them.
DATASET_ROLES = (Role.NGO_STAFF, Role.ADMIN)


def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def memberships(user: Any) -> QuerySet[Membership]:
    """The memberships of ``user``: none for an anonymous or deactivated account."""
    if not is_signed_in(user):
        return Membership.objects.none()
    return Membership.objects.filter(user=user)


def organization_ids(user: Any, *, roles: tuple[Role, ...] | None = None) -> QuerySet[Any]:
    """The ids of the organisations ``user`` belongs to (with one of ``roles``, if given)."""
    held = memberships(user)
    if roles is not None:
        held = held.filter(role__in=roles)
    return held.values("organization_id")


def monitoring_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(keeps_monitoring_dataset=True)


def is_ngo_staff(user: Any) -> bool:
    """Whether ``user`` keeps the monitoring dataset: a superuser, or an active member with an
    NGO staff or administrator role of an organisation that keeps it (``is_staff`` alone is not
    enough: it only opens the admin)."""
    if not is_signed_in(user):
        return False
    if user.is_superuser:
        return True
    return (
        memberships(user)
        .filter(role__in=DATASET_ROLES, organization__keeps_monitoring_dataset=True)
        .exists()
    )


def may_start_appeals(user: Any) -> bool:
    return memberships(user).filter(role__in=APPEAL_ROLES).exists()
