"""The suggestion on the request page: shown with the sentence each value came from, its event
form pre-filled so that one click records it (through the record form's validation and
service), "Not this" to dismiss it; only for those who may change the request."""

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.sweep import sweep_deadlines
from requests_tracker.reading.detection import Detection, Ground
from requests_tracker.reading.models import Suggestion, SuggestionState
from requests_tracker.reading.suggestions import Reading, store_suggestion
from tests.factories import UserFactory, make_request
from tests.reading.readings import REFUSAL_RU, found

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 5, 16, 0, tzinfo=ALMATY)
SENTENCE = "В соответствии со статьёй 201 УПК РК в предоставлении информации отказано."
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def signed_in(client: Client, journalist: User) -> Client:
    client.force_login(journalist)
    return client


@pytest.fixture
def suggestion(submitted_request: InformationRequest) -> Suggestion:
    """The body's refusal, received at 15:20 on 5 March, read as citing CPC Art. 201."""
    event = record_event(
        information_request=submitted_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=datetime(2026, 3, 5, 15, 20, tzinfo=ALMATY),
        recorded_by=None,
        data={"from": "kense@police.gov.kz", "subject": "Ответ на запрос"},
    )
    reading = Reading(
        file_id=None,
        text=REFUSAL_RU,
        detection=Detection(
            kind="refused",
            kind_found=found(REFUSAL_RU, "отказано", sentence=SENTENCE),
            grounds=(
                Ground(
                    code="cpc_201",
                    label="ст. 201 УПК РК",
                    found=found(REFUSAL_RU, "статьёй 201 УПК РК", sentence=SENTENCE),
                ),
            ),
            language="ru",
        ),
    )
    stored = store_suggestion(event=event, readings=[reading], now=NOW)
    assert stored is not None
    return stored


def page_of(client: Client, information_request: InformationRequest, language: str) -> str:
    response = client.get(f"/requests/{information_request.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def confirm(client: Client, suggestion: Suggestion, **fields: str) -> str:
    prefix = f"suggestion-{suggestion.pk}"
    data = {
        f"{prefix}-occurred_at": "2026-03-05T15:20",
        f"{prefix}-ground": "ст. 201 УПК РК",
        f"{prefix}-note": "",
    } | {f"{prefix}-{name}": value for name, value in fields.items()}
    information_request = suggestion.event.information_request
    response = client.post(
        f"/requests/{information_request.pk}/suggestions/{suggestion.pk}/confirm/",
        data,
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.redirect_chain == [(f"/requests/{information_request.pk}/", 302)]
    return str(response.content.decode())


def kinds(information_request: InformationRequest) -> list[str]:
    return list(information_request.events.order_by("id").values_list("kind", flat=True))


def test_the_page_shows_the_refusal_its_ground_marked_in_its_sentence_and_the_form_filled(
    signed_in: Client, submitted_request: InformationRequest, suggestion: Suggestion
) -> None:
    page = page_of(signed_in, submitted_request, "en")

    assert (
        "The tracker read this reply: it looks like a refusal; ground cited: "
        "CPC Art. 201 (ст. 201 УПК РК)"
    ) in page
    assert (
        "В соответствии со <mark>статьёй 201 УПК РК</mark> в предоставлении информации "
        "отказано.<footer"
    ) in page
    assert "в предоставлении информации <mark>отказано</mark>." in page
    assert "in the message itself" in page
    prefix = f"suggestion-{suggestion.pk}"
    assert f'name="{prefix}-ground" value="ст. 201 УПК РК"' in page
    assert f'name="{prefix}-occurred_at" value="2026-03-05T15:20"' in page
    assert f'action="/requests/{submitted_request.pk}/suggestions/{suggestion.pk}/confirm/"' in page
    assert ">Record it</button>" in page
    assert ">Not this</button>" in page


def test_the_page_in_russian_names_the_refusal_and_its_ground_in_russian(
    signed_in: Client, submitted_request: InformationRequest, suggestion: Suggestion
) -> None:
    page = page_of(signed_in, submitted_request, "ru")

    assert (
        "Трекер прочитал этот ответ: похоже, это отказ; указанное основание: ст. 201 УПК РК<"
    ) in page
    assert ">Записать</button>" in page
    assert ">Не то</button>" in page


def test_one_post_of_the_filled_form_records_the_refusal_and_the_violation_has_its_ground(
    signed_in: Client,
    journalist: User,
    submitted_request: InformationRequest,
    suggestion: Suggestion,
) -> None:
    # when: the journalist clicks "Record it" on the form as filled
    page = confirm(signed_in, suggestion)

    # then: the refusal is recorded with its ground, and the suggestion names it
    assert "Recorded: Refused." in page
    refused = TimelineEvent.objects.get(information_request=submitted_request, kind="refused")
    assert (refused.occurred_at, refused.data, refused.recorded_by) == (
        datetime(2026, 3, 5, 15, 20, tzinfo=ALMATY),
        {"ground": "ст. 201 УПК РК"},
        journalist,
    )
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.decided_by, suggestion.recorded_event) == (
        SuggestionState.CONFIRMED,
        journalist,
        refused,
    )
    submitted_request.refresh_from_db()
    assert submitted_request.status == Status.REFUSED
    assert "The tracker read this reply" not in page

    # when: the sweep draws the violations
    sweep_deadlines(now=NOW)

    # then: the draft violation carries the ground and is counted as a CPC Art. 201 refusal
    violation = Violation.objects.get(information_request=submitted_request)
    assert (violation.category, violation.legal_ground_cited, violation.occurred_on) == (
        "refusal_cpc_201",
        "ст. 201 УПК РК",
        date(2026, 3, 5),
    )


def test_a_ground_corrected_before_the_click_is_recorded_as_corrected(
    signed_in: Client, submitted_request: InformationRequest, suggestion: Suggestion
) -> None:
    confirm(signed_in, suggestion, ground="информация для служебного пользования")

    sweep_deadlines(now=NOW)
    violation = Violation.objects.get(information_request=submitted_request)
    assert (violation.category, violation.legal_ground_cited) == (
        "refusal_official_use",
        "информация для служебного пользования",
    )


def test_a_date_in_the_future_is_refused_on_its_field_and_nothing_is_confirmed(
    signed_in: Client, submitted_request: InformationRequest, suggestion: Suggestion
) -> None:
    page = confirm(signed_in, suggestion, occurred_at="2026-03-07T10:00")

    assert "When: The date cannot be in the future." in page
    assert kinds(submitted_request) == ["created", "submitted", "reply_received"]
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.recorded_event) == (SuggestionState.OPEN, None)


