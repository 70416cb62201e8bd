"""Following a request: only one the follower may read, or a published one; each new public
event on it is one email in the follower's language; nothing private is ever told."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from requests_tracker.following.models import Follow, FollowNotice
from requests_tracker.following.news import gather_news
from requests_tracker.following.sending import send_due_notices
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.factories import make_request
from tests.following.conftest import SITE, body_text, follower, subject_of
from tests.smtp import Inbox

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def published_request(subject: str = "Число задержаний журналистов") -> InformationRequest:
    information_request = make_request(body_slug="police-kz-75", subject=subject)
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility="public")
    return information_request


def test_a_private_request_of_someone_else_cannot_be_followed(client: Client) -> None:
    # given: a journalist's private request, and another user
    private = make_request(body_slug="police-kz-75")
    client.force_login(follower())

    # when
    response = client.post(f"/follow/request/{private.pk}/")

    # then: as if it did not exist, and nothing is followed
    assert response.status_code == 404
    assert Follow.objects.count() == 0


def test_a_published_request_and_ones_own_private_request_can_be_followed(
    client: Client,
) -> None:
    # given
    published = published_request()
    own = make_request(body_slug="police-kz-75")
    client.force_login(own.requester)

    # when
    responses = [
        client.post(f"/follow/request/{pk}/", {"next": f"/public/requests/{published.pk}/"})
        for pk in (published.pk, own.pk)
    ]

    # then: back to the page the button was on
    assert [response["Location"] for response in responses] == [
        f"/public/requests/{published.pk}/"
    ] * 2
    assert sorted(Follow.objects.values_list("target_key", flat=True)) == sorted(
        [f"request:{published.pk}", f"request:{own.pk}"]
    )


def test_following_twice_is_one_follow_and_unfollowing_ends_it(client: Client) -> None:
    published = published_request()
    client.force_login(follower())

    client.post(f"/follow/request/{published.pk}/")
    client.post(f"/follow/request/{published.pk}/")
    assert Follow.objects.count() == 1
    client.post(f"/follow/request/{published.pk}/", {"action": "unfollow"})

    assert Follow.objects.count() == 0


def test_the_redirect_after_following_never_leaves_the_site(client: Client) -> None:
    published = published_request()
    client.force_login(follower())

    response = client.post(
        f"/follow/request/{published.pk}/", {"next": "https://evil.example.com/"}
    )

    assert response["Location"] == "/follow/"


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("ru", "Ответ дан полностью: Число задержаний журналистов", "Вы подписаны на этот запрос."),
        ("kk", "Толық жауап берілді: Число задержаний журналистов", "Сіз осы сұрауға жазылғансыз."),
        ("en", "Answered in full: Число задержаний журналистов", "You follow this request."),
    ],
)
def test_a_new_public_event_is_one_email_in_the_followers_language(
    inbox: Inbox, client: Client, language: str, subject: str, phrase: str
) -> None:
    # given: a published request, found by beat on 4 March, followed afterwards
    information_request = published_request()
    with time_machine.travel(datetime(2026, 3, 4, 9, tzinfo=ALMATY)):
        gather_news(now=timezone.now())
    client.force_login(follower(language=language))
    client.post(f"/follow/request/{information_request.pk}/")

    # when: the body answers on 5 March, and beat runs twice
    with time_machine.travel(datetime(2026, 3, 6, 9, tzinfo=ALMATY)):
        record_event(
            information_request=information_request,
            kind=EventKind.ANSWERED,
            occurred_at=datetime(2026, 3, 5, 11, tzinfo=ALMATY),
            recorded_by=information_request.requester,
        )
    for _run in range(2):
        gather_news(now=timezone.now())
        send_due_notices(now=timezone.now())

    # then: one email, about the answer only (the publication came before the follow)
    [message] = inbox.messages
    assert subject_of(message) == subject
    text = body_text(message)
    assert phrase in text
    assert "05.03.2026" in text
    assert f"{SITE}/public/requests/{information_request.pk}/" in text


def test_events_before_publication_and_notes_are_not_news(client: Client) -> None:
    # given: a follower of a request with a submission and a note, published afterwards
    information_request = make_request(body_slug="police-kz-75")
    client.force_login(information_request.requester)
    client.post(f"/follow/request/{information_request.pk}/")
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility="public")
    gather_news(now=timezone.now())

    # when: a note is recorded on the published request
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=ALMATY)):
        record_event(
            information_request=information_request,
            kind=EventKind.NOTE,
            occurred_at=datetime(2026, 3, 3, 8, tzinfo=ALMATY),
            recorded_by=information_request.requester,
            note="Позвонили в канцелярию",
        )
    gather_news(now=timezone.now())

    # then: one email row, the publication's
    assert list(FollowNotice.objects.values_list("announcement__kind", flat=True)) == ["published"]


def test_a_request_made_private_before_its_email_went_is_not_told(
    inbox: Inbox, client: Client
) -> None:
    # given: a follower of the body, and a publication found by beat
    client.force_login(follower())
    client.post("/follow/body/police-kz-75/")
    information_request = published_request()
    gather_news(now=timezone.now())

    # when: the requester makes it private again before the email is sent
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility="private")
    sent = send_due_notices(now=timezone.now())

    # then
    assert sent == 0
    assert inbox.messages == []
    notice = FollowNotice.objects.get()
    assert notice.failed_at is not None
    assert notice.last_error == "The request is no longer public: nothing is told of it."


def test_news_of_a_request_never_published_is_never_told(client: Client) -> None:
    # given: the requester follows their own private request
    information_request = make_request(body_slug="police-kz-75")
    client.force_login(information_request.requester)
    client.post(f"/follow/request/{information_request.pk}/")

    # when: it is submitted and refused, and beat runs
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    with time_machine.travel(datetime(2026, 3, 6, 9, tzinfo=ALMATY)):
        record_event(
            information_request=information_request,
            kind=EventKind.REFUSED,
            occurred_at=datetime(2026, 3, 5, 11, tzinfo=ALMATY),
            recorded_by=information_request.requester,
        )
    gather_news(now=timezone.now())

    # then: nothing to tell, no email
    assert FollowNotice.objects.count() == 0
