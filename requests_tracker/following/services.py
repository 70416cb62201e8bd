"""Following and unfollowing: a request, a public body, or the public search's parameters.

Who may follow what is decided by ``access/following.py``; these services take the target as
found there. Following twice is one follow (``one_follow_per_user_and_target``).
"""

import hashlib
import json
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import BodyKind, PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.following.models import Follow, FollowFeed, FollowKind
from requests_tracker.following.public import public_subject
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.status import Status

# The public search's parameters (search.queries.published_matches), in the order shown.
SEARCH_PARAMETERS = ("q", "body", "body_kind", "region", "law", "status", "year")
MAX_PARAMETER_LENGTH = 200
LABEL_LENGTH = 300


def request_key(information_request_id: int) -> str:
    return f"request:{information_request_id}"


def body_key(public_body_id: int) -> str:
    return f"body:{public_body_id}"


def search_params_of(query: Mapping[str, str]) -> dict[str, str]:
    """The search's own parameters from a query string: known ones, trimmed, empty ones left out.

    A value too long or a search without any parameter is refused (DomainError).
    """
    params: dict[str, str] = {}
    for name in SEARCH_PARAMETERS:
        value = " ".join(str(query.get(name) or "").split())
        if len(value) > MAX_PARAMETER_LENGTH:
            raise DomainError(
                _("A search term is longer than %(length)d characters.")
                % {"length": MAX_PARAMETER_LENGTH}
            )
        if value:
            params[name] = value
    if not params:
        raise DomainError(_("Search for something first: an empty search cannot be followed."))
    return params


def search_key(params: Mapping[str, str]) -> str:
    canonical = json.dumps(dict(sorted(params.items())), ensure_ascii=False, separators=(",", ":"))
    return "search:" + hashlib.sha256(canonical.encode()).hexdigest()


def search_label(params: Mapping[str, str]) -> str:
    """The search in words, in the active language: «бюджет», Police, KZ-75."""
    kinds = dict(BodyKind.choices)
    statuses = dict(Status.choices)
    parts = []
    for name in SEARCH_PARAMETERS:
        value = params.get(name)
        if not value:
            continue
        if name == "q":
            parts.append(f"«{value}»")
        elif name == "body_kind":
            parts.append(str(kinds.get(value, value)))
        elif name == "status":
            parts.append(str(statuses.get(value, value)))
        else:
            parts.append(value)
    return (_("Search: %(terms)s") % {"terms": ", ".join(parts)})[:LABEL_LENGTH]


def _follow(*, user: User, key: str, **values: object) -> Follow:
    """The user's follow of the target ``key``: created, or the one there already."""
    try:
        with transaction.atomic():
            follow, _created = Follow.objects.get_or_create(
                user=user, target_key=key, defaults=values
            )
    except IntegrityError:  # created at the same moment by a second post
        follow = Follow.objects.get(user=user, target_key=key)
    return follow


def follow_request(*, user: User, information_request: InformationRequest) -> Follow:
    return _follow(
        user=user,
        key=request_key(information_request.pk),
        kind=FollowKind.REQUEST,
        information_request=information_request,
        label=public_subject(information_request)[:LABEL_LENGTH],
    )


def follow_body(*, user: User, public_body: PublicBody) -> Follow:
    return _follow(
        user=user,
        key=body_key(public_body.pk),
        kind=FollowKind.BODY,
        public_body=public_body,
        label=public_body.name[:LABEL_LENGTH],
    )


def follow_search(*, user: User, params: Mapping[str, str]) -> Follow:
    return _follow(
        user=user,
        key=search_key(params),
        kind=FollowKind.SEARCH,
        search_params=dict(params),
        label=search_label(params),
    )


def unfollow(*, user: User, key: str) -> bool:
    """Stop following the target ``key``; its unsent emails go with it. True if it was followed."""
    deleted, _rows = Follow.objects.filter(user=user, target_key=key).delete()
    return bool(deleted)


def unsubscribe(*, follow: Follow) -> None:
    """The unsubscribe link: the follow and its unsent emails are deleted."""
    Follow.objects.filter(pk=follow.pk).delete()


def follow_feed_for(user: User) -> FollowFeed:
    """The user's private Atom feed, created with a fresh token on first use."""
    feed, _created = FollowFeed.objects.get_or_create(user=user)
    return feed
