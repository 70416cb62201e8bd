"""What every page may need to know about the person looking at it."""

from typing import Any

from django.http import HttpRequest

from requests_tracker.accounts.roles import is_ngo_staff


def roles(request: HttpRequest) -> dict[str, Any]:
    """Whether the user keeps the monitoring dataset (``accounts.roles.is_ngo_staff``)."""
    return {"is_ngo_staff": is_ngo_staff(getattr(request, "user", None))}
