"""Acceptance (issue 18): a follower of a body receives exactly one email when a request to it
is published, and none after unsubscribing through the link, without signing in."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from requests_tracker.following.models import Announcement, Follow, FollowNotice
from requests_tracker.following.news import gather_news
from requests_tracker.following.tasks import gather_follow_news_task, send_due_follow_notices_task
from requests_tracker.information_requests.models import InformationRequest
from tests.factories import make_request
from tests.following.conftest import SITE, body_text, follower, subject_of
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https://tracker\.example\.org/follow/unsubscribe/[\w-]+/")


def publish(client: Client, information_request: InformationRequest, visibility: str) -> None:
    """The requester publishes through the preview, or makes the request private on its page,
    as in the browser."""
    client.force_login(information_request.requester)
    pk = information_request.pk
    response = (
        client.post(f"/requests/{pk}/publish/", {"action": "publish"})
        if visibility == "public"
        else client.post(f"/requests/{pk}/visibility/", {"visibility": visibility})
    )
    assert response.status_code == 302
    information_request.refresh_from_db()
    assert information_request.visibility == visibility


def beat_runs() -> None:
    """What beat does every minute: find the news, then send the emails due."""
    gather_follow_news_task()
    send_due_follow_notices_task()


def test_a_body_follower_gets_one_email_per_publication_and_none_after_unsubscribing(
    inbox: Inbox, client: Client
) -> None:
    # given: Aigerim follows the Almaty police from its page; a journalist's request to it
    aigerim = follower()
    follow_page = Client()
    follow_page.force_login(aigerim)
    assert follow_page.post("/follow/body/police-kz-75/").status_code == 302
    first = make_request(body_slug="police-kz-75", subject="Число задержаний журналистов")

    # when: the journalist publishes it, beat runs twice, the request is made private and
    # published again, and beat runs again
    publish(client, first, "public")
    beat_runs()
    beat_runs()
    publish(client, first, "private")
    publish(client, first, "public")
    beat_runs()

    # then: exactly one email, in Russian, to her, with the link and the one-click headers
    [message] = inbox.messages
    assert message["To"] == "aigerim@example.org"
    assert subject_of(message) == "Опубликован запрос: Число задержаний журналистов"
    text = body_text(message)
    assert (
        "Опубликован запрос «Число задержаний журналистов» в орган "
        "«Департамент полиции города Алматы»." in text
    )
    assert f"{SITE}/public/requests/{first.pk}/" in text
    assert "Вы подписаны на орган «Департамент полиции города Алматы»." in text
    [link] = LINK.findall(text)
    follow = Follow.objects.get(user=aigerim)
    assert link == f"{SITE}/follow/unsubscribe/{follow.unsubscribe_token}/"
    assert str(message["List-Unsubscribe"]).strip() == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert FollowNotice.objects.filter(sent_at__isnull=False).count() == 1

    # when: she opens the link in a browser without a session, and confirms
    anonymous = Client(enforce_csrf_checks=True)
    path = link.removeprefix(SITE)
    confirm = anonymous.get(path, HTTP_ACCEPT_LANGUAGE="ru")
    done = anonymous.post(path, HTTP_ACCEPT_LANGUAGE="ru")

    # then: the page said what it stops, and she follows nothing any more
    assert confirm.status_code == 200
    assert "Вы подписаны на «Департамент полиции города Алматы»" in confirm.content.decode()
    assert done.status_code == 200
    assert "Вы больше не подписаны на «Департамент полиции города Алматы»" in (
        done.content.decode()
    )
    assert not Follow.objects.filter(user=aigerim).exists()

    # when: another request to the police is published
    second = make_request(body_slug="police-kz-75", subject="Бюджет на патрулирование")
    publish(client, second, "public")
    beat_runs()

    # then: no second email
    assert len(inbox.messages) == 1


def test_the_email_names_the_request_without_the_requesters_phone(
    inbox: Inbox, client: Client
) -> None:
    # given: Aigerim follows the Almaty police; a journalist's request to it whose subject
    # carries the journalist's phone number
    aigerim = follower()
    follow_page = Client()
    follow_page.force_login(aigerim)
    follow_page.post("/follow/body/police-kz-75/")
    request = make_request(body_slug="police-kz-75", subject="Ответ на +7 701 234 56 78")

    # when: it is published and beat runs
    publish(client, request, "public")
    beat_runs()

    # then: the email names it as the public page does, the number removed
    [message] = inbox.messages
    assert subject_of(message) == "Опубликован запрос: Ответ на [скрыто]"
    assert "701" not in body_text(message)


def test_a_mail_clients_one_click_post_unsubscribes_without_a_session_or_csrf_token(
    client: Client,
) -> None:
    # given
    aigerim = follower()
    client.force_login(aigerim)
    client.post("/follow/body/police-kz-75/")
    follow = Follow.objects.get(user=aigerim)

    # when: RFC 8058's POST, with its body, from a client that has no cookie
    response = Client(enforce_csrf_checks=True).post(
        f"/follow/unsubscribe/{follow.unsubscribe_token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    # then
    assert response.status_code == 200
    assert not Follow.objects.filter(pk=follow.pk).exists()


def test_a_wrong_unsubscribe_token_is_a_404_and_unsubscribes_nobody(client: Client) -> None:
    aigerim = follower()
    client.force_login(aigerim)
    client.post("/follow/body/police-kz-75/")

    responses = [
        Client().get("/follow/unsubscribe/not-a-token/"),
        Client().post("/follow/unsubscribe/not-a-token/"),
    ]

    assert [response.status_code for response in responses] == [404, 404]
    assert Follow.objects.filter(user=aigerim).count() == 1


def test_the_sweep_run_twice_makes_one_email_row_and_the_key_refuses_a_second(
    client: Client,
) -> None:
    # given: a follower of the body and a published request to it
    aigerim = follower()
    client.force_login(aigerim)
    client.post("/follow/body/police-kz-75/")
    information_request = make_request(body_slug="police-kz-75")
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility="public")

    # when: two runs, the second as if the first had never marked its work done
    now = timezone.now()
    first = gather_news(now=now)
    Announcement.objects.update(fanned_out_at=None)
    second = gather_news(now=now)

    # then: one row, queued by both runs; inserting it again breaks the unique key
    [notice] = FollowNotice.objects.all()
    assert first == second == [notice.pk]
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowNotice.objects.create(
            recipient=aigerim,
            follow=notice.follow,
            announcement=notice.announcement,
            language="ru",
            created_at=now,
        )
    assert FollowNotice.objects.count() == 1
