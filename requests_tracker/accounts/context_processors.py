"""What every page may need to know about the person looking at it."""

from typing import Any

from django.http import HttpRequest

from requests_tracker.accounts.models import Membership, Role


def roles(request: HttpRequest) -> dict[str, Any]:
    """Whether the user keeps the monitoring dataset (NGO staff, an organisation's admin, staff)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_ngo_staff": False}
    return {
        "is_ngo_staff": user.is_staff
        or Membership.objects.filter(user=user, role__in=(Role.NGO_STAFF, Role.ADMIN)).exists()
    }
