"""Every "do it" action runs once per intent: a repeated post returns the first result.

A page's form carries a fresh key (``{% idempotency_field %}``); a script posting to a page may
send an ``Idempotency-Key`` header instead. The first post with a key does the work and stores
its answer (the redirect, or the status and body) in the same transaction, under a unique
constraint; a later post with the key gets that answer back and changes nothing. A post that
failed with an exception stored nothing, so it may be tried again. Posts without a key behave as
before.
"""

import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_tracker.core.models import IdempotencyKey

FORM_FIELD = "idempotency_key"
HEADER = "Idempotency-Key"
# A key is kept long enough to catch a double click or a client's retries, then pruned.
KEEP_FOR = timedelta(days=2)
KEY_LENGTH = IdempotencyKey._meta.get_field("key").max_length or 64

View = Callable[..., HttpResponse]


def new_key() -> str:
    return uuid.uuid4().hex


def _key_of(request: HttpRequest) -> str | None:
    key = request.headers.get(HEADER) or request.POST.get(FORM_FIELD) or ""
    key = key.strip()
    return key or None


def _replay(record: IdempotencyKey) -> HttpResponse:
    if record.location:
        return HttpResponseRedirect(record.location, status=record.status_code)
    return HttpResponse(
        bytes(record.content), status=record.status_code, content_type=record.content_type or None
    )


def _conflict() -> HttpResponse:
    return HttpResponse(
        _("This key was already used for another action. Reload the page and try again."),
        status=422,
        content_type="text/plain; charset=utf-8",
    )


def _too_long() -> HttpResponse:
    return HttpResponse(
        _("The idempotency key is longer than %(length)d characters.") % {"length": KEY_LENGTH},
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def _store(user_id: int, key: str, method_path: str, response: HttpResponse) -> None:
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    IdempotencyKey.objects.create(
        user_id=user_id,
        key=key,
        method_path=method_path,
        status_code=response.status_code,
        location=location,
        content_type="" if location else response.get("Content-Type", ""),
        content=b"" if location else getattr(response, "content", b""),
        created_at=timezone.now(),
    )


def run_once(request: HttpRequest, do: Callable[[], HttpResponse]) -> HttpResponse:
    """Run ``do`` unless this user already posted the request's key; answer as the first time."""
    key = _key_of(request)
    if request.method != "POST" or key is None or not request.user.is_authenticated:
        return do()
    if len(key) > KEY_LENGTH:
        return _too_long()
    method_path = f"{request.method} {request.path}"[:400]
    try:
        with transaction.atomic():
            # A second post at once waits here on the unique key until the first commits.
            done = IdempotencyKey.objects.filter(user=request.user, key=key).first()
            if done is not None:
                return _replay(done) if done.method_path == method_path else _conflict()
            response = do()
            if response.status_code >= 500:
                return response
            _store(request.user.pk, key, method_path, response)
            return response
    except IntegrityError:
        # Another post with the key committed first (its insert beat ours): answer as it did.
        done = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if done is None:
            raise
        return _replay(done) if done.method_path == method_path else _conflict()


def idempotent(view: View) -> View:
    """Decorate a page's function view that does something on POST."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return run_once(request, lambda: view(request, *args, **kwargs))

    return wrapper


def prune_keys(*, now: Any) -> int:
    """Forget keys older than KEEP_FOR; returns how many were deleted."""
    deleted, _rows = IdempotencyKey.objects.filter(created_at__lt=now - KEEP_FOR).delete()
    return deleted
