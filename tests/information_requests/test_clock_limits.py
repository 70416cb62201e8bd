"""The law's limits hold in the clock: how many times a body may extend, how far, the notice it
owes, and how soon it must forward. An extension beyond the limit is recorded as it happened,
does not move the legal deadline, and is a finding. Every date below is counted by hand on the
printed calendar of October 2026 (no holiday before the observed Republic Day, Monday 26 Oct).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.information_requests.clock import ClockFacts, Extension, plan_deadline
from requests_tracker.information_requests.clock.facts import Forwarding
from requests_tracker.information_requests.models import Deadline, DeadlineState, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import Jurisdiction, LegalRule
from requests_tracker.laws.selectors import working_calendar
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
MOSCOW = ZoneInfo("Europe/Moscow")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


def received(rule_id: str, *, month: int = 10, day: int = 1) -> InformationRequest:
    information_request = make_request(rule_ids=(rule_id,), created_at=at(9, 30))
    record(information_request, EventKind.SUBMITTED, at(month, day))
    return information_request


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


def extend(
    information_request: InformationRequest, decided: date, notified: date, to: date | None
) -> None:
    data = {"decided_on": decided.isoformat(), "notified_on": notified.isoformat()}
    record(
        information_request,
        EventKind.EXTENDED,
        datetime(notified.year, notified.month, notified.day, 12, tzinfo=ALMATY),
        **(data | ({"new_due_date": to.isoformat()} if to else {})),
    )


def deadline_of(information_request: InformationRequest) -> Deadline:
    return information_request.deadlines.exclude(state=DeadlineState.SUPERSEDED).get()


def test_a_second_mass_media_extension_does_not_move_the_deadline_and_is_a_finding() -> None:
    # given: a Mass Media request received Thursday 1 Oct 2026: 5 working days, 2, 5, 6, 7, 8
    # -> due 8 Oct; Art. 36 allows one extension of up to 15 calendar days: by 23 Oct
    information_request = received("KZ.MEDIA.36.response")

    # when: the body extends to 19 Oct, then again to 27 Oct, and answers on 23 Oct
    extend(information_request, date(2026, 10, 6), date(2026, 10, 7), date(2026, 10, 19))
    extend(information_request, date(2026, 10, 16), date(2026, 10, 16), date(2026, 10, 27))
    record(information_request, EventKind.ANSWERED, at(10, 23, 12))

    # then: the deadline stays at the first extension's 19 Oct; the answer is 4 days late
    deadline = deadline_of(information_request)
    assert (deadline.due_date, deadline.state) == (date(2026, 10, 19), DeadlineState.PASSED)
    assert deadline.findings == [
        {
            "category": "extension_beyond_limit",
            "occurred_on": "2026-10-16",
            "detail": "KZ.MEDIA.36.extension: extended again on 16.10.2026 to 27.10.2026; "
            "the law allows 1 extension(s)",
        },
        {
            "category": "late_answer",
            "occurred_on": "2026-10-23",
            "detail": "KZ.MEDIA.36.response: answered 4 day(s) after 19.10.2026",
        },
    ]
    beyond = [params for code, params in deadline.trace if code == "extension_beyond_times"]
    assert beyond == [{"on": "2026-10-16", "times": "1", "rule": "KZ.MEDIA.36.extension"}]


def test_a_second_access_to_information_extension_does_not_move_the_deadline() -> None:
    # given: an ATI request registered Thursday 1 Oct 2026: 15 calendar days -> Fri 16 Oct;
    # one extension of up to 15 calendar days: Sat 31 Oct -> Mon 2 Nov
    information_request = received("KZ.ATI.11.response")

    extend(information_request, date(2026, 10, 14), date(2026, 10, 14), date(2026, 10, 26))
    extend(information_request, date(2026, 10, 23), date(2026, 10, 23), date(2026, 10, 30))

    deadline = deadline_of(information_request)
    assert deadline.due_date == date(2026, 10, 26)
    assert [finding["category"] for finding in deadline.findings] == ["extension_beyond_limit"]


def test_an_extension_past_the_cap_ends_at_the_cap_and_is_a_finding() -> None:
    # given: the Mass Media request due 8 Oct, whose extension may reach 23 Oct at most
    information_request = received("KZ.MEDIA.36.response")

    # when: the body's one extension names 27 Oct
    extend(information_request, date(2026, 10, 6), date(2026, 10, 7), date(2026, 10, 27))

    # then: the legal deadline is the cap, 8 + 15 = Friday 23 Oct
    deadline = deadline_of(information_request)
    assert deadline.due_date == date(2026, 10, 23)
    assert deadline.findings == [
        {
            "category": "extension_beyond_limit",
            "occurred_on": "2026-10-06",
            "detail": "KZ.MEDIA.36.extension: extended to 27.10.2026, beyond the law's limit of "
            "23.10.2026",
        }
    ]


def test_an_appc_procedure_may_be_extended_more_than_once_within_two_months_of_receipt() -> None:
    # given: an APPC appeal received Thursday 1 Oct 2026: 15 working days, 2, 5-9, 12-16,
    # 19-22 -> due 22 Oct; extensions reach at most 1 Oct + 2 months = Tuesday 1 Dec
    information_request = received("KZ.APPC.76.response")

    # when: two extensions within the cap, each notified within 3 working days
    extend(information_request, date(2026, 10, 20), date(2026, 10, 21), date(2026, 11, 6))
    extend(information_request, date(2026, 11, 4), date(2026, 11, 5), date(2026, 11, 20))

    # then: the second one counts (the APPC does not limit the number), with no finding
    assert (
        deadline_of(information_request).due_date,
        deadline_of(information_request).findings,
    ) == (
        date(2026, 11, 20),
        [],
    )

    # when: a third one names 4 Dec, past the 2 months
    extend(information_request, date(2026, 11, 18), date(2026, 11, 18), date(2026, 12, 4))

    # then: the deadline is the cap, 1 Dec, and the extension is a finding
    deadline = deadline_of(information_request)
    assert deadline.due_date == date(2026, 12, 1)
    assert [finding["category"] for finding in deadline.findings] == ["extension_beyond_limit"]


@pytest.mark.parametrize(
    ("notified", "findings"),
    [
        # 3 working days from Tuesday 20 Oct: 21, 22, 23 -> by Friday 23 Oct
        (date(2026, 10, 23), []),
        (
            date(2026, 10, 26),
            [
                {
                    "category": "extension_not_notified",
                    "occurred_on": "2026-10-24",
                    "detail": "KZ.APPC.76.extension_notice: notified on 26.10.2026, "
                    "due by 23.10.2026",
                }
            ],
        ),
    ],
    ids=["on the third working day", "on the fourth"],
)
def test_the_appc_extension_notice_is_due_within_three_working_days(
    notified: date, findings: list[dict[str, str]]
) -> None:
    information_request = received("KZ.APPC.76.response")

    extend(information_request, date(2026, 10, 20), notified, date(2026, 11, 6))

    assert deadline_of(information_request).findings == findings


@pytest.mark.parametrize(
    ("forwarded_on", "categories"),
    [
        # 3 working days from Monday 5 Oct 2026: 6, 7, 8 -> by Thursday 8 Oct
        ("2026-10-08", []),
        ("2026-10-09", ["late_forwarding"]),
    ],
    ids=["on working day 3", "on working day 4"],
)
def test_an_appc_appeal_is_forwarded_within_three_working_days_of_receipt(
    forwarded_on: str, categories: list[str]
) -> None:
    # given: an APPC appeal received by the wrong body on Monday 5 Oct 2026
    information_request = received("KZ.APPC.76.response", day=5)

    # when
    record(
        information_request,
        EventKind.FORWARDED,
        datetime.fromisoformat(f"{forwarded_on}T12:00+05:00"),
        to_body="akimat-kz-75",
        forwarded_on=forwarded_on,
        received_at=f"{forwarded_on}T15:00:00+05:00",
    )

    # then
    deadline = deadline_of(information_request)
    assert [finding["category"] for finding in deadline.findings] == categories
    if categories:
        assert deadline.findings[0] == {
            "category": "late_forwarding",
            "occurred_on": "2026-10-09",
            "detail": "KZ.APPC.65.forwarding: forwarded on 09.10.2026, due by 08.10.2026",
        }


# --- The Russian rules (no Russian body in the directory: the clock's plan, on the RU calendar)


def ru_plan(rule_id: str, facts: ClockFacts) -> list[dict[str, str]]:
    calendar = working_calendar(jurisdiction=Jurisdiction.objects.get(code="RU"), years=[2026])
    plan = plan_deadline(
        rule=LegalRule.objects.get(rule_id=rule_id),
        facts=facts,
        calendar=calendar,
        time_zone=MOSCOW,
    )
    assert plan is not None
    return [finding.as_data() for finding in plan.findings]


@pytest.mark.parametrize(
    ("notified", "late"),
    [(date(2026, 10, 12), False), (date(2026, 10, 13), True)],
    ids=["on day 7", "on day 8"],
)
def test_the_8_fz_deferral_notice_is_due_within_seven_days_of_registration(
    notified: date, late: bool
) -> None:
    # given: a request registered Monday 5 Oct 2026; + 7 calendar days = Monday 12 Oct
    facts = ClockFacts(
        received_at=datetime(2026, 10, 5, 10, tzinfo=MOSCOW),
        registered_on=date(2026, 10, 5),
        extensions=(Extension(date(2026, 10, 9), date(2026, 11, 12), notified),),
    )

    findings = ru_plan("RU.8FZ.18.response", facts)

    assert findings == (
        [
            {
                "category": "extension_not_notified",
                "occurred_on": "2026-10-13",
                "detail": "RU.8FZ.18.deferral_notice: notified on 13.10.2026, due by 12.10.2026",
            }
        ]
        if late
        else []
    )


@pytest.mark.parametrize(
    ("notified", "late"),
    [(date(2026, 10, 8), False), (date(2026, 10, 9), True)],
    ids=["on day 3", "on day 4"],
)
def test_the_rf_mass_media_deferral_notice_is_due_within_three_days_of_receipt(
    notified: date, late: bool
) -> None:
    # given: an editorial request received Monday 5 Oct 2026; + 3 calendar days = Thursday 8 Oct
    facts = ClockFacts(
        received_at=datetime(2026, 10, 5, 10, tzinfo=MOSCOW),
        extensions=(Extension(date(2026, 10, 6), None, notified),),
    )

    findings = ru_plan("RU.MEDIA.40.response", facts)

    assert [finding["category"] for finding in findings] == (
        ["extension_not_notified"] if late else []
    )


@pytest.mark.parametrize(
    ("refused", "findings"),
    [
        (datetime(2026, 10, 8, 18, tzinfo=MOSCOW), []),
        (
            datetime(2026, 10, 9, 11, tzinfo=MOSCOW),
            [
                {
                    "category": "late_answer",
                    "occurred_on": "2026-10-09",
                    "detail": "RU.MEDIA.40.refusal_notice: refused on 09.10.2026, "
                    "due by 08.10.2026",
                }
            ],
        ),
    ],
    ids=["on day 3", "on day 4"],
)
def test_an_rf_mass_media_refusal_is_due_within_three_days_of_receipt(
    refused: datetime, findings: list[dict[str, str]]
) -> None:
    # given: an editorial request received Monday 5 Oct 2026; + 3 calendar days = Thursday 8 Oct,
    # though the answer itself may take 7 days (to Monday 12 Oct)
    facts = ClockFacts(
        received_at=datetime(2026, 10, 5, 10, tzinfo=MOSCOW),
        closed_by=EventKind.REFUSED,
        closed_at=refused,
    )

    assert ru_plan("RU.MEDIA.40.response", facts) == findings


@pytest.mark.parametrize(
    ("forwarded_on", "late"),
    [(date(2026, 10, 12), False), (date(2026, 10, 13), True)],
    ids=["on day 7", "on day 8"],
)
def test_the_8_fz_forwarding_runs_from_registration(forwarded_on: date, late: bool) -> None:
    # given: received Friday 2 Oct 2026, registered Monday 5 Oct: 7 days from registration, by
    # Monday 12 Oct (from the receipt it would have been Friday 9 Oct)
    facts = ClockFacts(
        received_at=datetime(2026, 10, 14, 10, tzinfo=MOSCOW),
        forwarding=Forwarding(
            forwarded_on=forwarded_on,
            previous_received_at=datetime(2026, 10, 2, 10, tzinfo=MOSCOW),
            previous_registered_on=date(2026, 10, 5),
        ),
    )

    findings = ru_plan("RU.8FZ.18.response", facts)

    assert [finding["category"] for finding in findings] == (["late_forwarding"] if late else [])
