"""Who may read, change and publish a request.

| action                      | private          | organisation              | public            |
|-----------------------------|------------------|---------------------------|-------------------|
| read the full page          | owner, superuser | owner, colleagues, su     | same as org       |
| read the public page        | nobody           | nobody                    | everyone          |
| change                      | owner, superuser | owner, colleague editor   | same as org       |
| publish (change visibility) | owner, superuser | owner, superuser          | owner, superuser  |

Colleagues are the members of the request's organisation; editors are its ``EDITING_ROLES``.
Publishing opens the public page only: the full page, its notes, letters and evidence stay with
the requester and those they share it with. NGO staff have no rights here as NGO staff.
"""

from enum import Enum
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from requests_tracker.access.log import record_access
from requests_tracker.accounts.models import AccessKind
from requests_tracker.accounts.roles import EDITING_ROLES, is_signed_in, organization_ids
from requests_tracker.information_requests.models import InformationRequest, Visibility

SHARED = (Visibility.ORGANIZATION, Visibility.PUBLIC)


class Action(Enum):
    READ = "read"
    CHANGE = "change"
    PUBLISH = "publish"


def readable_requests(user: Any) -> QuerySet[InformationRequest]:
    """The requests whose full page ``user`` may read."""
    if not is_signed_in(user):
        return InformationRequest.objects.none()
    if user.is_superuser:
        return InformationRequest.objects.all()
    return InformationRequest.objects.filter(
        Q(requester=user) | Q(visibility__in=SHARED, organization_id__in=organization_ids(user))
    )


def readable_request_parts(user: Any) -> list[QuerySet[InformationRequest]]:
    """``readable_requests(user)`` as parts whose union it is: the user's own requests, then
    those shared with each of the user's organisations, one part each (a superuser: one part,
    every request). A request can be in more than one part; each part filters on one value of
    one column, so that an index leading with that column reads it in order."""
    if not is_signed_in(user):
        return [InformationRequest.objects.none()]
    if user.is_superuser:
        return [InformationRequest.objects.all()]
    organizations = organization_ids(user).order_by("organization_id")  # one membership each
    return [
        InformationRequest.objects.filter(requester=user),
        *(
            InformationRequest.objects.filter(visibility__in=SHARED, organization_id=organization)
            for organization in organizations.values_list("organization_id", flat=True)
        ),
    ]


def changeable_requests(user: Any) -> QuerySet[InformationRequest]:
    """The requests ``user`` may change (record an event, escalate, send, submit)."""
    if not is_signed_in(user):
        return InformationRequest.objects.none()
    if user.is_superuser:
        return InformationRequest.objects.all()
    return InformationRequest.objects.filter(
        Q(requester=user)
        | Q(
            visibility__in=SHARED,
            organization_id__in=organization_ids(user, roles=EDITING_ROLES),
        )
    )


def publishable_requests(user: Any) -> QuerySet[InformationRequest]:
    """The requests whose visibility ``user`` may change: their own (a superuser: any)."""
    if not is_signed_in(user):
        return InformationRequest.objects.none()
    if user.is_superuser:
        return InformationRequest.objects.all()
    return InformationRequest.objects.filter(requester=user)


def public_requests() -> QuerySet[InformationRequest]:
    """The requests whose public page anyone, signed in or not, may read."""
    return InformationRequest.objects.filter(visibility=Visibility.PUBLIC)


ALLOWED = {
    Action.READ: readable_requests,
    Action.CHANGE: changeable_requests,
    Action.PUBLISH: publishable_requests,
}


def may(user: Any, action: Action, information_request: InformationRequest) -> bool:
    return ALLOWED[action](user).filter(pk=information_request.pk).exists()


def can_read(user: Any, information_request: InformationRequest) -> bool:
    return may(user, Action.READ, information_request)


def can_change(user: Any, information_request: InformationRequest) -> bool:
    return may(user, Action.CHANGE, information_request)


def can_publish(user: Any, information_request: InformationRequest) -> bool:
    return may(user, Action.PUBLISH, information_request)


def request_for(user: Any, pk: int, *, action: Action = Action.READ) -> InformationRequest:
    """The request if ``user`` may do ``action`` on it; a 404 otherwise, never the data.

    A superuser's read or change of someone else's private request is written to the access log.
    """
    information_request = get_object_or_404(
        ALLOWED[action](user).select_related(
            "public_body__jurisdiction", "public_body__superior_body", "requester", "organization"
        ),
        pk=pk,
    )
    record_access(
        user=user,
        information_request=information_request,
        kind=AccessKind.READ if action is Action.READ else AccessKind.CHANGE,
    )
    return information_request


def public_request_for(pk: int) -> InformationRequest:
    """A published request, for its public page; a 404 for any other."""
    return get_object_or_404(
        public_requests().select_related("public_body", "requester", "organization"), pk=pk
    )
