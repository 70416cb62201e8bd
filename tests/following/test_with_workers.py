"""Two worker processes run the news sweep at once (a doubled beat run): each follower of the
body gets exactly one email about the publication, at a real SMTP server."""

import os
from collections import Counter
from collections.abc import Callable

import pytest

from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.outbox import enqueue_each_quietly
from requests_tracker.following.models import Follow, FollowNotice
from requests_tracker.following.services import follow_body
from requests_tracker.following.tasks import gather_follow_news_task
from requests_tracker.information_requests.models import InformationRequest
from tests.factories import UserFactory, make_request
from tests.faults.conftest import Processes, processes, web_process_broker  # noqa: F401
from tests.smtp import free_port, smtp_server
from tests.workers import wait_for

FOLLOWERS = 40
pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_workers_running_the_news_sweep_at_once_send_each_follower_one_email(
    redis_broker_url: str,
    processes: Callable[[str, int], Processes],  # noqa: F811
) -> None:
    # given: 40 followers of the Almaty police, and a request to it just published (a bare
    # UPDATE: no signal, only the sweep finds it)
    police = PublicBody.objects.get(slug="police-kz-75")
    for number in range(FOLLOWERS):
        follow_body(
            user=UserFactory.create(username=f"follower{number:02d}", preferred_language="en"),
            public_body=police,
        )
    information_request = make_request(body_slug="police-kz-75", subject="Число задержаний")
    InformationRequest.objects.filter(pk=information_request.pk).update(visibility="public")
    smtp_port = free_port()
    celery = processes(redis_broker_url, smtp_port)
    celery.worker("first", "--pool", "solo")
    celery.worker("second", "--pool", "solo")

    with smtp_server(smtp_port) as inbox:
        # when: the sweep is queued twice at once, as a doubled beat run would
        with web_process_broker(redis_broker_url):
            assert enqueue_each_quietly(gather_follow_news_task, [(), ()]) == 2

        # then: every email is sent, each follower's once
        def all_sent() -> bool | None:
            notices = FollowNotice.objects.filter(sent_at__isnull=False).count()
            return (notices == FOLLOWERS and len(inbox.messages) >= FOLLOWERS) or None

        done = wait_for(all_sent, timeout=120, every=1)
        wait_for(lambda: None, timeout=2)  # time for a repeated email to arrive, if any
        recipients = [str(message["To"]) for message in inbox.messages]

    assert done, celery.logs()
    assert Counter(recipients) == Counter(
        f"follower{number:02d}@example.org" for number in range(FOLLOWERS)
    )
    assert FollowNotice.objects.count() == Follow.objects.count() == FOLLOWERS
    assert all(
        str(message["Subject"]).strip() == "Request published: Число задержаний"
        for message in inbox.messages
    )
