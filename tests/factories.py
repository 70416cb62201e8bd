"""factory_boy factories with realistic defaults; reference rows come from the loaded data."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import factory

from requests_tracker.accounts.models import Membership, Organization, OrganizationKind, Role, User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import create_request
from requests_tracker.laws.models import LegalRule

ALMATY = ZoneInfo("Asia/Almaty")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"journalist{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Дана"
    last_name = "Журналистова"
    password = factory.django.Password("correct horse battery staple")


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Редакция №{n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")
    kind = OrganizationKind.MEDIA_OUTLET


def make_ngo_staff(*, username: str = "ngo-reviewer", role: Role = Role.NGO_STAFF) -> User:
    """A member of the organisation that keeps the monitoring dataset (made once)."""
    ngo, _created = Organization.objects.get_or_create(
        slug="monitoring-ngo",
        defaults={
            "name": "Фонд защиты свободы слова",
            "kind": OrganizationKind.NGO,
            "keeps_monitoring_dataset": True,
        },
    )
    user: User = UserFactory.create(username=username)
    Membership.objects.create(user=user, organization=ngo, role=role)
    return user


def make_request(
    *,
    body_slug: str = "police-kz-75",
    rule_ids: tuple[str, ...] = ("KZ.ATI.11.response",),
    created_at: datetime | None = None,
    **overrides: Any,
) -> InformationRequest:
    """A draft request through the service, as a user would create it."""
    values: dict[str, Any] = {
        "requester": overrides.pop("requester", None) or UserFactory(),
        "public_body": PublicBody.objects.get(slug=body_slug),
        "legal_rules": LegalRule.objects.filter(rule_id__in=rule_ids),
        "subject": "Статистика обращений",
        "text": "Прошу сообщить число обращений за 2026 год.",
        "language": "ru",
        "created_at": created_at or datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY),
    }
    values.update(overrides)
    return create_request(**values)
