"""A timeline holds no impossible fact: nothing in the future (beyond a few minutes of clock skew),
nothing before the request's first fact, no body acting before it received the request, no step
before the last one. Each refusal says why in the user's language and writes nothing.

The clock is frozen at Tuesday 10 March 2026, 12:00 in Almaty.
"""

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from requests_tracker.information_requests.facts_check import (
    CLOCK_SKEW_ALLOWANCE,
    ImpossibleFactError,
)
from requests_tracker.information_requests.forms import EventForm, ExtendedForm
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=ALMATY)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_in_english() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def record(
    information_request: InformationRequest, kind: EventKind, when: datetime, **data: Any
) -> TimelineEvent:
    return record_event(
        information_request=information_request,
        kind=kind,
        occurred_at=when,
        recorded_by=information_request.requester,
        data=data,
    )


def snapshot(information_request: InformationRequest) -> tuple[Any, ...]:
    """What a refusal must leave as it was: the timeline, the status, the deadlines."""
    information_request.refresh_from_db()
    return (
        list(information_request.events.values_list("kind", "occurred_at")),
        information_request.status,
        list(information_request.deadlines.values_list("due_date", "state")),
    )


def registered_request() -> InformationRequest:
    """Created Monday 2 March 2026, submitted on the 3rd, registered on the 4th."""
    information_request = make_request(created_at=at(3, 2))
    record(information_request, EventKind.SUBMITTED, at(3, 3), channel="post")
    record(information_request, EventKind.REGISTERED, at(3, 4), registration_number="1")
    return information_request


# --- In the future -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "when", "data", "message"),
    [
        # The two facts of the issue: a registration next year, a refusal in 2030.
        (
            EventKind.EXTENDED,
            at(3, 15, year=2027),
            {},
            "“Period extended” cannot be dated 15.03.2027 10:00: that is in the future.",
        ),
        (
            EventKind.REFUSED,
            at(1, 1, 0, year=2030),
            {"ground": "ст. 201 УПК РК"},
            "“Refused” cannot be dated 01.01.2030 00:00: that is in the future.",
        ),
        # Six minutes ahead of 12:00 is past the five minutes of skew.
        (
            EventKind.ANSWERED,
            at(3, 10, 12, 6),
            {},
            "“Answered in full” cannot be dated 10.03.2026 12:06: that is in the future.",
        ),
    ],
)
def test_an_event_in_the_future_is_refused_and_nothing_changes(
    kind: EventKind, when: datetime, data: dict[str, str], message: str
) -> None:
    information_request = registered_request()
    before = snapshot(information_request)

    with pytest.raises(ImpossibleFactError) as refusal:
        record(information_request, kind, when, **data)

    assert str(refusal.value) == message
    assert snapshot(information_request) == before


def test_a_registration_next_year_is_refused_on_a_submitted_request() -> None:
    # given: submitted on 3 March 2026
    information_request = make_request(created_at=at(3, 2))
    record(information_request, EventKind.SUBMITTED, at(3, 3), channel="post")
    before = snapshot(information_request)

    # when: registered "15.03.2027", as the issue found saved
    with pytest.raises(ImpossibleFactError) as refusal:
        record(information_request, EventKind.REGISTERED, at(3, 15, 9, year=2027))

    # then
    assert str(refusal.value) == (
        "“Registered by the body” cannot be dated 15.03.2027 09:00: that is in the future."
    )
    assert snapshot(information_request) == before
    assert information_request.status == Status.SUBMITTED


def test_five_minutes_ahead_is_clock_skew_and_is_recorded() -> None:
    # given: the skew allowed is five minutes
    assert timedelta(minutes=5) == CLOCK_SKEW_ALLOWANCE
    information_request = registered_request()

    # when: answered at 12:05 by a clock five minutes fast
    record(information_request, EventKind.ANSWERED, at(3, 10, 12, 5))

    # then
    information_request.refresh_from_db()
    assert information_request.status == Status.ANSWERED


def test_a_moment_one_second_past_the_skew_is_refused() -> None:
    information_request = registered_request()

    with pytest.raises(ImpossibleFactError):
        record(information_request, EventKind.ANSWERED, NOW + timedelta(minutes=5, seconds=1))

    assert information_request.events.count() == 3


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ru", "«Отказано» не может иметь дату 01.01.2030 00:00: это время ещё не наступило."),
        (
            "kk",
            "«Бас тартылды» 01.01.2030 00:00 уақытымен белгілене алмайды: бұл уақыт әлі "
            "келген жоқ.",
        ),
    ],
)
def test_the_refusal_of_a_future_event_is_in_the_users_language(
    language: str, message: str
) -> None:
    information_request = registered_request()

    with translation.override(language), pytest.raises(ImpossibleFactError) as refusal:
        record(information_request, EventKind.REFUSED, at(1, 1, 0, year=2030), ground="—")

    assert str(refusal.value) == message


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (
            EventKind.EXTENDED,
            {"decided_on": "2026-03-09", "notified_on": "2026-03-11"},
            "“Period extended” names 11.03.2026, a date in the future.",
        ),
        (
            EventKind.FORWARDED,
            {
                "to_body": "prosecutor-kz-75",
                "forwarded_on": "2026-03-09",
                "received_at": "2026-03-10T12:30:00+05:00",
            },
            "“Forwarded to another body” names 10.03.2026, a date in the future.",
        ),
    ],
)
def test_a_date_in_the_details_that_lies_ahead_is_refused(
    kind: EventKind, data: dict[str, str], message: str
) -> None:
    # given: a registered request; today is 10 March, 12:00
    information_request = registered_request()
    before = snapshot(information_request)

    # when: the details name tomorrow's notice, or an arrival at 12:30 today
    with pytest.raises(ImpossibleFactError) as refusal:
        record(information_request, kind, at(3, 9), **data)

    # then
    assert str(refusal.value) == message
    assert snapshot(information_request) == before


