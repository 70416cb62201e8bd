"""The letter a journalist reads is the letter sent: one renderer picks the template for the page,
the downloads and the email, and a letter once sent is shown exactly as stored."""

from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper
from rest_framework.test import APIClient

from letters.contexts import LetterKind
from letters.render import content_hash, render_html
from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.correspondence.models import Letter, LetterTemplate
from requests_tracker.correspondence.services import save_letter_template
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.reply_addresses import reply_code
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.outgoing import queue_request_email
from requests_tracker.mail.sending import send_request_email
from tests.factories import make_request
from tests.smtp import Inbox, send_mail_to_local_smtp, smtp_server

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY)
BODY_EMAIL = "kense@police-almaty.example.kz"
STAFF_TEMPLATE = (
    "{{ addressee.head_title }} {{ addressee.body_name }}\n"
    "{{ requester.name }}, {{ requester.email }}\n\n"
    "# ЗАПРОС № {{ outgoing_number }} от {{ date|date }}\n\n"
    "{{ text }}\n\n"
    "Срок ответа: {{ citation.period }}.\n"
)
pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(settings: SettingsWrapper) -> Iterator[Inbox]:
    port = send_mail_to_local_smtp(settings)
    settings.REPLY_DOMAIN = "mail.tracker.example.org"
    with smtp_server(port) as received:
        yield received


def staff_template(source: str = STAFF_TEMPLATE) -> LetterTemplate:
    return save_letter_template(
        kind=LetterKind.ATI_REQUEST,
        language="ru",
        source=source,
        user=User.objects.get_or_create(username="editor", is_staff=True)[0],
    )


def draft_to_body_with_email() -> InformationRequest:
    PublicBody.objects.filter(slug="police-kz-75").update(email=BODY_EMAIL)
    return make_request(
        body_slug="police-kz-75",
        created_at=NOW,
        text="Прошу сообщить число задержаний журналистов в 2026 году.",
    )


