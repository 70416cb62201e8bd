"""The API's token endpoint: a new personal token for a username and password, rate-limited."""

from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from requests_tracker.accounts.models import User
from requests_tracker.accounts.rate_limits import TooManyAttempts, count_attempt
from requests_tracker.accounts.templatetags.durations import duration
from requests_tracker.accounts.tokens import create_api_token

TOO_MANY_TOKEN_ATTEMPTS = gettext_lazy(
    "Too many attempts to get a token from your network or for this account."
)


class NewTokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="The key: shown this once, never again.")


# The name of a token made by the endpoint, as its owner sees it on the profile page.
TOKEN_NAME = "POST /api/v1/auth/token/ %(at)s"


class TokenView(ObtainAuthToken):
    """Exchange a username and password for a new personal API token (its key, shown once).

    Attempts are counted per client IP and per username typed (RATE_LIMITS["token"]), failed
    ones too, so the endpoint is no faster a way to guess a password than the sign-in page.
    """

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: NewTokenSerializer,
            400: OpenApiResponse(description="Wrong username or password."),
            429: OpenApiResponse(description="Too many attempts; Retry-After says when to retry."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = request.data if isinstance(request.data, Mapping) else {}
        username = data.get("username")
        exceeded = count_attempt(
            request, group="token", address=username if isinstance(username, str) else ""
        )
        if exceeded is not None:
            try_again = _("Try again in %(wait)s.") % {"wait": duration(exceeded.wait)}
            raise TooManyAttempts(
                f"{TOO_MANY_TOKEN_ATTEMPTS} {try_again}", wait=exceeded.wait_seconds
            )
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        assert isinstance(user, User)
        now = timezone.now()
        new = create_api_token(
            user=user,
            name=TOKEN_NAME % {"at": f"{timezone.localtime(now):%Y-%m-%d %H:%M}"},
            now=now,
        )
        return Response(NewTokenSerializer({"token": new.key}).data)