def test_the_date_the_body_sets_for_its_answer_may_lie_ahead() -> None:
    information_request = registered_request()

    record(
        information_request,
        EventKind.EXTENDED,
        at(3, 9),
        decided_on="2026-03-09",
        new_due_date="2026-03-31",
        notified_on="2026-03-10",
    )

    assert information_request.events.filter(kind=EventKind.EXTENDED).count() == 1


# --- Before the request's first fact ---------------------------------------------------------


def test_a_draft_cannot_be_withdrawn_before_it_was_created() -> None:
    # given: a draft created on 2 March
    information_request = make_request(created_at=at(3, 2))
    before = snapshot(information_request)

    # when
    with pytest.raises(ImpossibleFactError) as refusal:
        record(information_request, EventKind.WITHDRAWN, at(3, 1))

    # then
    assert str(refusal.value) == (
        "“Withdrawn” cannot be dated 01.03.2026: the request's timeline starts on 02.03.2026."
    )
    assert snapshot(information_request) == before


def test_a_letter_sent_before_the_draft_was_entered_is_a_back_dated_request() -> None:
    # given: a request entered today, 10 March, for a letter handed in on 20 February
    information_request = make_request(created_at=NOW)

    # when: its whole course is recorded today
    record(information_request, EventKind.SUBMITTED, at(2, 20), channel="in_person")
    record(information_request, EventKind.REGISTERED, at(2, 20), registration_number="7")
    record(information_request, EventKind.ANSWERED, at(3, 3))

    # then
    information_request.refresh_from_db()
    assert information_request.status == Status.ANSWERED
    assert [day.date().isoformat() for day in _days(information_request)] == [
        "2026-02-20",
        "2026-02-20",
        "2026-03-03",
        "2026-03-10",
    ]


def _days(information_request: InformationRequest) -> list[datetime]:
    return [
        moment.astimezone(ALMATY)
        for moment in information_request.events.order_by("occurred_at").values_list(
            "occurred_at", flat=True
        )
    ]


def test_nothing_but_the_letter_comes_before_a_back_dated_requests_first_fact() -> None:
    # given: entered today for a letter handed in on 20 February
    information_request = make_request(created_at=NOW)
    record(information_request, EventKind.SUBMITTED, at(2, 20), channel="in_person")

    # when: the body is said to have registered it on 19 February
    with pytest.raises(ImpossibleFactError) as refusal:
        record(information_request, EventKind.REGISTERED, at(2, 19))

    # then
    assert str(refusal.value) == (
        "“Registered by the body” cannot be dated 19.02.2026: the request's timeline starts on "
        "20.02.2026."
    )


# --- Out of order ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (EventKind.REGISTERED, {"registration_number": "1"}),
        (EventKind.EXTENDED, {}),
        (EventKind.CLARIFICATION_REQUESTED, {}),
        (EventKind.PARTIALLY_ANSWERED, {}),
        (EventKind.ANSWERED, {}),
        (EventKind.REFUSED, {"ground": "для служебного пользования"}),
    ],
)
def test_the_body_cannot_act_before_it_received_the_request(
    kind: EventKind, data: dict[str, str]
) -> None:
    # given: created on 2 March, submitted on Thursday 5 March
    information_request = make_request(created_at=at(3, 2))
    record(information_request, EventKind.SUBMITTED, at(3, 5), channel="post")
    before = snapshot(information_request)

    # when: the body's act is dated 4 March
    with pytest.raises(ImpossibleFactError) as refusal:
        record(information_request, kind, at(3, 4), **data)

    # then
    assert str(refusal.value) == (
        f"“{kind.label}” cannot be dated 04.03.2026: the body received the request on "
        "05.03.2026, and cannot act on it before."
    )
    assert snapshot(information_request) == before


def test_a_registration_typed_as_a_day_counts_on_the_day_of_an_email_sent_later_that_day() -> None:
    # given: emailed on 5 March at 15:00
    information_request = make_request(created_at=at(3, 2))
    record(information_request, EventKind.SUBMITTED, at(3, 5, 15), channel="email")

    # when: the registration is typed as "2026-03-05", the start of that day
    record(information_request, EventKind.REGISTERED, at(3, 5, 0), registration_number="9")

    # then
    information_request.refresh_from_db()
    assert information_request.status == Status.AWAITING_REPLY