def test_a_suggestion_the_request_has_moved_past_says_so_and_records_nothing(
    signed_in: Client,
    journalist: User,
    submitted_request: InformationRequest,
    suggestion: Suggestion,
) -> None:
    # given: the request was withdrawn after the reply came (a refusal cannot follow that)
    record_event(
        information_request=submitted_request,
        kind=EventKind.WITHDRAWN,
        occurred_at=datetime(2026, 3, 5, 15, 40, tzinfo=ALMATY),
        recorded_by=journalist,
    )

    # then: the page says the suggestion is out of date and offers no record form
    page = page_of(signed_in, submitted_request, "en")
    assert "This suggestion is out of date" in page
    assert f"/suggestions/{suggestion.pk}/confirm/" not in page

    # when: the old form is posted anyway
    page = confirm(signed_in, suggestion)

    # then
    assert (
        "The suggestion is out of date: “Refused” cannot follow now that the request is "
        "“Withdrawn”. Nothing was recorded."
    ) in page
    assert kinds(submitted_request) == ["created", "submitted", "reply_received", "withdrawn"]
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.OPEN


def test_a_suggestion_confirmed_once_records_nothing_the_second_time(
    signed_in: Client, submitted_request: InformationRequest, suggestion: Suggestion
) -> None:
    confirm(signed_in, suggestion)

    page = confirm(signed_in, suggestion)

    assert "This suggestion was already confirmed or dismissed: nothing was recorded." in page
    assert kinds(submitted_request).count("refused") == 1


def test_not_this_dismisses_the_suggestion_and_records_nothing(
    signed_in: Client,
    journalist: User,
    submitted_request: InformationRequest,
    suggestion: Suggestion,
) -> None:
    response = signed_in.post(
        f"/requests/{submitted_request.pk}/suggestions/{suggestion.pk}/dismiss/",
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    page = response.content.decode()
    assert "Suggestion dismissed: record what the reply is yourself." in page
    assert "The tracker read this reply" not in page
    assert kinds(submitted_request) == ["created", "submitted", "reply_received"]
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.decided_by, suggestion.decided_at) == (
        SuggestionState.DISMISSED,
        journalist,
        NOW,
    )


@pytest.mark.parametrize("action", ["confirm", "dismiss"])
def test_someone_who_may_not_change_the_request_gets_a_404_and_nothing_changes(
    client: Client, submitted_request: InformationRequest, suggestion: Suggestion, action: str
) -> None:
    client.force_login(UserFactory.create(username="outsider"))

    response = client.post(
        f"/requests/{submitted_request.pk}/suggestions/{suggestion.pk}/{action}/",
        {f"suggestion-{suggestion.pk}-occurred_at": "2026-03-05T15:20"},
    )

    assert response.status_code == 404
    assert kinds(submitted_request) == ["created", "submitted", "reply_received"]
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.OPEN


def test_a_suggestion_of_another_request_is_a_404(
    signed_in: Client,
    journalist: User,
    submitted_request: InformationRequest,
    suggestion: Suggestion,
) -> None:
    # given: another request of the same journalist
    other = make_request(requester=journalist, subject="Другой запрос")

    response = signed_in.post(f"/requests/{other.pk}/suggestions/{suggestion.pk}/confirm/", {})

    assert response.status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.OPEN


def test_a_reply_classified_by_hand_meanwhile_records_nothing_from_its_old_form(
    signed_in: Client,
    journalist: User,
    submitted_request: InformationRequest,
    suggestion: Suggestion,
) -> None:
    # given: the journalist recorded the reply as an extension through the record form (a
    # refusal could still follow it)
    record_event(
        information_request=submitted_request,
        kind=EventKind.EXTENDED,
        occurred_at=datetime(2026, 3, 5, 15, 20, tzinfo=ALMATY),
        recorded_by=journalist,
    )

    # when: the suggestion's form, still open in another tab, is posted
    page = confirm(signed_in, suggestion)

    # then
    assert "This reply was classified after the suggestion was made: nothing was recorded." in page
    assert kinds(submitted_request) == ["created", "submitted", "reply_received", "extended"]
