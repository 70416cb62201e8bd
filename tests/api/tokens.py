"""The one way the API tests get a token for a user, so that the kind of token is named once."""

from django.utils import timezone

from requests_tracker.accounts.models import User
from requests_tracker.accounts.tokens import create_api_token


def token_for(user: User) -> str:
    """A new personal token of ``user`` (``Authorization: Token <key>``), made as the profile
    page makes one."""
    return create_api_token(user=user, name="tests", now=timezone.now()).key
