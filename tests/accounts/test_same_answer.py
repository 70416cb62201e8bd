"""Sign-up and password reset answer the same whatever the address, and mail from the outbox.

The pages never talk to the SMTP server: the emails are alerts, counted here at a real SMTP server
once beat's sweep has run. With the server down the page is the same, and the email waits.
"""

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.accounts.models import User
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.sending import send_due_alerts
from tests.factories import UserFactory
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

ALMATY = ZoneInfo("Asia/Almaty")
PASSWORD = "Ашық-ақпарат-2026"
SIGNUP_SENT = (
    "<h1>Check your email</h1>\n<p>We are sending an email to the address you gave. Open the link "
    "in it to activate your account; until then you cannot sign in.</p>\n"
    '<p class="muted">It may take a few minutes to arrive; check your spam folder too.</p>'
)
RESET_SENT = (
    "<h1>Check your email</h1>\n<p>If an account uses that address, a link to choose a new "
    "password is on its way to it. It may take a few minutes to arrive; check your spam folder "
    "too.</p>"
)
pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_port(settings: SettingsWrapper) -> int:
    settings.SITE_URL = "http://tracker.example.kz"
    return send_mail_to_local_smtp(settings)


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    with smtp_server(smtp_port) as received:
        yield received


@pytest.fixture
def owner() -> User:
    return UserFactory.create(
        username="dana", email="dana@example.kz", first_name="Дана", preferred_language="en"
    )


def main(html: str) -> str:
    """The page's own content, without the layout (whose forms carry a per-response token)."""
    match = re.search(r'<main id="main" tabindex="-1">\s*(.*?)\s*</main>', html, re.DOTALL)
    assert match, html
    return match.group(1)


def sign_up(client: Client, *, username: str, email: str) -> tuple[int, str, str]:
    form = {
        "username": username,
        "email": email,
        "first_name": "Айгерим",
        "last_name": "Садыкова",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "preferred_language": "en",
    }
    response = client.post("/accounts/signup/", form, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    [(location, status)] = response.redirect_chain
    assert status == 302
    return response.status_code, location, main(response.content.decode())


def reset(client: Client, email: str) -> tuple[int, str, str]:
    response = client.post(
        "/accounts/password-reset/", {"email": email}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    [(location, status)] = response.redirect_chain
    assert status == 302
    return response.status_code, location, main(response.content.decode())


def test_signing_up_with_a_known_address_answers_as_a_new_one_and_mails_its_owner(
    client: Client, inbox: Inbox, owner: User
) -> None:
    # when: a new address, then the owner's address in another case, are signed up
    new = sign_up(client, username="aigerim", email="aigerim@example.kz")
    known = sign_up(client, username="someone", email="DANA@example.kz")
    sent_by_the_pages = len(inbox.messages)
    send_due_alerts(now=timezone.now())

    # then: the same page, word for word; one account more, not two
    assert new == known == (200, "/accounts/signup/sent/", SIGNUP_SENT)
    assert list(User.objects.order_by("username").values_list("username", flat=True)) == [
        "aigerim",
        "dana",
    ]
    # and: nothing left while the pages answered; then one email to each address
    assert sent_by_the_pages == 0
    assert sorted((str(m["To"]), str(m["Subject"]).strip()) for m in inbox.messages) == [
        ("aigerim@example.kz", "Confirm your email address for the request tracker"),
        ("dana@example.kz", "Someone tried to sign up with your email address"),
    ]


def test_a_reset_answers_the_same_for_a_known_and_an_unknown_address(
    client: Client, inbox: Inbox, owner: User
) -> None:
    # when
    known = reset(client, "dana@example.kz")
    unknown = reset(client, "nobody@example.kz")
    sent_by_the_pages = len(inbox.messages)
    send_due_alerts(now=timezone.now())

    # then: the same page; only the known address gets a link, from the outbox
    assert known == unknown == (200, "/accounts/password-reset/sent/", RESET_SENT)
    assert sent_by_the_pages == 0
    [message] = inbox.messages
    assert str(message["To"]) == "dana@example.kz"
    assert str(message["Subject"]).strip() == "Reset your password for the request tracker"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert re.search(
        r"http://tracker\.example\.kz/accounts/password-reset/[\w-]+/[\w-]+/", body.get_content()
    )
    # and: the link is not kept once it is sent
    alert = Alert.objects.get(kind=AlertKind.PASSWORD_RESET)
    assert alert.sent_at is not None
    assert alert.context["link"] == ""


def test_with_the_mail_server_down_sign_up_and_reset_answer_and_the_emails_wait(
    client: Client, smtp_port: int, owner: User
) -> None:
    # when: no SMTP server listens, a sign-up and a reset are asked, and the sweep runs
    signed_up = sign_up(client, username="aigerim", email="aigerim@example.kz")
    reset_asked = reset(client, "dana@example.kz")
    send_due_alerts(now=timezone.now())

    # then: the usual pages, no 500; both emails wait in the outbox with the error
    assert signed_up == (200, "/accounts/signup/sent/", SIGNUP_SENT)
    assert reset_asked == (200, "/accounts/password-reset/sent/", RESET_SENT)
    waiting = Alert.objects.order_by("id")
    assert [(alert.kind, alert.attempts, alert.sent_at, alert.failed_at) for alert in waiting] == [
        (AlertKind.SIGNUP_CONFIRMATION, 1, None, None),
        (AlertKind.PASSWORD_RESET, 1, None, None),
    ]
    assert all(alert.last_error.startswith("ConnectionRefusedError") for alert in waiting)

    # when: the server is back and the alerts are due again
    with smtp_server(smtp_port) as inbox:
        send_due_alerts(now=timezone.now() + timedelta(hours=1))

    # then
    assert sorted(str(message["To"]) for message in inbox.messages) == [
        "aigerim@example.kz",
        "dana@example.kz",
    ]


def test_a_reset_link_still_unsent_when_its_token_expires_is_given_up_not_sent(
    client: Client, inbox: Inbox, owner: User, settings: SettingsWrapper
) -> None:
    # given: a reset asked at noon, its token valid for an hour, the mail server down till then
    settings.PASSWORD_RESET_TIMEOUT = 3600
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY), tick=False):
        reset(client, "dana@example.kz")

    # when: the sweep first reaches it an hour later
    expired = datetime(2026, 3, 2, 13, 0, tzinfo=ALMATY)
    with time_machine.travel(expired, tick=False):
        send_due_alerts(now=expired)

    # then: given up rather than sent dead, and the link is not kept
    alert = Alert.objects.get(kind=AlertKind.PASSWORD_RESET)
    assert inbox.messages == []
    assert (alert.sent_at, alert.failed_at) == (None, expired)
    assert alert.last_error == "The link expired before it could be sent."
    assert alert.context["link"] == ""
