"""The admin shows the emails to followers as an outbox: attempts, last error, next attempt."""

import pytest
from django.test import Client
from django.utils import timezone

from requests_tracker.following.models import FollowNotice
from requests_tracker.following.news import gather_news
from requests_tracker.information_requests.models import InformationRequest
from tests.factories import UserFactory, make_request
from tests.following.conftest import follower

pytestmark = pytest.mark.django_db


def test_a_superuser_sees_a_waiting_email_with_its_last_error_and_cannot_change_it(
    client: Client,
) -> None:
    # given: a follower's email that failed once
    client.force_login(follower())
    client.post("/follow/body/police-kz-75/")
    information_request = make_request(body_slug="police-kz-75")
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility="public")
    gather_news(now=timezone.now())
    FollowNotice.objects.update(attempts=1, last_error="SMTPServerDisconnected: gone")
    notice = FollowNotice.objects.get()
    admin = Client()
    admin.force_login(UserFactory.create(username="root", is_staff=True, is_superuser=True))

    # when
    listing = admin.get("/admin/following/follownotice/")
    change = admin.post(f"/admin/following/follownotice/{notice.pk}/change/", {"attempts": "0"})

    # then
    assert listing.status_code == 200
    assert "SMTPServerDisconnected: gone" in listing.content.decode()
    assert change.status_code == 403
    notice.refresh_from_db()
    assert notice.attempts == 1
