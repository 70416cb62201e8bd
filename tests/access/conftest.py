"""The subjects of the access policy, each a real account with its real memberships, and one
request of the owner's outlet in each visibility."""

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from requests_tracker.accounts.models import Membership, Organization, OrganizationKind, Role, User
from requests_tracker.information_requests.models import InformationRequest, Visibility
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
SUBJECTS = (
    "owner",
    "colleague viewer",
    "colleague editor",
    "outlet admin",
    "ngo staff",
    "ngo admin",
    "site staff",
    "superuser",
    "outsider",
    "anonymous",
)


@pytest.fixture
def outlet(db: None) -> Organization:
    return Organization.objects.create(
        name="Редакция «Власть»", slug="vlast", kind=OrganizationKind.MEDIA_OUTLET
    )


@pytest.fixture
def monitoring_ngo(db: None) -> Organization:
    return Organization.objects.create(
        name="Әділ сөз", slug="adil-soz", kind=OrganizationKind.NGO, keeps_monitoring_dataset=True
    )


@pytest.fixture
def subjects(outlet: Organization, monitoring_ngo: Organization) -> dict[str, Any]:
    """One account per subject of the policy, by name."""

    def member(username: str, organization: Organization, role: Role, **flags: Any) -> User:
        user = User.objects.create_user(username=username, **flags)
        Membership.objects.create(user=user, organization=organization, role=role)
        return user

    return {
        "owner": member("owner", outlet, Role.JOURNALIST),
        "colleague viewer": member("viewer", outlet, Role.JOURNALIST),
        "colleague editor": member("editor", outlet, Role.EDITOR),
        "outlet admin": member("outlet-admin", outlet, Role.ADMIN, is_staff=True),
        "ngo staff": member("ngo-staff", monitoring_ngo, Role.NGO_STAFF, is_staff=True),
        "ngo admin": member("ngo-admin", monitoring_ngo, Role.ADMIN, is_staff=True),
        "site staff": User.objects.create_user(username="site-staff", is_staff=True),
        "superuser": User.objects.create_user(username="root", is_staff=True, is_superuser=True),
        "outsider": User.objects.create_user(username="outsider"),
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def request_in(
    subjects: dict[str, Any], outlet: Organization
) -> Callable[[str], InformationRequest]:
    """A request of the owner, filed for their outlet, with the given visibility."""

    def make(visibility: str) -> InformationRequest:
        information_request = make_request(
            requester=subjects["owner"],
            organization=outlet,
            subject="Источник в полиции",
            created_at=datetime(2026, 3, 2, 9, tzinfo=ALMATY),
        )
        InformationRequest.objects.filter(pk=information_request.pk).update(
            visibility=Visibility(visibility)
        )
        information_request.refresh_from_db()
        return information_request

    return make
