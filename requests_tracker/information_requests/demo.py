"""Demo accounts and requests for the local run: a journalist, NGO staff, requests in each state."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from requests_tracker.accounts.models import Membership, Organization, OrganizationKind, Role, User
from requests_tracker.bodies.contacts import add_contact
from requests_tracker.bodies.models import ContactKind, ContactOrigin, PublicBody
from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.publishing import change_visibility
from requests_tracker.information_requests.services import create_request, record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import LegalRule

DEMO_PASSWORD = "demo-tracker-2026"
NGO_STAFF_GROUP = "NGO staff"
# NGO staff keep the monitoring dataset and read everything else in the admin.
NGO_STAFF_PERMISSIONS = {
    "monitoring": ("view", "add", "change"),
    "information_requests": ("view",),
    "bodies": ("view", "add", "change"),
    "laws": ("view",),
    "accounts": ("view",),
    # The holding queue: they file or discard held messages (the policy limits which).
    "mail": ("view", "change"),
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    email: str
    first_name: str
    last_name: str
    role: Role
    is_staff: bool


JOURNALIST = DemoAccount(
    "journalist", "journalist@example.org", "Айгерим", "Садыкова", Role.JOURNALIST, False
)
NGO_STAFF = DemoAccount("ngo", "ngo@example.org", "Тимур", "Ахметов", Role.NGO_STAFF, True)


@transaction.atomic
def seed_demo(*, now: datetime) -> list[str]:
    """Create the demo accounts and requests once (a second run adds nothing); say what was made."""
    done: list[str] = []
    outlet, _ = Organization.objects.get_or_create(
        slug="demo-outlet",
        defaults={"name": "Демо-издание «Ашық ақпарат»", "kind": OrganizationKind.MEDIA_OUTLET},
    )
    ngo, _ = Organization.objects.get_or_create(
        slug="demo-ngo",
        defaults={
            "name": "Демо-фонд защиты свободы слова",
            "kind": OrganizationKind.NGO,
            "keeps_monitoring_dataset": True,
        },
    )
    journalist = _account(JOURNALIST, outlet, done)
    staff = _account(NGO_STAFF, ngo, done)
    staff.groups.add(_ngo_staff_group())
    _demo_contacts(now=now, done=done)
    if InformationRequest.objects.filter(requester=journalist).exists():
        return done
    _demo_requests(journalist=journalist, organization=outlet, now=now)
    done.append(f"{InformationRequest.objects.filter(requester=journalist).count()} demo requests")
    return done


# Example contacts of the bodies the demo requests go to, under the reserved domain example.invalid
# (RFC 6761: it never resolves, so nothing leaves a local run): (slug, email, postal address).
DEMO_CONTACTS = (
    ("police-kz-75", "kense@police-almaty.example.invalid", "050000, г. Алматы, ул. Примерная, 1"),
    (
        "prosecutor-kz-71",
        "kense@prokuratura-astana.example.invalid",
        "010000, г. Астана, пр. Демо, 2",
    ),
    ("akimat-kz-79", "kense@akimat-shymkent.example.invalid", "160000, г. Шымкент, ул. Демо, 3"),
    ("ministry-internal-affairs", "kense@mvd.example.invalid", "010000, г. Астана, ул. Демо, 4"),
    ("police-kz-35", "kense@police-karaganda.example.invalid", "100000, г. Караганда, ул. Демо, 5"),
    (
        "akimat-kz-19",
        "kense@akimat-almaty-oblast.example.invalid",
        "040000, г. Қонаев, ул. Демо, 6",
    ),
)
DEMO_SOURCE_NOTE = "demo data"


def _demo_contacts(*, now: datetime, done: list[str]) -> None:
    """An example email and postal address for each demo body, marked as demo data; once."""
    made = 0
    for slug, email, address in DEMO_CONTACTS:
        body = PublicBody.objects.get(slug=slug)
        for kind, value in ((ContactKind.EMAIL, email), (ContactKind.POSTAL_ADDRESS, address)):
            if body.contacts.filter(kind=kind, origin=ContactOrigin.DEMO).exists():
                continue
            add_contact(
                body=body,
                kind=kind,
                value=value,
                source_note=DEMO_SOURCE_NOTE,
                checked_on=None,
                origin=ContactOrigin.DEMO,
                added_by=None,
                now=now,
            )
            made += 1
    if made:
        done.append(f"{made} demo contacts")


def _account(account: DemoAccount, organization: Organization, done: list[str]) -> User:
    user, created = User.objects.get_or_create(
        username=account.username,
        defaults={
            "email": account.email,
            "first_name": account.first_name,
            "last_name": account.last_name,
            "is_staff": account.is_staff,
            "preferred_language": "ru",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        done.append(f"account {account.username}")
    Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": account.role}
    )
    return user


def _ngo_staff_group() -> Group:
    group, _ = Group.objects.get_or_create(name=NGO_STAFF_GROUP)
    permissions = Permission.objects.none()
    for app_label, actions in NGO_STAFF_PERMISSIONS.items():
        permissions |= Permission.objects.filter(
            content_type__app_label=app_label, codename__regex=rf"^({'|'.join(actions)})_"
        )
    group.permissions.set(permissions)
    return group


def _demo_requests(*, journalist: User, organization: Organization, now: datetime) -> None:
    media = LegalRule.objects.get(rule_id="KZ.MEDIA.36.response")
    ati = LegalRule.objects.get(rule_id="KZ.ATI.11.response")
    # (body, rules, subject, events after creation: (kind, days before now, data))
    scenarios: list[
        tuple[str, list[LegalRule], str, list[tuple[EventKind, int, dict[str, str]]]]
    ] = [
        ("police-kz-75", [media, ati], "Статистика задержаний журналистов в 2026 году", []),
        (
            "prosecutor-kz-71",
            [ati],
            "Число отказов со ссылкой на статью 201 УПК",
            [(EventKind.SUBMITTED, 3, {"channel": "e_otinish"})],
        ),
        (
            "akimat-kz-79",
            [ati],
            "Расходы бюджета на информационную политику",
            [
                (EventKind.SUBMITTED, 6, {"channel": "email"}),
                (EventKind.REGISTERED, 5, {"registration_number": "ЖТ-2026-01234"}),
            ],
        ),
        (
            "ministry-internal-affairs",
            [media],
            "Число уголовных дел по статье 274 УК",
            [
                (EventKind.SUBMITTED, 20, {"channel": "post"}),
                (EventKind.REGISTERED, 19, {"registration_number": "3Т-2026-777"}),
                (EventKind.ANSWERED, 12, {}),
            ],
        ),
        (
            "police-kz-35",
            [media],
            "Материалы досудебного расследования по делу о нападении на журналиста",
            [
                (EventKind.SUBMITTED, 15, {"channel": "email"}),
                (EventKind.REGISTERED, 14, {"registration_number": "КП-2026-0042"}),
                (EventKind.REFUSED, 9, {"ground": "ст. 201 УПК РК"}),
            ],
        ),
        (
            "akimat-kz-19",
            [ati],
            "Список получателей государственного информационного заказа",
            # Silent: the deadline sweep records it as overdue (seed_demo runs one).
            [
                (EventKind.SUBMITTED, 40, {"channel": "e_otinish"}),
                (EventKind.REGISTERED, 40, {"registration_number": "ЖТ-2026-00777"}),
            ],
        ),
    ]
    # Published, so that the public archive, its search and the bodies' figures show something.
    published = {"ministry-internal-affairs", "police-kz-35"}
    for slug, rules, subject, events in scenarios:
        first_day = max((days for _kind, days, _data in events), default=1) + 1
        information_request = create_request(
            requester=journalist,
            organization=organization,
            public_body=PublicBody.objects.get(slug=slug),
            legal_rules=rules,
            subject=subject,
            text=f"Прошу предоставить следующую информацию: {subject.lower()}.",
            language="ru",
            created_at=now - timedelta(days=first_day),
        )
        for kind, days_ago, data in events:
            record_event(
                information_request=information_request,
                kind=kind,
                occurred_at=now - timedelta(days=days_ago),
                recorded_by=journalist,
                data=data,
            )
        if slug in published:
            change_visibility(
                information_request=information_request,
                visibility=Visibility.PUBLIC,
                user=journalist,
            )
