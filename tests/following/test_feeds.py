"""The Atom feeds: a follower's by its token, a body's and a published request's; public news
only."""

from datetime import datetime
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.following.models import FollowFeed
from requests_tracker.following.news import gather_news
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request
from tests.following.conftest import SITE, follower

ALMATY = ZoneInfo("Asia/Almaty")
ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.django_db


def entries(response: object) -> list[tuple[str, str]]:
    """(title, link) of each entry, in the feed's order."""
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response["Content-Type"].startswith("application/atom+xml")  # type: ignore[index]
    feed = ElementTree.fromstring(response.content)  # type: ignore[attr-defined]
    return [
        (entry.findtext(f"{ATOM}title") or "", entry.find(f"{ATOM}link").get("href", ""))  # type: ignore[union-attr]
        for entry in feed.findall(f"{ATOM}entry")
    ]


def submitted(body_slug: str, subject: str, *, public: bool) -> InformationRequest:
    information_request = make_request(body_slug=body_slug, subject=subject)
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    if public:
        InformationRequest.objects.filter(pk=information_request.pk).update(visibility="public")
    return information_request


def test_a_followers_feed_holds_the_news_of_what_they_follow_in_their_language(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.SITE_URL = SITE
    # given: an English-speaking follower of the Almaty police and of a search for "бюджет"
    reader = follower(username="dana", language="en")
    client.force_login(reader)
    client.post("/follow/body/police-kz-75/")
    client.post("/follow/search/", {"q": "бюджет"})
    # and: published requests: to the police, to the akimat about the budget, to the akimat
    # about roads (neither followed); a private one to the police
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=ALMATY)):
        police = submitted("police-kz-75", "Число задержаний", public=True)
        gather_news(now=timezone.now())
    with time_machine.travel(datetime(2026, 3, 4, 9, tzinfo=ALMATY)):
        budget = submitted("akimat-kz-75", "Бюджет города на 2026 год", public=True)
        submitted("akimat-kz-75", "Ремонт дорог", public=True)
        submitted("police-kz-75", "Личное дело", public=False)
        gather_news(now=timezone.now())
    # and: the address she copied from her page of follows
    address = client.get("/follow/").context["feed_url"]
    token = FollowFeed.objects.get(user=reader).token
    assert address == f"{SITE}/follow/feed/{token}.atom"

    # when: a feed reader, without a session, asks for the feed
    response = Client().get(f"/follow/feed/{token}.atom", HTTP_ACCEPT_LANGUAGE="ru")

    # then: newest first, in English
    assert entries(response) == [
        ("Published: Бюджет города на 2026 год", f"http://testserver/public/requests/{budget.pk}/"),
        ("Published: Число задержаний", f"http://testserver/public/requests/{police.pk}/"),
    ]


def test_a_wrong_feed_token_is_a_404(client: Client) -> None:
    assert Client().get("/follow/feed/not-a-token.atom").status_code == 404


def test_a_bodys_feed_holds_its_published_requests_and_their_news(client: Client) -> None:
    # given: a published request to the police, answered after publication; a private one
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=ALMATY)):
        police = submitted("police-kz-75", "Число задержаний", public=True)
        submitted("police-kz-75", "Личное дело", public=False)
        gather_news(now=timezone.now())
    with time_machine.travel(datetime(2026, 3, 6, 9, tzinfo=ALMATY)):
        record_event(
            information_request=police,
            kind=EventKind.REFUSED,
            occurred_at=datetime(2026, 3, 5, 11, tzinfo=ALMATY),
            recorded_by=police.requester,
        )
        gather_news(now=timezone.now())

    # when
    response = client.get("/bodies/police-kz-75/feed.atom", HTTP_ACCEPT_LANGUAGE="en")

    # then
    link = f"http://testserver/public/requests/{police.pk}/"
    assert entries(response) == [
        ("Refused: Число задержаний", link),
        ("Published: Число задержаний", link),
    ]


def test_a_published_requests_feed_is_its_public_timeline_and_a_private_one_has_none(
    client: Client,
) -> None:
    # given
    published = submitted("police-kz-75", "Число задержаний", public=True)
    private = submitted("police-kz-75", "Личное дело", public=False)

    # when
    response = client.get(f"/public/requests/{published.pk}/feed.atom", HTTP_ACCEPT_LANGUAGE="en")
    refused = client.get(f"/public/requests/{private.pk}/feed.atom")

    # then: the submission, then the draft's creation (newest first)
    link = f"http://testserver/public/requests/{published.pk}/"
    assert entries(response) == [("Submitted to the body", link), ("Draft created", link)]
    assert refused.status_code == 404
