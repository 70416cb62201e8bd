"""An NGO with its staff, a media outlet that co-signs, an outsider, and the bodies addressed."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pytest_django.fixtures import Settings

from requests_tracker.accounts.models import Membership, Organization, OrganizationKind, Role, User
from requests_tracker.bodies.models import PublicBody, Region
from requests_tracker.collective.models import CollectiveAppeal
from requests_tracker.collective.services import create_appeal
from requests_tracker.laws.models import LegalRule
from tests.factories import OrganizationFactory, UserFactory

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)
MINISTRY = "ministry-internal-affairs"
TEXT = "1. Сколько журналистов задержано в 2026 году?\n2. По каким статьям?"


@pytest.fixture
def undo_window(settings: Settings) -> None:
    """Ten minutes to change one's mind, whatever the environment says."""
    settings.COLLECTIVE_UNDO_MINUTES = 10


@pytest.fixture
def ngo(db: None) -> Organization:
    return OrganizationFactory.create(
        name="Фонд защиты свободы слова «Әділ сөз»",
        slug="adil-soz",
        kind=OrganizationKind.NGO,
        keeps_monitoring_dataset=True,
    )


@pytest.fixture
def staff(ngo: Organization) -> User:
    user = UserFactory.create(username="timur", first_name="Тимур", last_name="Ахметов")
    Membership.objects.create(user=user, organization=ngo, role=Role.NGO_STAFF)
    return user


@pytest.fixture
def outlet(db: None) -> Organization:
    return OrganizationFactory.create(name="Редакция «Власть»", slug="vlast")


@pytest.fixture
def outlet_member(outlet: Organization) -> User:
    user = UserFactory.create(username="dana")
    Membership.objects.create(user=user, organization=outlet, role=Role.JOURNALIST)
    return user


@pytest.fixture
def outsider(db: None) -> User:
    return UserFactory.create(username="outsider")


@pytest.fixture
def appeal(staff: User, ngo: Organization) -> CollectiveAppeal:
    return create_appeal(
        title="Задержания журналистов",
        text=TEXT,
        legal_rules=LegalRule.objects.filter(rule_id="KZ.ATI.11.response"),
        language="ru",
        organization=ngo,
        user=staff,
        now=NOW,
    )


def regional_police() -> list[PublicBody]:
    """The 20 regional police departments: the ministry's police subordinates with a region."""
    return list(
        PublicBody.objects.filter(
            superior_body__slug=MINISTRY, kind="police", region__in=Region.objects.all()
        )
    )


def all_region_codes() -> list[str]:
    return list(Region.objects.filter(jurisdiction__code="KZ").values_list("code", flat=True))
