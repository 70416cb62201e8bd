"""The superusers' access log: every look at, or change of, a private request that is not theirs.

Superusers may read everything, so the log is what keeps that power accountable: it says who
opened which request and when, and only superusers read it (the admin lists it read-only).
"""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from requests_tracker.accounts.models import AccessKind, AccessLogEntry
from requests_tracker.accounts.roles import is_signed_in
from requests_tracker.information_requests.models import InformationRequest, Visibility


def is_someone_elses_private(user: Any, information_request: InformationRequest) -> bool:
    return (
        information_request.visibility == Visibility.PRIVATE
        and information_request.requester_id != getattr(user, "pk", None)
    )


def record_access(
    *, user: Any, information_request: InformationRequest, kind: AccessKind, path: str = ""
) -> AccessLogEntry | None:
    """Log a superuser's access to someone else's private request; anyone else's is not logged
    (their access is their own request's, or refused before this)."""
    if not getattr(user, "is_superuser", False):
        return None
    if not is_someone_elses_private(user, information_request):
        return None
    return AccessLogEntry.objects.create(
        user=user,
        at=timezone.now(),
        information_request_id=information_request.pk,
        kind=kind,
        path=path[:500],
    )


def may_read_log(user: Any) -> bool:
    """The log is read by active superusers only; nobody changes or deletes an entry."""
    return is_signed_in(user) and bool(user.is_superuser)


def readable_log_entries(user: Any) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.all() if may_read_log(user) else AccessLogEntry.objects.none()
