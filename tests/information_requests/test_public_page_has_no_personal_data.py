"""Acceptance (issue 18): publishing a request whose reply names the requester and carries her
phone number, the public page contains neither. (The search index half reads ``public_text``.)"""

import re
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from requests_tracker.correspondence.services import generate_letter
from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    Visibility,
)
from requests_tracker.information_requests.public_version import public_text
from requests_tracker.information_requests.reply_addresses import reply_address
from requests_tracker.search.models import SearchDocument
from requests_tracker.search.queries import published_matches
from tests.factories import OrganizationFactory
from tests.information_requests.publishing_fixtures import (
    ALMATY,
    PASSWORD,
    anna,
    pdf_with_text,
    receive_reply,
    submitted_request,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_settings")]

REPLY = (
    "Уважаемая Анна Сергеевна!\n\n"
    "На обращение Ивановой А.С. сообщаем: в 2026 году поступило 1 204 обращения.\n"
    "Уточнения по телефону заявителя +7 701 234 56 78 или 8 (701) 234-56-78.\n"
    "Исполнитель: Серикбаев Н., тел. 8 (7172) 71-23-45"
)
NAME = re.compile(r"Иванов|Анна Сергеевна|Анне Сергеевне|anna\.ivanova", re.IGNORECASE)
PHONE = re.compile(r"701\D{0,3}234\D{0,2}56\D{0,2}78|7012345678")


def no_personal_data(text: str) -> None:
    assert NAME.findall(text) == []
    assert PHONE.findall(text) == []


def test_the_published_page_shows_the_reply_without_her_name_or_phone(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # given: Анна's request, and the body's reply naming her and giving her phone, in its text
    # and in a PDF attached to it (the PDF's text layer: "Ivanova A.S., tel. +7 701 234 56 78")
    requester = anna()
    with django_capture_on_commit_callbacks(execute=True):
        information_request = submitted_request(requester)
        receive_reply(
            information_request,
            text=REPLY,
            files=[
                (
                    "otvet.pdf",
                    pdf_with_text("Ivanova A.S., tel. +7 701 234 56 78"),
                    "application/pdf",
                )
            ],
        )
    client.login(username="anna", password=PASSWORD)

    # when: she publishes from the preview (the search indexes it on commit), and anyone opens
    # the public page
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(
            f"/requests/{information_request.pk}/publish/",
            {"action": "publish"},
            HTTP_ACCEPT_LANGUAGE="ru",
        )
    client.logout()
    page = client.get(f"/public/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    html = page.content.decode()

    # then: the page shows the reply, with the markers where her name and phone were
    assert published.status_code == 302
    information_request.refresh_from_db()
    assert information_request.visibility == Visibility.PUBLIC
    assert page.status_code == 200
    assert "в 2026 году поступило 1 204 обращения" in html
    assert "Уважаемая [скрыто]!" in html
    assert "На обращение [скрыто] сообщаем" in html
    assert "по телефону заявителя [скрыто] или [скрыто]." in html
    assert "Исполнитель: Серикбаев Н., тел. [скрыто]" in html
    no_personal_data(html)
    # the PDF names her: its redacted text is shown, the file itself is not offered
    evidence = EvidenceFile.objects.get(event__information_request=information_request)
    assert "[скрыто], tel. [скрыто]" in html
    assert f"/attachments/{evidence.pk}/" not in html
    attachment = client.get(f"/public/requests/{information_request.pk}/attachments/{evidence.pk}/")
    assert attachment.status_code == 404
    # and the text the search indexes has neither, nor does the index once committed
    no_personal_data(public_text(information_request))
    document = SearchDocument.objects.get(pk=information_request.pk)
    no_personal_data(document.public_text)
    no_personal_data(document.public_words)
    assert published_matches({"q": "Иванова"}, [information_request.pk]) == set()
    assert published_matches({"q": "обращения"}, [information_request.pk]) == {
        information_request.pk
    }


def test_the_letter_sent_is_shown_without_her_name_address_or_reply_address(
    client: Client,
) -> None:
    # given: her outlet's postal address, and the letter the tracker wrote for her request
    requester = anna()
    outlet = OrganizationFactory.create(postal_address="050000, г. Алматы, ул. Абая, 10, оф. 5")
    information_request = submitted_request(requester)
    InformationRequest.objects.filter(pk=information_request.pk).update(organization=outlet)
    information_request.refresh_from_db()
    letter = generate_letter(
        information_request=information_request,
        user=requester,
        now=datetime(2026, 3, 2, 10, 30, tzinfo=ALMATY),
    )
    assert "Иванова" in letter.text  # the letter as sent names her and gives her address
    assert "ул. Абая, 10, оф. 5" in letter.text
    assert reply_address(information_request.pk) in letter.text
    InformationRequest.objects.filter(pk=information_request.pk).update(
        visibility=Visibility.PUBLIC
    )

    # when
    page = client.get(f"/public/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="kk")
    html = page.content.decode()

    # then: the letter is there, in the page's language's marker, without any of them
    assert 'id="public-letter"' in html
    assert "Прошу сообщить число обращений граждан за 2026 год." in html
    assert "[жасырылған]" in html
    no_personal_data(html)
    assert "Абая" not in html
    assert reply_address(information_request.pk) not in html


def test_a_request_handed_in_without_a_stored_letter_shows_the_letter_as_it_read_that_day(
    client: Client,
) -> None:
    # given: her request, submitted on 2 March by hand (no letter stored: none was emailed),
    # with her outlet's postal address, published
    requester = anna()
    outlet = OrganizationFactory.create(postal_address="050000, г. Алматы, ул. Абая, 10, оф. 5")
    information_request = submitted_request(requester)
    InformationRequest.objects.filter(pk=information_request.pk).update(
        organization=outlet, visibility=Visibility.PUBLIC
    )
    assert not information_request.letters.exists()

    # when
    page = client.get(f"/public/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    html = page.content.decode()

    # then: the letter, addressed to the police, with her questions, dated the day she handed
    # it in, and without her name or address
    assert 'id="public-letter"' in html
    assert "Руководителю Департамента полиции" in html
    assert "Прошу сообщить число обращений граждан за 2026 год." in html
    assert "02.03.2026" in html
    no_personal_data(html)
    assert "Абая" not in html
    # and the search's text has the letter too
    assert "Руководителю Департамента полиции" in public_text(information_request)


def test_the_list_of_published_requests_shows_the_subject_without_her_name(
    client: Client,
) -> None:
    # given: a published request whose subject names her
    information_request = submitted_request(anna())
    InformationRequest.objects.filter(pk=information_request.pk).update(
        subject="Запрос Ивановой А.С. о статистике", visibility=Visibility.PUBLIC
    )

    # when
    page = client.get("/public/requests/", HTTP_ACCEPT_LANGUAGE="ru")

    # then
    html = page.content.decode()
    assert "Запрос [скрыто] о статистике" in html
    no_personal_data(html)
