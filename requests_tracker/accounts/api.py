"""The API's token endpoint: DRF's, with the rate limits of token creation."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from requests_tracker.accounts.rate_limits import TooManyAttempts, count_attempt
from requests_tracker.accounts.templatetags.durations import duration

TOO_MANY_TOKEN_ATTEMPTS = gettext_lazy(
    "Too many attempts to get a token from your network or for this account."
)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the user's API token (made on the first call).

    Attempts are counted per client IP and per username typed (RATE_LIMITS["token"]), failed
    ones too, so the endpoint is no faster a way to guess a password than the sign-in page.
    """

    @extend_schema(
        responses={
            200: AuthTokenSerializer,
            429: OpenApiResponse(description="Too many attempts; Retry-After says when to retry."),
        }
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
        return super().post(request, *args, **kwargs)
