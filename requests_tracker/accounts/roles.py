"""Roles, defined once: who keeps the monitoring dataset."""

from typing import Any

from requests_tracker.accounts.models import Membership, Role

REVIEWING_ROLES = (Role.NGO_STAFF, Role.ADMIN)


def is_ngo_staff(user: Any) -> bool:
    """Whether ``user`` keeps the dataset: NGO staff or an administrator anywhere, or site staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(user=user, role__in=REVIEWING_ROLES).exists()
