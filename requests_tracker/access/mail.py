"""Who may read and act on email: a request's emails go with the request; a held message (one
the tracker could not file) is read and filed only by NGO staff and superusers, since it may
belong to anyone's private request."""

from typing import Any

from django.db.models import Q, QuerySet

from requests_tracker.access.requests import changeable_requests, readable_requests
from requests_tracker.accounts.roles import is_ngo_staff
from requests_tracker.mail.models import IncomingEmail, OutgoingEmail


def readable_outgoing(user: Any) -> QuerySet[OutgoingEmail]:
    return OutgoingEmail.objects.filter(
        information_request__in=readable_requests(user).values("pk")
    )


def changeable_outgoing(user: Any) -> QuerySet[OutgoingEmail]:
    """Emails ``user`` may send again or stop trying: those of requests they may change."""
    return OutgoingEmail.objects.filter(
        information_request__in=changeable_requests(user).values("pk")
    )


def may_handle_held_messages(user: Any) -> bool:
    return is_ngo_staff(user)


def readable_incoming(user: Any) -> QuerySet[IncomingEmail]:
    """Messages filed on a request ``user`` may read, and, for NGO staff, those filed on none
    (the holding queue, and what they discarded from it)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return IncomingEmail.objects.all()
    filed = Q(information_request__in=readable_requests(user).values("pk"))
    if may_handle_held_messages(user):
        return IncomingEmail.objects.filter(filed | Q(information_request__isnull=True))
    return IncomingEmail.objects.filter(filed)


def changeable_incoming(user: Any) -> QuerySet[IncomingEmail]:
    """Messages ``user`` may file or discard: the unfiled ones, for NGO staff and superusers."""
    if not may_handle_held_messages(user):
        return IncomingEmail.objects.none()
    return IncomingEmail.objects.filter(information_request__isnull=True)


def filing_needs_owner_warning(user: Any, information_request: Any) -> bool:
    """Whether ``user`` filing a held message on ``information_request`` must first confirm a
    warning naming its owner: it is a request of another user, whose owner would be alerted and
    read the message (a message filed on the wrong request discloses it)."""
    return bool(information_request.requester_id != getattr(user, "pk", None))
