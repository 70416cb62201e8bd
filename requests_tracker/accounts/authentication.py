"""The API's token authentication: ``Authorization: Token <key>``, a personal ``ApiToken``."""

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from requests_tracker.accounts.models import ApiToken, User
from requests_tracker.accounts.tokens import active_token, note_use


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's header and keyword ("Token"), so existing clients keep working, looked up by the
    key's SHA-256 among the tokens not revoked. A revoked or unknown key is a 401."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        assert isinstance(user, User)
        assert isinstance(token, ApiToken)
        speak_users_language(request, user)
        return user, token

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = active_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        note_use(token=token, now=timezone.now())
        return token.user, token


def speak_users_language(request: Request, user: User) -> None:
    """Answer a token's call in its user's preferred language, unless the call asks for one
    (Accept-Language): a script has no language cookie, and its user chose a language."""
    if request.META.get("HTTP_ACCEPT_LANGUAGE"):
        return
    translation.activate(user.preferred_language)
    request._request.LANGUAGE_CODE = translation.get_language()
