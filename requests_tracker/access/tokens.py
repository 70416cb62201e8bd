"""Who may see and revoke a personal API token: its owner only (a superuser, in the admin)."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from requests_tracker.accounts.models import ApiToken
from requests_tracker.accounts.roles import is_signed_in


def own_tokens(user: Any) -> QuerySet[ApiToken]:
    """The tokens ``user`` made: the profile page lists and revokes these, and no others."""
    if not is_signed_in(user):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def own_token_for(user: Any, pk: int) -> ApiToken:
    """One of ``user``'s own tokens; a 404 for another user's, as for one that does not exist."""
    return get_object_or_404(own_tokens(user), pk=pk)