def test_a_clarification_cannot_be_given_before_it_was_asked() -> None:
    # given: registered on 4 March, a clarification asked on 6 March
    information_request = registered_request()
    record(information_request, EventKind.CLARIFICATION_REQUESTED, at(3, 6))
    before = snapshot(information_request)

    # when
    with pytest.raises(ImpossibleFactError) as refusal:
        record(information_request, EventKind.CLARIFICATION_PROVIDED, at(3, 5))

    # then
    assert str(refusal.value) == (
        "“Clarification given” cannot be dated 05.03.2026: it would come before "
        "“Clarification asked” of 06.03.2026, already on the timeline."
    )
    assert snapshot(information_request) == before


def test_a_refusal_cannot_come_before_the_registration_already_recorded() -> None:
    # given: submitted 3 March, registered 4 March
    information_request = registered_request()

    # when: refused "on 3 March", after the submission but before the registration
    with pytest.raises(ImpossibleFactError) as refusal:
        record(information_request, EventKind.REFUSED, at(3, 3), ground="—")

    # then
    assert str(refusal.value) == (
        "“Refused” cannot be dated 03.03.2026: it would come before “Registered by the body” "
        "of 04.03.2026, already on the timeline."
    )
    assert information_request.events.count() == 3


def test_the_new_body_cannot_receive_a_request_before_it_was_forwarded() -> None:
    information_request = registered_request()
    before = snapshot(information_request)

    with pytest.raises(ImpossibleFactError) as refusal:
        record(
            information_request,
            EventKind.FORWARDED,
            at(3, 6),
            to_body="prosecutor-kz-75",
            forwarded_on="2026-03-06",
            received_at="2026-03-05T10:00:00+05:00",
        )

    assert str(refusal.value) == (
        "The new body cannot receive the request on 05.03.2026, before it was forwarded on "
        "06.03.2026."
    )
    assert snapshot(information_request) == before


def test_the_notice_of_an_extension_cannot_come_before_its_decision() -> None:
    information_request = registered_request()

    with pytest.raises(ImpossibleFactError) as refusal:
        record(
            information_request,
            EventKind.EXTENDED,
            at(3, 6),
            decided_on="2026-03-06",
            notified_on="2026-03-05",
        )

    assert str(refusal.value) == (
        "You cannot have been told of the extension on 05.03.2026, before the body decided it "
        "on 06.03.2026."
    )
    assert information_request.events.count() == 3


def test_an_answer_recorded_late_may_be_dated_before_the_sweeps_overdue_event() -> None:
    # given: registered 4 March, and the sweep's overdue event on 9 March (not a step)
    information_request = registered_request()
    information_request.events.create(kind=EventKind.OVERDUE, occurred_at=at(3, 9, 23, 59))
    InformationRequest.objects.filter(pk=information_request.pk).update(status=Status.OVERDUE)

    # when: the answer that came on 6 March is recorded today
    record(information_request, EventKind.ANSWERED, at(3, 6))

    # then
    information_request.refresh_from_db()
    assert information_request.status == Status.ANSWERED


def test_a_reply_whose_message_date_precedes_the_submission_is_still_filed() -> None:
    # given: mail ingestion files a reply at its Date header, which the sender's clock wrote
    information_request = registered_request()

    # when
    record_event(
        information_request=information_request,
        kind=EventKind.REPLY_RECEIVED,
        occurred_at=at(3, 1),
        recorded_by=None,
    )

    # then: it is on the timeline, for the requester to classify
    assert information_request.events.filter(kind=EventKind.REPLY_RECEIVED).count() == 1


# --- The forms, which show the refusal on the field ------------------------------------------


def test_the_event_form_refuses_a_moment_next_year_on_its_field() -> None:
    form = EventForm({"occurred_at": "2027-03-15T09:00"})

    assert not form.is_valid()
    assert form.errors == {"occurred_at": ["The date cannot be in the future."]}


def test_the_event_form_takes_a_moment_within_the_skew() -> None:
    form = EventForm({"occurred_at": "2026-03-10T12:05"})

    assert form.is_valid(), form.errors


def test_the_extension_form_refuses_a_notice_dated_tomorrow() -> None:
    form = ExtendedForm({"occurred_at": "2026-03-09T10:00", "notified_on": "2026-03-11"})

    assert not form.is_valid()
    assert form.errors == {"notified_on": ["The date cannot be in the future."]}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "When: The date cannot be in the future."),
        ("ru", "Когда: Дата не может быть в будущем."),
        ("kk", "Қашан: Күн болашақта бола алмайды."),
    ],
)
def test_the_request_page_refuses_a_refusal_dated_2030_and_saves_nothing(
    client: Client, language: str, message: str
) -> None:
    # given: a registered request, its page in the user's language
    information_request = registered_request()
    client.force_login(information_request.requester)
    before = snapshot(information_request)

    # when: a refusal "on 01.01.2030" is recorded on the page
    response = client.post(
        f"/requests/{information_request.pk}/events/refused/",
        {"refused-occurred_at": "2030-01-01T00:00", "refused-ground": "ст. 201 УПК РК"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )

    # then
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot(information_request) == before
