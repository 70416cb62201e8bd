"""Who may read, change and publish a request: every subject on every visibility, worked out from
the policy table by hand (a missing cell here is a decision nobody made)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404

from requests_tracker.access.requests import (
    Action,
    can_change,
    can_publish,
    can_read,
    public_requests,
    readable_requests,
    request_for,
)
from requests_tracker.information_requests.models import InformationRequest

pytestmark = pytest.mark.django_db

# subject: (private, organisation, public), True where the subject may.
READ = {
    "owner": (True, True, True),
    "colleague viewer": (False, True, True),
    "colleague editor": (False, True, True),
    "outlet admin": (False, True, True),
    "ngo staff": (False, False, False),
    "ngo admin": (False, False, False),
    "site staff": (False, False, False),
    "superuser": (True, True, True),
    "outsider": (False, False, False),
    "anonymous": (False, False, False),
}
CHANGE = {
    "owner": (True, True, True),
    "colleague viewer": (False, False, False),
    "colleague editor": (False, True, True),
    "outlet admin": (False, True, True),
    "ngo staff": (False, False, False),
    "ngo admin": (False, False, False),
    "site staff": (False, False, False),
    "superuser": (True, True, True),
    "outsider": (False, False, False),
    "anonymous": (False, False, False),
}
PUBLISH = {
    "owner": (True, True, True),
    "colleague viewer": (False, False, False),
    "colleague editor": (False, False, False),
    "outlet admin": (False, False, False),
    "ngo staff": (False, False, False),
    "ngo admin": (False, False, False),
    "site staff": (False, False, False),
    "superuser": (True, True, True),
    "outsider": (False, False, False),
    "anonymous": (False, False, False),
}
VISIBILITIES = ("private", "organization", "public")


def cells(table: dict[str, tuple[bool, bool, bool]]) -> list[tuple[str, str, bool]]:
    return [
        (subject, visibility, allowed)
        for subject, row in table.items()
        for visibility, allowed in zip(VISIBILITIES, row, strict=True)
    ]


@pytest.mark.parametrize(("subject", "visibility", "allowed"), cells(READ))
def test_who_reads_the_full_request(
    subjects: dict[str, Any],
    request_in: Callable[[str], InformationRequest],
    subject: str,
    visibility: str,
    allowed: bool,
) -> None:
    # given
    information_request = request_in(visibility)
    user = subjects[subject]

    # when
    decided = can_read(user, information_request)
    listed = information_request in readable_requests(user)

    # then
    assert (decided, listed) == (allowed, allowed)


@pytest.mark.parametrize(("subject", "visibility", "allowed"), cells(CHANGE))
def test_who_changes_the_request(
    subjects: dict[str, Any],
    request_in: Callable[[str], InformationRequest],
    subject: str,
    visibility: str,
    allowed: bool,
) -> None:
    information_request = request_in(visibility)

    assert can_change(subjects[subject], information_request) is allowed


@pytest.mark.parametrize(("subject", "visibility", "allowed"), cells(PUBLISH))
def test_who_publishes_or_unpublishes_the_request(
    subjects: dict[str, Any],
    request_in: Callable[[str], InformationRequest],
    subject: str,
    visibility: str,
    allowed: bool,
) -> None:
    information_request = request_in(visibility)

    assert can_publish(subjects[subject], information_request) is allowed


@pytest.mark.parametrize(
    ("visibility", "on_the_public_page"),
    [("private", False), ("organization", False), ("public", True)],
)
def test_only_a_published_request_has_a_public_page(
    request_in: Callable[[str], InformationRequest], visibility: str, on_the_public_page: bool
) -> None:
    information_request = request_in(visibility)

    assert (information_request in public_requests()) is on_the_public_page


@pytest.mark.parametrize("action", [Action.READ, Action.CHANGE, Action.PUBLISH])
def test_a_refusal_is_the_404_of_a_missing_request(
    subjects: dict[str, Any],
    request_in: Callable[[str], InformationRequest],
    action: Action,
) -> None:
    # given: a published request, and an account with no relation to it
    information_request = request_in("public")

    # when / then: the outsider is told what a missing id tells
    with pytest.raises(Http404):
        request_for(subjects["outsider"], information_request.pk, action=action)
    with pytest.raises(Http404):
        request_for(subjects["owner"], information_request.pk + 1000, action=action)
    assert request_for(subjects["owner"], information_request.pk, action=action) == (
        information_request
    )


def test_a_deactivated_owner_reads_nothing(
    subjects: dict[str, Any], request_in: Callable[[str], InformationRequest]
) -> None:
    information_request = request_in("private")
    owner = subjects["owner"]
    owner.is_active = False
    owner.save()

    assert (can_read(owner, information_request), can_change(owner, information_request)) == (
        False,
        False,
    )
