"""Rate limits on the actions that send email or hand out credentials: sign-up, password reset and
API token creation, each counted per client address and per address typed (email or username).

Counting is django-ratelimit's (a fixed window per key in the RATELIMIT_USE_CACHE cache, shared
by every web process through Redis); the rates are settings (RATE_LIMITS). Every attempt counts,
a refused one too, and a refused request reaches no view: no account, no email, no token.
"""

import ipaddress
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponseBase]


def client_ip(request: HttpRequest | Request) -> str:
    """The address of the client: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the
    address the outermost of them saw, read from the right of X-Forwarded-For (entries further
    left were written by the client and prove nothing). Empty when there is no valid address."""
    candidates = [str(request.META.get("REMOTE_ADDR") or "")]
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            entry.strip()
            for entry in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if entry.strip()
        ]
        if len(forwarded) >= proxies:
            candidates.insert(0, forwarded[-proxies])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return ""


def client_network(request: HttpRequest | Request) -> str:
    """What one client is counted as: its IPv4 address, or the /64 network of its IPv6 address
    (one household or phone gets a whole /64, and changing address inside it is free)."""
    address = client_ip(request)
    if not address:
        return "unknown"
    prefix = 64 if ":" in address else 32
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


@dataclass(frozen=True)
class Exceeded:
    """A refused attempt: which limit refused it, and in how many seconds it would pass."""

    group: str
    wait_seconds: int

    @property
    def wait(self) -> timedelta:
        return timedelta(seconds=self.wait_seconds)


def count_attempt(request: HttpRequest | Request, *, group: str, address: str) -> Exceeded | None:
    """Count one attempt of ``group`` for the client's IP and for ``address`` (an email or a
    username, compared without case); return how it is refused when either is over its limit.

    A cache that cannot be reached refuses nothing (logged): sign-up and reset keep working
    through a Redis outage, unlimited for its length.
    """
    rates: Mapping[str, str] = settings.RATE_LIMITS[group]
    keys: dict[str, Callable[[str, HttpRequest], str]] = {
        "ip": lambda _group, request: client_network(request),
        "address": lambda _group, _request: address.strip().lower(),
    }
    waits: list[int] = []
    for scope, key in keys.items():
        try:
            usage = get_usage(
                request, group=f"{group}:{scope}", key=key, rate=rates[scope], increment=True
            )
        except (RedisError, OSError):
            logger.warning("Rate limit %s:%s not counted: the cache is unreachable", group, scope)
            continue
        if usage is not None and usage["should_limit"]:
            waits.append(max(int(usage["time_left"]), 1))
    if not waits:
        return None
    return Exceeded(group=group, wait_seconds=max(waits))


def rate_limited(*, group: str, address_field: str) -> Callable[[View], View]:
    """Refuse a form's POST with a 429 page once the client's IP or the address typed in
    ``address_field`` has made more attempts than RATE_LIMITS[group] allows."""

    def decorator(view: View) -> View:
        @wraps(view)
        def limited_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST":
                exceeded = count_attempt(
                    request, group=group, address=str(request.POST.get(address_field, ""))
                )
                if exceeded is not None:
                    return too_many_attempts_page(request, exceeded)
            return view(request, *args, **kwargs)

        return limited_view

    return decorator


def too_many_attempts_page(request: HttpRequest, exceeded: Exceeded) -> HttpResponse:
    response = render(request, "accounts/rate_limited.html", {"wait": exceeded.wait}, status=429)
    response["Retry-After"] = str(exceeded.wait_seconds)
    return response


class TooManyAttempts(APIException):
    """429 for the API, with Retry-After (DRF's exception handler sets it from ``wait``)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"

    def __init__(self, detail: str, *, wait: int) -> None:
        super().__init__(detail)
        self.wait = wait
