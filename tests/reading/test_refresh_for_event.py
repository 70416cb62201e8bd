"""The suggestion of a reply, computed in the worker once its files have their text: one per
reply, replaced while open, never changed once decided, none for a reply already classified."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.incoming import Outcome, ingest_message
from requests_tracker.reading.detection import Detection, Ground
from requests_tracker.reading.models import Suggestion, SuggestionState
from requests_tracker.reading.pipeline import read_event
from requests_tracker.reading.services import confirm_suggestion, dismiss_suggestion
from requests_tracker.reading.suggestions import Reading, refresh_for_event, store_suggestion
from tests.reading.readings import REFUSAL_RU, found, refusal_pdf, reply_with

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 5, 16, 0, tzinfo=ALMATY)
pytestmark = pytest.mark.django_db
SENTENCE = "В соответствии со статьёй 201 УПК РК в предоставлении информации отказано."


def reply_event(information_request: InformationRequest) -> TimelineEvent:
    return record_event(
        information_request=information_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=datetime(2026, 3, 5, 15, 20, tzinfo=ALMATY),
        recorded_by=None,
        data={"from": "kense@police.gov.kz", "subject": "Ответ на запрос"},
    )


def refusal_reading(label: str = "ст. 201 УПК РК") -> Reading:
    return Reading(
        file_id=None,
        text=REFUSAL_RU,
        detection=Detection(
            kind="refused",
            grounds=(
                Ground(
                    code="cpc_201",
                    label=label,
                    found=found(REFUSAL_RU, "статьёй 201 УПК РК", sentence=SENTENCE),
                ),
            ),
            language="ru",
        ),
    )


def extension_reading() -> Reading:
    text = "Срок рассмотрения продлён до 20.03.2026."
    return Reading(
        file_id=None,
        text=text,
        detection=Detection(
            kind="extended",
            new_due_date=found(text, "20.03.2026", sentence=text, value="2026-03-20"),
            language="ru",
        ),
    )


def test_a_refusal_filed_by_email_is_suggested_once_its_pdf_is_read(
    submitted_request: InformationRequest,
) -> None:
    # given: the body's refusal arrives by email, its letter attached as a PDF
    raw = reply_with(submitted_request, files=[("ответ.pdf", refusal_pdf(), "application/pdf")])
    result = ingest_message(raw=raw, source="pipe", now=NOW)
    assert result.outcome == Outcome.FILED
    event = result.incoming.timeline_event
    assert event is not None
    letter = EvidenceFile.objects.get(event=event)

    # when: the worker reads the event's files, twice (a redelivered task)
    with time_machine.travel(NOW, tick=False):
        read_event(event.pk)
        read_event(event.pk)

    # then: one open suggestion, a refusal on CPC Art. 201, read in the letter, with the number
    # and date the body gave its letter ("Исх. № 3Т-Ж-123 от 05.03.2026")
    suggestion = Suggestion.objects.get()
    assert (suggestion.event_id, suggestion.kind, suggestion.state, suggestion.language) == (
        event.pk,
        "refused",
        SuggestionState.OPEN,
        "ru",
    )
    assert suggestion.values == {
        "ground": "ст. 201 УПК РК",
        "ground_codes": ["cpc_201"],
        "registration_number": "3Т-Ж-123",
        "registered_on": "2026-03-05",
    }
    (source,) = suggestion.sources["ground"]
    assert (source["file"], source["sentence"]) == (letter.pk, SENTENCE)
    assert "201" in source["sentence"][source["start"] : source["end"]]
    assert suggestion.computed_at == NOW


def test_an_open_suggestion_is_replaced_when_computed_again(
    submitted_request: InformationRequest,
) -> None:
    # given: a reply first read as an extension
    event = reply_event(submitted_request)
    first = store_suggestion(event=event, readings=[extension_reading()], now=NOW)
    assert first is not None

    # when: its text is read again and now reads as a refusal
    later = datetime(2026, 3, 5, 17, 0, tzinfo=ALMATY)
    second = store_suggestion(event=event, readings=[refusal_reading()], now=later)

    # then: the same row, with the new kind and values
    assert second is not None
    assert second.pk == first.pk
    assert Suggestion.objects.count() == 1
    assert (second.kind, second.values, second.computed_at) == (
        "refused",
        {"ground": "ст. 201 УПК РК", "ground_codes": ["cpc_201"]},
        later,
    )


def test_a_confirmed_suggestion_is_never_changed(
    submitted_request: InformationRequest, journalist: User
) -> None:
    # given: a refusal suggested and confirmed
    event = reply_event(submitted_request)
    suggestion = store_suggestion(event=event, readings=[refusal_reading()], now=NOW)
    assert suggestion is not None
    confirm_suggestion(
        suggestion_id=suggestion.pk,
        information_request=submitted_request,
        occurred_at=datetime(2026, 3, 5, 15, 20, tzinfo=ALMATY),
        recorded_by=journalist,
        data={"ground": "ст. 201 УПК РК"},
        note="",
        uploads=[],
    )

    # when: the reply is read again and now reads otherwise
    kept = store_suggestion(event=event, readings=[extension_reading()], now=NOW)

    # then
    assert kept is not None
    kept.refresh_from_db()
    assert (kept.kind, kept.state, kept.values["ground"]) == (
        "refused",
        SuggestionState.CONFIRMED,
        "ст. 201 УПК РК",
    )


def test_a_dismissed_suggestion_is_not_offered_again(
    submitted_request: InformationRequest, journalist: User
) -> None:
    # given
    event = reply_event(submitted_request)
    suggestion = store_suggestion(event=event, readings=[refusal_reading()], now=NOW)
    assert suggestion is not None
    dismiss_suggestion(
        suggestion_id=suggestion.pk, information_request=submitted_request, user=journalist, now=NOW
    )

    # when
    store_suggestion(event=event, readings=[refusal_reading()], now=NOW)

    # then
    assert list(Suggestion.objects.values_list("state", flat=True)) == [SuggestionState.DISMISSED]


def test_a_reply_classified_before_it_was_read_gets_no_open_suggestion(
    submitted_request: InformationRequest, journalist: User
) -> None:
    # given: a reply read as an extension, then classified by hand as a refusal
    event = reply_event(submitted_request)
    store_suggestion(event=event, readings=[extension_reading()], now=NOW)
    record_event(
        information_request=submitted_request,
        kind=EventKind.REFUSED,
        occurred_at=datetime(2026, 3, 5, 15, 30, tzinfo=ALMATY),
        recorded_by=journalist,
        data={"ground": "ст. 201 УПК РК"},
    )

    # when: its text is read (again)
    stored = store_suggestion(event=event, readings=[refusal_reading()], now=NOW)

    # then: nothing left to suggest
    assert stored is None
    assert Suggestion.objects.count() == 0


def test_a_reply_that_reads_as_nothing_has_its_open_suggestion_removed(
    submitted_request: InformationRequest,
) -> None:
    # given
    event = reply_event(submitted_request)
    store_suggestion(event=event, readings=[extension_reading()], now=NOW)

    # when
    nothing = Reading(file_id=None, text="Добрый день.", detection=Detection())
    stored = store_suggestion(event=event, readings=[nothing], now=NOW)

    # then
    assert stored is None
    assert Suggestion.objects.count() == 0


def test_an_event_that_is_not_a_reply_gets_no_suggestion(
    submitted_request: InformationRequest, journalist: User
) -> None:
    # given: a note whose text would read as a refusal
    note = record_event(
        information_request=submitted_request,
        kind=EventKind.NOTE,
        occurred_at=datetime(2026, 3, 5, 15, 20, tzinfo=ALMATY),
        recorded_by=journalist,
        note=REFUSAL_RU,
    )

    # when
    refresh_for_event(note.pk)

    # then
    assert Suggestion.objects.count() == 0


def test_a_registration_recorded_meanwhile_leaves_a_refusal_suggested(
    submitted_request: InformationRequest, journalist: User
) -> None:
    # given: a reply read as a refusal; the journalist then records the registration by hand
    event = reply_event(submitted_request)
    record_event(
        information_request=submitted_request,
        kind=EventKind.REGISTERED,
        occurred_at=datetime(2026, 3, 3, 10, 0, tzinfo=ALMATY),
        recorded_by=journalist,
        data={"registration_number": "ЖТ-2026-01234", "registered_on": "2026-03-03"},
    )

    # when
    stored = store_suggestion(event=event, readings=[refusal_reading()], now=NOW)

    # then: the refusal is still to confirm
    assert stored is not None
    assert (stored.kind, stored.state) == ("refused", SuggestionState.OPEN)


def test_a_registration_recorded_meanwhile_answers_a_registration_suggested(
    submitted_request: InformationRequest, journalist: User
) -> None:
    # given
    event = reply_event(submitted_request)
    record_event(
        information_request=submitted_request,
        kind=EventKind.REGISTERED,
        occurred_at=datetime(2026, 3, 3, 10, 0, tzinfo=ALMATY),
        recorded_by=journalist,
        data={"registration_number": "ЖТ-2026-01234", "registered_on": "2026-03-03"},
    )
    text = "Ваше обращение зарегистрировано 03.03.2026 за № ЖТ-2026-01234."
    registration = Reading(
        file_id=None,
        text=text,
        detection=Detection(
            kind="registered",
            registration_number=found(text, "ЖТ-2026-01234", sentence=text),
            language="ru",
        ),
    )

    # then
    assert store_suggestion(event=event, readings=[registration], now=NOW) is None
