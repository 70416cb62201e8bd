"""Redis stopped while a request is emailed and 300 alerts are due: delayed, never lost.

The web process, a real worker and beat use a Redis server of this test's own. It is stopped; the
requester sends the letter by email (the page answers, the email waits, queued) and 300 alerts
fall due. Redis starts again on the same port, and beat's sweep sends everything, once each.
"""

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.status import Status
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus
from tests.factories import UserFactory, make_request
from tests.faults.conftest import (
    Processes,
    RedisServer,
    alert_numbers,
    due_alerts,
    web_process_broker,
)
from tests.smtp import free_port, smtp_server
from tests.workers import wait_for

ALERTS = 300
pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_redis_outage_delays_the_email_and_the_alerts_and_loses_none(
    own_redis: RedisServer,
    processes: Callable[[str, int], Processes],
    client: Client,
    tmp_path: Path,
) -> None:
    # given: a draft to a body with an email address; a worker and beat on our own Redis
    PublicBody.objects.filter(slug="police-kz-75").update(email="kense@police.example.kz")
    information_request = make_request()
    smtp_port = free_port()
    celery = processes(own_redis.url, smtp_port)
    celery.worker("outage", "--pool", "solo")
    celery.beat()
    client.force_login(information_request.requester)
    page = f"/requests/{information_request.pk}/"

    with smtp_server(smtp_port) as inbox, web_process_broker(own_redis.url):
        # when: Redis stops, the letter is sent by email and 300 alerts fall due
        own_redis.stop()
        started = time.monotonic()
        response = client.post(f"{page}send-email/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
        answered_in = time.monotonic() - started
        ids = due_alerts(ALERTS, recipient=UserFactory.create(username="dana"))
        queued_page = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()

        # then: the page answered (302, then 200) saying the letter is queued; nothing left yet
        assert [status for _url, status in response.redirect_chain] == [302]
        assert answered_in < 3, (
            answered_in
        )  # (the PDF letter is made; the broker is not waited for)
        assert response.status_code == 200
        text = response.content.decode()
        assert (
            "The letter to kense@police.example.kz is queued and will be sent as soon as "
            "possible." in text
        )
        assert "Queued: it will be sent as soon as possible." in queued_page
        outgoing = OutgoingEmail.objects.get()
        assert (outgoing.status, outgoing.attempts) == (OutgoingStatus.PENDING, 0)
        assert InformationRequest.objects.get(pk=information_request.pk).status == Status.DRAFT
        assert inbox.messages == []

        # when: Redis starts again on the same port
        own_redis.start()

        # then: beat's sweep sends the email and every alert
        def delivered() -> bool | None:
            return len(inbox.messages) >= ALERTS + 1 or None

        assert wait_for(delivered, timeout=90), celery.logs()
        # and: nothing more comes (a few more sweeps run meanwhile)
        wait_for(lambda: None, timeout=3)
        numbers = alert_numbers(inbox)

    assert len(inbox.messages) == ALERTS + 1
    assert sorted(numbers) == [f"alert-{number:05d}" for number in range(ALERTS)]
    [letter] = [message for message in inbox.messages if "alert-" not in str(message["Subject"])]
    outgoing.refresh_from_db()
    assert letter["Message-ID"] == outgoing.message_id
    assert outgoing.status == OutgoingStatus.SENT
    assert InformationRequest.objects.get(pk=information_request.pk).status == Status.SUBMITTED
    assert len(ids) == ALERTS
    sent_page = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sent <time" in sent_page
