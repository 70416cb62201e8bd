"""The follow buttons show what the user follows, and "What I follow" stops any of it."""

import pytest
from django.test import Client

from requests_tracker.following.models import Follow
from requests_tracker.information_requests.models import InformationRequest
from tests.factories import make_request
from tests.following.conftest import follower

pytestmark = pytest.mark.django_db


def test_the_body_page_offers_to_follow_then_to_stop(client: Client) -> None:
    # given
    client.force_login(follower())

    # when
    before = client.get("/bodies/police-kz-75/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post("/follow/body/police-kz-75/")
    after = client.get("/bodies/police-kz-75/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then
    assert "Follow this body" in before
    assert "Stop following this body" not in before
    assert "Stop following this body" in after
    assert 'href="/bodies/police-kz-75/feed.atom"' in after


def test_an_anonymous_visitor_of_a_published_request_is_asked_to_sign_in_to_follow(
    client: Client,
) -> None:
    information_request = make_request(body_slug="police-kz-75")
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility="public")

    page = client.get(
        f"/public/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "Sign in to follow it and get an email at each news." in page
    assert f"/accounts/login/?next=/public/requests/{information_request.pk}/" in page


def test_what_i_follow_lists_each_follow_and_stops_a_search_with_its_parameters(
    client: Client,
) -> None:
    # given: a body and a search followed
    client.force_login(follower())
    client.post("/follow/body/police-kz-75/")
    client.post("/follow/search/", {"q": "бюджет", "region": "KZ-75"})

    # when: the list, then its button for the search
    page = client.get("/follow/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post("/follow/search/", {"q": "бюджет", "region": "KZ-75", "action": "unfollow"})

    # then: both were listed, the body's remains
    assert ">Police Department of Almaty</a>" in page
    assert "Поиск: «бюджет», KZ-75" in page
    assert list(Follow.objects.values_list("kind", flat=True)) == ["body"]
