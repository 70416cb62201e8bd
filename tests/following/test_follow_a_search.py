"""Following a saved search: its GET parameters kept, one email when a newly published request
matches it, none for one that does not; an empty or oversized search is refused."""

import pytest
from django.test import Client
from django.utils import timezone

from requests_tracker.following.models import Follow, FollowNotice
from requests_tracker.following.news import gather_news
from requests_tracker.information_requests.models import InformationRequest
from tests.factories import make_request
from tests.following.conftest import follower

pytestmark = pytest.mark.django_db


def test_the_search_page_shows_the_search_in_words_and_following_keeps_its_parameters(
    client: Client,
) -> None:
    # given
    client.force_login(follower())

    # when: the search page's link, then the button on the page it opens
    page = client.get(
        "/follow/search/",
        {"q": "  бюджет   акимата ", "body_kind": "akimat", "region": "KZ-75", "page": "2"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    client.post(
        "/follow/search/", {"q": "бюджет акимата", "body_kind": "akimat", "region": "KZ-75"}
    )

    # then: words trimmed, the page number left out, the kind in words
    assert page.status_code == 200
    assert "Поиск: «бюджет акимата», Акимат, KZ-75" in page.content.decode()
    follow = Follow.objects.get()
    assert follow.search_params == {"q": "бюджет акимата", "body_kind": "akimat", "region": "KZ-75"}
    assert follow.label == "Поиск: «бюджет акимата», Акимат, KZ-75"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "2"}, "Сначала задайте поиск: на пустой поиск подписаться нельзя."),
        ({"q": "б" * 201}, "Условие поиска длиннее 200 символов."),
    ],
)
def test_an_empty_or_oversized_search_is_refused_and_nothing_is_followed(
    client: Client, query: dict[str, str], message: str
) -> None:
    client.force_login(follower())

    shown = client.get("/follow/search/", query, HTTP_ACCEPT_LANGUAGE="ru")
    posted = client.post("/follow/search/", query, HTTP_ACCEPT_LANGUAGE="ru", follow=True)

    assert shown.status_code == 400
    assert message in shown.content.decode()
    assert message in posted.content.decode()
    assert Follow.objects.count() == 0


def test_a_newly_published_request_matching_the_search_is_one_email_and_others_none(
    client: Client,
) -> None:
    # given: a follower of the search for the budget of akimats
    aigerim = follower()
    client.force_login(aigerim)
    client.post("/follow/search/", {"q": "бюджет", "body_kind": "akimat"})
    matching = make_request(body_slug="akimat-kz-75", subject="Бюджет города на 2026 год")
    police = make_request(body_slug="police-kz-75", subject="Бюджет полиции")
    roads = make_request(body_slug="akimat-kz-75", subject="Ремонт дорог")

    # when: the three are published and beat runs twice
    InformationRequest.objects.filter(pk__in=[matching.pk, police.pk, roads.pk]).update(
        visibility="public"
    )
    gather_news(now=timezone.now())
    gather_news(now=timezone.now())

    # then
    [notice] = FollowNotice.objects.all()
    assert notice.announcement.information_request_id == matching.pk
    assert (notice.recipient_id, notice.follow.kind, notice.language) == (
        aigerim.pk,
        "search",
        "ru",
    )


def test_a_follower_of_the_body_and_of_a_matching_search_gets_one_email_naming_the_body(
    client: Client,
) -> None:
    aigerim = follower()
    client.force_login(aigerim)
    client.post("/follow/search/", {"q": "бюджет"})
    client.post("/follow/body/akimat-kz-75/")
    information_request = make_request(body_slug="akimat-kz-75", subject="Бюджет города")
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility="public")

    gather_news(now=timezone.now())

    [notice] = FollowNotice.objects.all()
    assert notice.follow.kind == "body"
