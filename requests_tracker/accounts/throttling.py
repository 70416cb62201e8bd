"""The API's limit on writes (API_WRITE_RATE per user), and its errors in the user's language.

Reads are not counted: a client may page through its requests as fast as it likes, while a
runaway script that files or records in a loop is stopped. The count lives in the rate limits'
cache (Redis in production, shared by every web process), in a fixed window per user.
"""

import logging
import math
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import Http404
from django.utils.translation import ngettext
from redis.exceptions import RedisError
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler

from requests_tracker.accounts.rate_limits import client_network

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class WriteRateThrottle(SimpleRateThrottle):
    """At most API_WRITE_RATE unsafe calls per user (per client network when anonymous)."""

    scope = "api-write"

    def __init__(self) -> None:
        self.cache = caches[settings.RATELIMIT_USE_CACHE]
        super().__init__()

    def get_rate(self) -> str:
        # Read on each call, not at import: a deployment (or a test) sets it in settings.
        return str(settings.API_WRITE_RATE)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"net:{client_network(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError):
            # As the other rate limits: a cache that cannot be reached refuses nothing.
            logger.warning("API write not counted: the cache is unreachable")
            return True


def too_many_writes_message(wait: int) -> str:
    return ngettext(
        "Too many changes in a short time. Try again in %(seconds)d second.",
        "Too many changes in a short time. Try again in %(seconds)d seconds.",
        wait,
    ) % {"seconds": wait}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with every refusal said in the user's language: the throttle's, and a
    404 from ``get_object_or_404`` (whose English text names the model: DRF would pass it on)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    # DRF's own wording ("Request was throttled"), from a throttle; a view's own refusal with its
    # own words (the token endpoint's) is kept as it is.
    if isinstance(exc, exceptions.Throttled) and str(exc.detail).startswith(
        str(exceptions.Throttled.default_detail)
    ):
        wait = max(math.ceil(getattr(exc, "wait", None) or 1), 1)
        exc = exceptions.Throttled(detail=too_many_writes_message(wait))
        exc.wait = wait  # type: ignore[attr-defined]  # DRF's handler sends it as Retry-After
    # DRF's handler sets Retry-After from ``exc.wait``.
    return exception_handler(exc, context)


UNSAFE_OPERATIONS = ("post", "put", "patch", "delete")


def declare_write_limit(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular hook: every write may be refused by the limit, so every unsafe operation
    of the schema declares its 429 (a client, and a schema fuzzer, may count on it)."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method in UNSAFE_OPERATIONS:
                operation.setdefault("responses", {}).setdefault(
                    "429",
                    {"description": "Too many writes: Retry-After says in how many seconds."},
                )
    return result
