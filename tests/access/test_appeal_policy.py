"""Who may read and change a collective appeal: the initiating organisation's staff change it; its
members, the co-signers' members and the monitoring organisation's staff read it; nobody else."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404

from requests_tracker.access.appeals import appeal_for, can_change, can_read, readable_appeals
from requests_tracker.access.requests import Action
from requests_tracker.accounts.models import Membership, Organization, OrganizationKind, Role, User
from requests_tracker.collective.models import CollectiveAppeal, Cosigner

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def appeal(subjects: dict[str, Any], outlet: Organization) -> CollectiveAppeal:
    """An appeal of a partner NGO (not the monitoring one), co-signed by the owner's outlet."""
    initiator = Organization.objects.create(
        name="Медиа-центр", slug="media-centre", kind=OrganizationKind.NGO
    )
    for username, role in (
        ("initiator-staff", Role.NGO_STAFF),
        ("initiator-editor", Role.EDITOR),
        ("initiator-journalist", Role.JOURNALIST),
    ):
        user = User.objects.create_user(username=username)
        Membership.objects.create(user=user, organization=initiator, role=role)
    appeal = CollectiveAppeal.objects.create(
        title="Задержания журналистов",
        text="Просим сообщить число задержаний.",
        language="ru",
        initiating_organization=initiator,
        created_by=User.objects.get(username="initiator-staff"),
        created_at=datetime(2026, 3, 2, 9, tzinfo=ALMATY),
    )
    Cosigner.objects.create(
        appeal=appeal, organization=outlet, signatory_name="Дана", signatory_title="редактор"
    )
    return appeal


def subject(subjects: dict[str, Any], name: str) -> object:
    return subjects[name] if name in subjects else User.objects.get(username=name)


@pytest.mark.parametrize(
    ("name", "reads", "changes"),
    [
        ("initiator-staff", True, True),
        ("initiator-editor", True, True),
        ("initiator-journalist", True, False),
        ("colleague viewer", True, False),  # a member of the co-signing outlet
        ("outlet admin", True, False),  # the co-signing outlet's administrator
        ("ngo staff", True, False),  # the monitoring organisation's
        ("ngo admin", True, False),
        ("superuser", True, True),
        ("site staff", False, False),
        ("outsider", False, False),
        ("anonymous", False, False),
    ],
)
def test_who_reads_and_changes_a_collective_appeal(
    subjects: dict[str, Any], appeal: CollectiveAppeal, name: str, reads: bool, changes: bool
) -> None:
    user = subject(subjects, name)

    assert (can_read(user, appeal), can_change(user, appeal)) == (reads, changes)
    assert (appeal in readable_appeals(user)) is reads


def test_a_cosigners_member_asking_to_change_the_appeal_gets_a_404(
    subjects: dict[str, Any], appeal: CollectiveAppeal
) -> None:
    member = subjects["colleague viewer"]

    assert appeal_for(member, appeal.pk) == appeal
    with pytest.raises(Http404):
        appeal_for(member, appeal.pk, action=Action.CHANGE)


def test_an_appeal_cosigned_twice_is_listed_once(
    subjects: dict[str, Any], appeal: CollectiveAppeal
) -> None:
    other = Organization.objects.create(name="Другая редакция", slug="other", kind="media_outlet")
    Membership.objects.create(user=subjects["owner"], organization=other, role=Role.JOURNALIST)
    Cosigner.objects.create(
        appeal=appeal, organization=other, signatory_name="Дана", signatory_title="редактор"
    )

    assert list(readable_appeals(subjects["owner"])) == [appeal]