def received_text(message: EmailMessage) -> str:
    """The text/plain part decoded; SMTP carries every line break as CRLF (RFC 5321 2.3.8), so
    the wire's line breaks are read back as the letter's own."""
    part = message.get_body(preferencelist=("plain",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content()).replace("\r\n", "\n")


def send_by_email(information_request: InformationRequest) -> None:
    outgoing = queue_request_email(
        information_request=information_request,
        intent="request",
        user=information_request.requester,
        now=NOW,
    )
    assert send_request_email(outgoing_id=outgoing.pk) is True


@time_machine.travel(NOW, tick=False)
def test_with_a_staff_template_the_downloaded_letter_is_the_letter_received_by_smtp(
    inbox: Inbox, api_client: APIClient, client: Client
) -> None:
    # given: a staff template in use, and a draft to a body with an email address
    template = staff_template()
    information_request = draft_to_body_with_email()
    api_client.force_authenticate(information_request.requester)
    client.force_login(information_request.requester)
    download = f"/api/v1/requests/{information_request.pk}/letter/?as=text"
    before_sending = api_client.get(download).content.decode()

    # when: sent by email through a real SMTP server
    send_by_email(information_request)
    downloaded = api_client.get(download)
    page = client.get(f"/requests/{information_request.pk}/")

    # then: the downloaded text, the page's text and the received text/plain part are the same
    [message] = inbox.messages
    letter = Letter.objects.get(information_request=information_request)
    assert received_text(message) == downloaded.content.decode() == page.context["letter"]
    assert downloaded.content.decode() == before_sending == letter.text
    assert downloaded["X-Content-SHA256"] == content_hash(letter.text) == letter.content_sha256
    assert downloaded["X-Template-Version"] == "staff v1" == page.context["letter_version"]
    assert letter.template == template
    assert letter.text == (
        "Руководителю Департамент полиции города Алматы\n"
        f"{information_request.requester.get_full_name() or information_request.requester.username}"
        # the staff template's requester.email is the request's reply address, never a mailbox
        f", reply+{information_request.pk}-{reply_code(information_request.pk)}"
        "@mail.tracker.example.org\n\n"
        # the template's "# " title mark is not in the text: the title is a plain line
        f"ЗАПРОС № {information_request.pk}/2026 от 02.03.2026\n\n"
        "Прошу сообщить число задержаний журналистов в 2026 году.\n\n"
        "Срок ответа: 15 календарных дней со дня регистрации.\n"
    )


def test_a_sent_letter_is_shown_as_sent_after_the_template_changes_and_days_pass(
    inbox: Inbox, api_client: APIClient, client: Client
) -> None:
    # given: sent with version 1 of the staff template
    staff_template()
    information_request = draft_to_body_with_email()
    with time_machine.travel(NOW, tick=False):
        send_by_email(information_request)
    letter = Letter.objects.get(information_request=information_request)
    api_client.force_authenticate(information_request.requester)
    client.force_login(information_request.requester)

    # when: a week later, with version 2 in use
    staff_template(STAFF_TEMPLATE.replace("ЗАПРОС", "ИНФОРМАЦИОННЫЙ ЗАПРОС"))
    with time_machine.travel(datetime(2026, 3, 9, 12, tzinfo=ALMATY), tick=False):
        downloaded = api_client.get(f"/api/v1/requests/{information_request.pk}/letter/?as=text")
        html = api_client.get(f"/api/v1/requests/{information_request.pk}/letter/?as=html")
        page = client.get(f"/requests/{information_request.pk}/")

    # then: the letter as it went out, with its version and hash, in every format
    assert downloaded.content.decode() == letter.text == page.context["letter"]
    assert html.content.decode() == render_html(letter.text, language="ru")
    assert "ЗАПРОС № " in letter.text
    assert "# " not in letter.text
    assert (downloaded["X-Template-Version"], page.context["letter_version"]) == (
        "staff v1",
        "staff v1",
    )
    assert page.context["letter_sha256"] == letter.content_sha256
    assert "Шаблон: редакция сотрудников, версия 1" in page.content.decode()
    assert f"SHA-256 {letter.content_sha256}" in page.content.decode()
    assert [received_text(message) for message in inbox.messages] == [letter.text]


def test_a_request_submitted_by_post_shows_its_letter_as_of_the_day_it_was_submitted(
    api_client: APIClient,
) -> None:
    # given: a staff template in use; the draft printed and posted on 2 March, recorded so
    staff_template()
    information_request = draft_to_body_with_email()
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=NOW,
        recorded_by=information_request.requester,
        data={"channel": "post"},
    )
    api_client.force_authenticate(information_request.requester)

    # when: downloaded again ten days later
    with time_machine.travel(datetime(2026, 3, 12, 12, tzinfo=ALMATY), tick=False):
        downloaded = api_client.get(f"/api/v1/requests/{information_request.pk}/letter/?as=text")

    # then: dated the day it was posted, from the staff template
    assert (
        f"\nЗАПРОС № {information_request.pk}/2026 от 02.03.2026\n" in downloaded.content.decode()
    )
    assert downloaded["X-Template-Version"] == "staff v1"


def test_a_staff_template_that_fails_on_a_real_request_is_a_clear_error_never_a_500(
    api_client: APIClient, client: Client
) -> None:
    # given: valid on the sample (which has a prior request), failing on a first request
    staff_template("{{ prior.body_name }}\n\n{{ text }}\n")
    information_request = draft_to_body_with_email()
    api_client.force_authenticate(information_request.requester)
    client.force_login(information_request.requester)

    # when
    downloaded = api_client.get(f"/api/v1/requests/{information_request.pk}/letter/?as=pdf")
    page = client.get(f"/requests/{information_request.pk}/")
    sent = client.post(f"/requests/{information_request.pk}/send-email/", follow=True)

    # then: a 400 for the download, the reason on the page, and nothing queued or stored
    reason = "(staff v1)"
    assert downloaded.status_code == 400
    assert reason in downloaded.json()["detail"][0]
    assert page.status_code == 200
    assert reason in page.context["letter_error"]
    assert sent.status_code == 200
    assert any(reason in str(message) for message in sent.context["messages"])
    assert Letter.objects.count() == 0
    assert information_request.outgoing_emails.count() == 0
