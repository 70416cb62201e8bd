"""Who may see and who may change a request, checked on every object, in every page."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from requests_tracker.accounts.models import Membership, Role, User
from requests_tracker.information_requests.models import InformationRequest, Visibility

# Organisation members who may act on a request shared with their organisation.
EDITING_ROLES = (Role.EDITOR, Role.NGO_STAFF, Role.ADMIN)


def visible_requests(user: Any) -> QuerySet[InformationRequest]:
    """The requests ``user`` may see: their own and those shared with their organisations."""
    if not user.is_authenticated:
        return InformationRequest.objects.none()
    organizations = Membership.objects.filter(user=user).values("organization_id")
    return InformationRequest.objects.filter(
        Q(requester=user) | Q(visibility=Visibility.ORGANIZATION, organization_id__in=organizations)
    )


def can_change(user: Any, information_request: InformationRequest) -> bool:
    if not user.is_authenticated:
        return False
    if information_request.requester_id == user.pk:
        return True
    return (
        information_request.visibility == Visibility.ORGANIZATION
        and information_request.organization_id is not None
        and Membership.objects.filter(
            user=user,
            organization_id=information_request.organization_id,
            role__in=EDITING_ROLES,
        ).exists()
    )


def request_for(user: Any, pk: int, *, change: bool = False) -> InformationRequest:
    """The request if ``user`` may see it (or change it); a 404 otherwise, never the data."""
    information_request = get_object_or_404(
        InformationRequest.objects.select_related(
            "public_body__jurisdiction", "public_body__superior_body", "requester", "organization"
        ),
        pk=pk,
    )
    allowed = (
        can_change(user, information_request)
        if change
        else information_request.is_visible_to(user)
        or visible_requests(user).filter(pk=pk).exists()
    )
    if not allowed:
        raise Http404
    return information_request


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind ``login_required``."""
    assert isinstance(request.user, User)
    return request.user
