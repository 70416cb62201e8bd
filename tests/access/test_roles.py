"""NGO staff are the staff of the organisation that keeps the monitoring dataset: not an outlet's
administrator, not a site staff account, not an NGO that does not keep it."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from requests_tracker.accounts.models import Membership, Organization, OrganizationKind, Role, User
from requests_tracker.accounts.roles import is_ngo_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "keeps_dataset", "role", "flags", "expected"),
    [
        (OrganizationKind.NGO, True, Role.NGO_STAFF, {}, True),
        (OrganizationKind.NGO, True, Role.ADMIN, {}, True),
        (OrganizationKind.NGO, True, Role.EDITOR, {}, False),
        (OrganizationKind.NGO, True, Role.JOURNALIST, {}, False),
        (OrganizationKind.NGO, True, Role.NGO_STAFF, {"is_active": False}, False),
        (OrganizationKind.NGO, False, Role.NGO_STAFF, {}, False),
        (OrganizationKind.MEDIA_OUTLET, False, Role.ADMIN, {}, False),
        (OrganizationKind.MEDIA_OUTLET, False, Role.ADMIN, {"is_staff": True}, False),
        (None, False, None, {"is_staff": True}, False),
        (None, False, None, {"is_staff": True, "is_superuser": True}, True),
        (None, False, None, {}, False),
    ],
    ids=[
        "monitoring ngo's staff",
        "monitoring ngo's administrator",
        "monitoring ngo's editor",
        "monitoring ngo's journalist",
        "deactivated ngo staff",
        "staff of an ngo that keeps no dataset",
        "media outlet's administrator",
        "media outlet's administrator with the admin open",
        "site staff alone",
        "superuser",
        "nobody in particular",
    ],
)
def test_who_keeps_the_monitoring_dataset(
    kind: OrganizationKind | None,
    keeps_dataset: bool,
    role: Role | None,
    flags: dict[str, Any],
    expected: bool,
) -> None:
    # given
    user = User.objects.create_user(username="someone", **flags)
    if kind is not None and role is not None:
        organization = Organization.objects.create(
            name="Организация", slug="org", kind=kind, keeps_monitoring_dataset=keeps_dataset
        )
        Membership.objects.create(user=user, organization=organization, role=role)

    # when / then
    assert is_ngo_staff(user) is expected


def test_an_anonymous_visitor_keeps_nothing() -> None:
    assert is_ngo_staff(AnonymousUser()) is False
