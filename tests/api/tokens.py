"""The one way the API tests get a token for a user, so that the kind of token is named once."""

from django.utils import timezone
from rest_framework.test import APIClient

from requests_tracker.accounts.models import User
from requests_tracker.accounts.tokens import create_api_token


def token_for(user: User) -> str:
    """A new personal token of ``user`` (``Authorization: Token <key>``), made as the profile
    page makes one."""
    return create_api_token(user=user, name="tests", now=timezone.now()).key


def client_for(user: User | None, language: str = "en") -> APIClient:
    """An API client that sends ``user``'s new token (none for an anonymous caller), asking for
    answers in ``language``."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client
