"""The SMTP server down for longer than the old retry budget: every email and alert still arrives.

Before the outbox, an email was given up after 6 attempts (about 10 minutes) and a failed alert
was never tried again. Here the retry waits are 1-2 seconds, so more than 6 attempts fail within
seconds; the request page shows the email retrying with its attempts and the last error; then the
server starts again on the same port and each email and alert arrives exactly once.
"""

import os
import re
from collections.abc import Callable

import pytest
from django.db.models import Min
from django.test import Client

from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.status import Status
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus
from requests_tracker.notifications.models import Alert
from tests.factories import UserFactory, make_request
from tests.faults.conftest import Processes, alert_numbers, due_alerts, web_process_broker
from tests.smtp import free_port, smtp_server
from tests.workers import wait_for

ALERTS = 300
OLD_BUDGET = 6  # attempts, before the outbox
RETRYING = re.compile(
    r"Retrying: (\d+) failed attempts</strong>\.\s*Last error: "
    r"<code>ConnectionRefusedError: \[Errno 111\] Connection refused</code>"
)
pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_smtp_outage_past_the_old_retry_budget_loses_no_email_and_no_alert(
    redis_broker_url: str, processes: Callable[[str, int], Processes], client: Client
) -> None:
    # given: a worker and beat, and no SMTP server listening on the port they mail to
    PublicBody.objects.filter(slug="police-kz-75").update(email="kense@police.example.kz")
    information_request = make_request()
    smtp_port = free_port()
    celery = processes(redis_broker_url, smtp_port)
    celery.worker("smtp-outage", "--pool", "solo")
    celery.beat()
    client.force_login(information_request.requester)
    page = f"/requests/{information_request.pk}/"

    # when: the letter is sent by email and 300 alerts fall due
    with web_process_broker(redis_broker_url):
        client.post(f"{page}send-email/")
        due_alerts(ALERTS, recipient=UserFactory.create(username="dana"))

    # then: more attempts fail than the old budget allowed, and nothing is given up
    def past_the_old_budget() -> bool | None:
        email_attempts = OutgoingEmail.objects.get().attempts
        fewest = Alert.objects.aggregate(fewest=Min("attempts"))["fewest"]
        return (email_attempts > OLD_BUDGET and fewest > OLD_BUDGET) or None

    assert wait_for(past_the_old_budget, timeout=90), celery.logs()
    retrying_page = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    outgoing = OutgoingEmail.objects.get()
    assert outgoing.status == OutgoingStatus.PENDING
    assert not Alert.objects.filter(failed_at__isnull=False).exists()
    assert not Alert.objects.filter(sent_at__isnull=False).exists()
    # and: the page showed it retrying, with the attempts so far and the last error
    shown = RETRYING.search(retrying_page)
    assert shown, retrying_page
    assert OLD_BUDGET < int(shown.group(1)) <= outgoing.attempts
    assert InformationRequest.objects.get(pk=information_request.pk).status == Status.DRAFT

    # when: the SMTP server starts again on the same port
    with smtp_server(smtp_port) as inbox:
        assert wait_for(lambda: len(inbox.messages) >= ALERTS + 1 or None, timeout=60), (
            celery.logs()
        )
        wait_for(lambda: None, timeout=3)  # a few more sweeps: nothing more comes
        numbers = alert_numbers(inbox)

    # then: each email and alert arrived exactly once
    assert len(inbox.messages) == ALERTS + 1
    assert sorted(numbers) == [f"alert-{number:05d}" for number in range(ALERTS)]
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingStatus.SENT
    assert InformationRequest.objects.get(pk=information_request.pk).status == Status.SUBMITTED
    assert "Sent <time" in client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
