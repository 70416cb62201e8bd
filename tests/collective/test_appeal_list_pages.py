"""The list of collective appeals is read a page at a time, newest first, with each appeal's
addressees counted."""

from datetime import timedelta

from django.test import Client
from pytest_django.fixtures import Settings

from requests_tracker.accounts.models import Organization, User
from requests_tracker.collective.models import CollectiveAppeal
from requests_tracker.collective.services import add_addressees, create_appeal
from requests_tracker.laws.models import LegalRule
from tests.collective.conftest import NOW, TEXT, regional_police


def appeal_of(staff: User, ngo: Organization, title: str, *, days: int, bodies: int) -> None:
    appeal = create_appeal(
        title=title,
        text=TEXT,
        legal_rules=LegalRule.objects.filter(rule_id="KZ.ATI.11.response"),
        language="ru",
        organization=ngo,
        user=staff,
        now=NOW + timedelta(days=days),
    )
    add_addressees(appeal=appeal, bodies=regional_police()[:bodies], user=staff)


def shown(page: object) -> list[tuple[str, int]]:
    appeals: list[CollectiveAppeal] = page.context["appeals"]  # type: ignore[attr-defined]
    return [(appeal.title, appeal.addressee_count) for appeal in appeals]  # type: ignore[attr-defined]


def test_appeals_come_a_page_at_a_time_newest_first_with_their_addressees(
    client: Client, staff: User, ngo: Organization, settings: Settings
) -> None:
    # given: three appeals written on three days, to 3, 5 and 2 regional police departments
    appeal_of(staff, ngo, "Первое", days=0, bodies=3)
    appeal_of(staff, ngo, "Второе", days=1, bodies=5)
    appeal_of(staff, ngo, "Третье", days=2, bodies=2)
    settings.LIST_PAGE_SIZE = 2
    client.force_login(staff)

    first = client.get("/collective/", HTTP_ACCEPT_LANGUAGE="en")
    second = client.get("/collective/?page=2", HTTP_ACCEPT_LANGUAGE="en")

    assert shown(first) == [("Третье", 2), ("Второе", 5)]
    assert shown(second) == [("Первое", 3)]
    assert 'href="?page=2">Next</a>' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()
