"""Each suggested event's form is filled with what was read: the registration's number and day,
the extension's new date, the body forwarded to when the directory has it (else a warning)."""

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.reading.detection import Detection, Ground
from requests_tracker.reading.models import Suggestion, SuggestionState
from requests_tracker.reading.suggestions import Reading, store_suggestion
from tests.reading.readings import found

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 5, 16, 0, tzinfo=ALMATY)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def signed_in(client: Client, journalist: User) -> Client:
    client.force_login(journalist)
    return client


def suggested(information_request: InformationRequest, text: str, detection: Detection) -> str:
    """The reply received at 15:20 on 5 March, read as ``detection``; its form's prefix."""
    event = record_event(
        information_request=information_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=datetime(2026, 3, 5, 15, 20, tzinfo=ALMATY),
        recorded_by=None,
        data={"from": "kense@police.gov.kz", "subject": "Ответ на запрос"},
    )
    reading = Reading(file_id=None, text=text, detection=detection)
    suggestion = store_suggestion(event=event, readings=[reading], now=NOW)
    assert suggestion is not None
    return f"suggestion-{suggestion.pk}"


def page_of(client: Client, information_request: InformationRequest, language: str = "en") -> str:
    return str(
        client.get(
            f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
    )


REGISTRATION = "Ваше обращение зарегистрировано 03.03.2026 за № ЖТ-2026-01234."


def registration(day: str = "03.03.2026", iso: str = "2026-03-03") -> Detection:
    text = REGISTRATION.replace("03.03.2026", day)
    return Detection(
        kind="registered",
        kind_found=found(text, "зарегистрировано", sentence=text),
        registration_number=found(text, "ЖТ-2026-01234", sentence=text),
        registration_date=found(text, day, sentence=text, value=iso),
        language="ru",
    )


def test_a_registration_fills_its_number_and_its_day_and_one_click_records_both(
    signed_in: Client, submitted_request: InformationRequest
) -> None:
    # given: the reply says the body registered the request on 3 March
    prefix = suggested(submitted_request, REGISTRATION, registration())

    # then: the number as read, and the end of that day (the hour is not written)
    page = page_of(signed_in, submitted_request)
    assert "The tracker read this reply: it looks like a registration<" in page
    assert f'name="{prefix}-registration_number" value="ЖТ-2026-01234"' in page
    assert f'name="{prefix}-occurred_at" value="2026-03-03T23:59"' in page
    assert "зарегистрировано 03.03.2026 за № <mark>ЖТ-2026-01234</mark>." in page
    assert "зарегистрировано <mark>03.03.2026</mark> за" in page

    # when: the form is posted as filled
    signed_in.post(
        f"/requests/{submitted_request.pk}/suggestions/{prefix.split('-')[1]}/confirm/",
        {
            f"{prefix}-registration_number": "ЖТ-2026-01234",
            f"{prefix}-occurred_at": "2026-03-03T23:59",
            f"{prefix}-note": "",
        },
    )

    # then
    registered = TimelineEvent.objects.get(kind="registered")
    assert registered.data == {
        "registration_number": "ЖТ-2026-01234",
        "registered_on": "2026-03-03",
    }
    assert Suggestion.objects.get().state == SuggestionState.CONFIRMED


def test_a_registration_on_the_day_of_the_reply_takes_the_reply_s_moment(
    signed_in: Client, submitted_request: InformationRequest
) -> None:
    prefix = suggested(
        submitted_request,
        REGISTRATION.replace("03.03.2026", "05.03.2026"),
        registration("05.03.2026", "2026-03-05"),
    )

    # then: 23:59 that day would lie in the future; the reply came at 15:20
    assert f'name="{prefix}-occurred_at" value="2026-03-05T15:20"' in page_of(
        signed_in, submitted_request
    )


def test_an_extension_fills_its_new_date(
    signed_in: Client, submitted_request: InformationRequest
) -> None:
    text = "Срок рассмотрения Вашего запроса продлён до 30.03.2026."
    prefix = suggested(
        submitted_request,
        text,
        Detection(
            kind="extended",
            kind_found=found(text, "продлён", sentence=text),
            new_due_date=found(text, "30.03.2026", sentence=text, value="2026-03-30"),
            language="ru",
        ),
    )

    page = page_of(signed_in, submitted_request)
    assert "it looks like an extension of the period<" in page
    assert f'name="{prefix}-new_due_date" value="2026-03-30"' in page
    assert f'name="{prefix}-occurred_at" value="2026-03-05T15:20"' in page


def forwarding(name: str) -> tuple[str, Detection]:
    text = f"Ваш запрос направлен по компетенции в {name}."
    return text, Detection(
        kind="forwarded",
        kind_found=found(text, "направлен по компетенции", sentence=text),
        forwarded_to=found(text, name, sentence=text),
        language="ru",
    )


def test_a_forwarding_selects_the_body_found_in_the_directory(
    signed_in: Client, submitted_request: InformationRequest
) -> None:
    prefix = suggested(submitted_request, *forwarding("Прокуратуру Алматинской области"))

    page = page_of(signed_in, submitted_request)
    body = PublicBody.objects.get(slug="prosecutor-kz-19")
    select = page[page.index(f'name="{prefix}-to_body"') :]
    select = select[: select.index("</select>")]
    assert f'<option value="{body.pk}" selected>' in select
    assert "No body in the directory" not in page


def test_a_forwarding_to_a_body_not_in_the_directory_keeps_the_name_and_says_so(
    signed_in: Client, submitted_request: InformationRequest
) -> None:
    prefix = suggested(submitted_request, *forwarding("Управление по делам гостиниц"))

    page = page_of(signed_in, submitted_request)
    assert (
        "No body in the directory is named “Управление по делам гостиниц”: choose the body it "
        "was forwarded to."
    ) in page
    select = page[page.index(f'name="{prefix}-to_body"') :]
    assert " selected>" not in select[: select.index("</select>")].replace(
        '<option value="" selected>', ""
    )
    suggestion = Suggestion.objects.get()
    assert suggestion.values == {"to_body_name": "Управление по делам гостиниц", "to_body": ""}


def test_the_page_in_kazakh_names_the_refusal_in_kazakh(
    signed_in: Client, submitted_request: InformationRequest
) -> None:
    text = "ҚР ҚПК 201-бабына сәйкес ақпарат беруден бас тартылды."
    suggested(
        submitted_request,
        text,
        Detection(
            kind="refused",
            kind_found=found(text, "бас тартылды", sentence=text),
            grounds=(
                Ground(
                    code="cpc_201",
                    label="ҚР ҚПК 201-бабы",
                    found=found(text, "ҚР ҚПК 201-бабына", sentence=text),
                ),
            ),
            language="kk",
        ),
    )

    page = page_of(signed_in, submitted_request, "kk")
    assert (
        "Трекер бұл жауапты оқыды: бұл бас тарту сияқты; көрсетілген негіз: ҚР ҚПК 201-бабы<"
    ) in page
    assert "<mark>ҚР ҚПК 201-бабына</mark> сәйкес" in page
