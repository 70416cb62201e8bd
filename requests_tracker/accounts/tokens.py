"""Personal API tokens: made with a key shown once, found by the key's hash, revoked for good."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from requests_tracker.accounts.models import ApiToken, User

PREFIX_LENGTH = 8
# A token used again within this time is not written again: one UPDATE a minute at most.
LAST_USED_PRECISION = timedelta(minutes=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its key: the only time the key exists outside its holder."""

    token: ApiToken
    key: str


@transaction.atomic
def create_api_token(*, user: User, name: str, now: datetime) -> NewToken:
    """A new token of ``user``; its key is returned here and never stored in clear."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        key_hash=key_hash(key),
        prefix=key[:PREFIX_LENGTH],
        created_at=now,
    )
    return NewToken(token=token, key=key)


def revoke_api_token(*, token: ApiToken, now: datetime) -> ApiToken:
    """Revoke ``token`` for good (revoking it again keeps the first time)."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.refresh_from_db(fields=["revoked_at"])
    return token


def active_token(key: str) -> ApiToken | None:
    """The unrevoked token of an active user with this key, or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def note_use(*, token: ApiToken, now: datetime) -> None:
    """Record when ``token`` was last used, to the minute."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
