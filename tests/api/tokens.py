"""The one way the API tests get a token for a user, so that the kind of token is named once."""

from rest_framework.authtoken.models import Token

from requests_tracker.accounts.models import User


def token_for(user: User) -> str:
    """A token ``user`` authenticates with (``Authorization: Token <key>``)."""
    token, _created = Token.objects.get_or_create(user=user)
    return str(token.key)
