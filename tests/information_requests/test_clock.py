"""A request's deadlines follow its timeline: each event recomputes them, and history is kept."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import Deadline, DeadlineState, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def record(
    information_request: InformationRequest, kind: EventKind, when: datetime, **data: str
) -> None:
    record_event(
        information_request=information_request,
        kind=kind,
        occurred_at=when,
        recorded_by=information_request.requester,
        data=data,
    )


def live(information_request: InformationRequest) -> dict[str, Deadline]:
    return {
        deadline.legal_rule.rule_id: deadline
        for deadline in information_request.deadlines.live().select_related("legal_rule")
    }


def test_a_draft_has_no_deadline() -> None:
    information_request = make_request(created_at=at(2026, 3, 2))

    assert information_request.deadlines.count() == 0


def test_a_journalists_request_citing_two_laws_gets_both_deadlines_and_the_earliest_is_legal() -> (
    None
):
    # given: a request under the Mass Media Law (5 working days from receipt) and the ATI Law
    # (15 calendar days from registration)
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response", "KZ.ATI.11.response"), created_at=at(2026, 3, 2)
    )

    # when: it reaches the body on Monday 2 March 2026 and is registered the same day
    record(information_request, EventKind.SUBMITTED, at(2026, 3, 2, 11))
    record(information_request, EventKind.REGISTERED, at(2026, 3, 2, 15), registration_number="1")

    # then: 5 working days: 3, 4, 5, 6 March (9 March is the observed Women's Day) 10 March;
    # 15 calendar days: 17 March
    deadlines = live(information_request)
    assert {rule: d.due_date for rule, d in deadlines.items()} == {
        "KZ.MEDIA.36.response": date(2026, 3, 10),
        "KZ.ATI.11.response": date(2026, 3, 17),
    }
    assert deadlines["KZ.MEDIA.36.response"].is_legal_deadline is True
    assert deadlines["KZ.ATI.11.response"].is_legal_deadline is False
    assert deadlines["KZ.MEDIA.36.response"].ends_at == datetime(
        2026, 3, 10, 23, 59, 59, 999999, tzinfo=ALMATY
    )


def test_registration_on_a_later_day_moves_the_registration_based_deadline_and_keeps_history() -> (
    None
):
    information_request = make_request(rule_ids=("KZ.ATI.11.response",), created_at=at(2026, 3, 2))
    record(information_request, EventKind.SUBMITTED, at(2026, 3, 2, 11))
    # before registration, the clock assumes registration on the day of receipt: 2 + 15 = 17 March

    record(information_request, EventKind.REGISTERED, at(2026, 3, 4), registered_on="2026-03-04")

    rows = list(information_request.deadlines.order_by("id").values_list("state", "due_date"))
    assert rows == [
        (DeadlineState.SUPERSEDED, date(2026, 3, 17)),
        (DeadlineState.RUNNING, date(2026, 3, 19)),
    ]


def test_an_extension_notified_late_moves_the_deadline_and_is_a_finding() -> None:
    # given: a Mass Media Law request received Monday 2 March 2026, due 10 March
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",), created_at=at(2026, 3, 2)
    )
    record(information_request, EventKind.SUBMITTED, at(2026, 3, 2, 11))

    # when: the head extends it on 5 March, and the outlet is told only on 11 March
    record(
        information_request,
        EventKind.EXTENDED,
        at(2026, 3, 11),
        decided_on="2026-03-05",
        notified_on="2026-03-11",
    )

    # then: Art. 36 allows up to 15 calendar days from the original due date: 10 + 15 = 25 March,
    # an observed Nauryz day off, so 26 March; the notice was due within 2 working days of
    # 5 March: by 10 March (9 March is a day off)
    deadline = live(information_request)["KZ.MEDIA.36.response"]
    assert deadline.due_date == date(2026, 3, 26)
    assert deadline.findings == [
        {
            "category": "extension_not_notified",
            "occurred_on": "2026-03-11",
            "detail": "KZ.MEDIA.36.extension_notice: notified on 11.03.2026, due by 10.03.2026",
        }
    ]


def test_an_extension_to_a_date_within_the_limit_is_taken_as_the_body_set_it() -> None:
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",), created_at=at(2026, 3, 2)
    )
    record(information_request, EventKind.SUBMITTED, at(2026, 3, 2, 11))

    record(
        information_request,
        EventKind.EXTENDED,
        at(2026, 3, 6),
        decided_on="2026-03-05",
        notified_on="2026-03-06",
        new_due_date="2026-03-20",
    )

    deadline = live(information_request)["KZ.MEDIA.36.response"]
    assert deadline.due_date == date(2026, 3, 20)
    assert deadline.findings == []


def test_forwarding_restarts_the_clock_at_the_new_body_and_late_forwarding_is_a_finding() -> None:
    # given: an ATI request received by the wrong body on Monday 2 March 2026
    information_request = make_request(
        body_slug="akimat-kz-75", rule_ids=("KZ.ATI.11.response",), created_at=at(2026, 3, 2)
    )
    record(information_request, EventKind.SUBMITTED, at(2026, 3, 2, 11))

    # when: it forwards the request on 10 March, and the police receive it on 11 March
    record(
        information_request,
        EventKind.FORWARDED,
        at(2026, 3, 10),
        to_body="police-kz-75",
        forwarded_on="2026-03-10",
        received_at="2026-03-11T09:00:00+05:00",
    )

    # then: forwarding was due within 3 working days of receipt, by 5 March; the new clock runs
    # 15 calendar days from 11 March: 26 March
    information_request.refresh_from_db()
    assert information_request.public_body.slug == "police-kz-75"
    deadline = live(information_request)["KZ.ATI.11.response"]
    assert deadline.due_date == date(2026, 3, 26)
    assert [finding["category"] for finding in deadline.findings] == ["late_forwarding"]
    assert deadline.findings[0]["detail"] == (
        "KZ.ATI.11.forwarding: forwarded on 10.03.2026, due by 05.03.2026"
    )


def test_a_clarification_pauses_the_clock_and_the_days_left_run_on_from_the_answer() -> None:
    # given: a Mass Media Law request received Monday 2 March 2026, due 10 March
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",), created_at=at(2026, 3, 2)
    )
    record(information_request, EventKind.SUBMITTED, at(2026, 3, 2, 11))

    # when: the body asks for a clarification on Wednesday 4 March (3 working days left)
    record(information_request, EventKind.CLARIFICATION_REQUESTED, at(2026, 3, 4))

    # then: the clock is paused with the days left stored
    paused = live(information_request)["KZ.MEDIA.36.response"]
    assert (paused.state, paused.remaining_amount) == (DeadlineState.PAUSED, 3)
    assert InformationRequest.objects.get(pk=information_request.pk).status == (
        Status.CLARIFICATION_REQUESTED
    )

    # when: the journalist answers on Thursday 12 March
    record(information_request, EventKind.CLARIFICATION_PROVIDED, at(2026, 3, 12))

    # then: 3 working days from 12 March: 13, 16, 17 March
    resumed = live(information_request)["KZ.MEDIA.36.response"]
    assert (resumed.state, resumed.due_date) == (DeadlineState.RUNNING, date(2026, 3, 17))


def test_an_answer_in_time_meets_the_deadline() -> None:
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",), created_at=at(2026, 3, 2)
    )
    record(information_request, EventKind.SUBMITTED, at(2026, 3, 2, 11))

    record(information_request, EventKind.ANSWERED, at(2026, 3, 10, 23, 30))

    deadline = information_request.deadlines.get()
    assert (deadline.state, deadline.findings) == (DeadlineState.MET, [])


def test_a_late_answer_is_a_finding_with_the_days_late() -> None:
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",), created_at=at(2026, 3, 2)
    )
    record(information_request, EventKind.SUBMITTED, at(2026, 3, 2, 11))

    record(information_request, EventKind.ANSWERED, at(2026, 3, 13))

    deadline = information_request.deadlines.get()
    assert deadline.state == DeadlineState.PASSED
    assert deadline.findings == [
        {
            "category": "late_answer",
            "occurred_on": "2026-03-13",
            "detail": "KZ.MEDIA.36.response: answered 3 day(s) after 10.03.2026",
        }
    ]


def test_the_reminder_comes_the_chosen_number_of_working_days_before() -> None:
    requester = User.objects.create(username="reminded", reminder_working_days=3)
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",), created_at=at(2026, 3, 2), requester=requester
    )

    record(information_request, EventKind.SUBMITTED, at(2026, 3, 2, 11))

    # due Tuesday 10 March; 3 working days before: 6, 5, 4 March (9 March is a day off)
    deadline = information_request.deadlines.get()
    assert deadline.reminder_at == datetime(2026, 3, 4, 0, 0, tzinfo=ALMATY)
    assert deadline.due_day_starts_at == datetime(2026, 3, 10, 0, 0, tzinfo=ALMATY)
