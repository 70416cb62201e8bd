"""No violation dated in the future enters the dataset: not by hand, not by the admin, not by an
import, not through the review; the sweep keeps recording what passed, counted at its own now.

The clock is frozen at Tuesday 10 March 2026, 12:00 in Almaty: 11 March is tomorrow.
"""

import csv
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.forms import modelform_factory
from django.test import Client
from django.utils import translation

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import Deadline, DeadlineState
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.admin import ViolationAdminForm
from requests_tracker.monitoring.forms import ViolationForm
from requests_tracker.monitoring.importing import RowProblem, import_file, validate_rows
from requests_tracker.monitoring.models import ReviewState, Violation
from requests_tracker.monitoring.recording import NewViolation, record_violation, record_violations
from requests_tracker.monitoring.services import (
    publish_violation,
    save_violation_draft,
    verify_violation,
)
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import make_ngo_staff, make_request

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=ALMATY)
TOMORROW = "The violation cannot have happened on 11.03.2026: that date is in the future."

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_in_english() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def staff() -> User:
    return make_ngo_staff()


def violation(**values: object) -> Violation:
    fields: dict[str, object] = {"block": "A", "category": "detention"}
    fields.update(values)
    return Violation(**fields)


# --- Hand entry: the service, the page's form, the admin's form ------------------------------


def test_the_recording_service_refuses_a_violation_dated_tomorrow(staff: User) -> None:
    with pytest.raises(DomainError) as refusal:
        save_violation_draft(violation=violation(occurred_on=date(2026, 3, 11)), user=staff)

    assert str(refusal.value) == TOMORROW
    assert Violation.objects.count() == 0


def test_a_violation_of_today_is_recorded_as_a_draft() -> None:
    recorded = record_violation(violation=violation(occurred_on=date(2026, 3, 10)))

    assert (recorded.occurred_on, recorded.review_state) == (date(2026, 3, 10), ReviewState.DRAFT)


def test_the_recording_service_refuses_a_violation_reported_tomorrow() -> None:
    with pytest.raises(DomainError) as refusal:
        record_violation(
            violation=violation(occurred_on=date(2026, 3, 9), reported_on=date(2026, 3, 11))
        )

    assert str(refusal.value) == (
        "The violation cannot have been reported on 11.03.2026: that date is in the future."
    )
    assert Violation.objects.count() == 0


def test_a_batch_with_one_row_dated_2030_is_refused_whole() -> None:
    # given: the two violations a refusal "of 01.01.2030" produced, after a good one
    batch = [
        NewViolation(block="B", category="refusal", occurred_on=date(2026, 3, 5)),
        NewViolation(block="B", category="refusal_cpc_201", occurred_on=date(2030, 1, 1)),
    ]

    with pytest.raises(DomainError) as refusal:
        record_violations(violations=batch)

    assert str(refusal.value) == (
        "The violation cannot have happened on 01.01.2030: that date is in the future."
    )
    assert Violation.objects.count() == 0


# The admin's form, with the model and the fields the admin gives it.
ADMIN_FORM = modelform_factory(
    Violation,
    form=ViolationAdminForm,
    fields=("block", "category", "occurred_on", "reported_on"),
)


@pytest.mark.parametrize("form_class", [ViolationForm, ADMIN_FORM])
def test_the_forms_show_a_date_in_the_future_on_its_field(form_class: type) -> None:
    form = form_class(
        {
            "block": "A",
            "category": "detention",
            "occurred_on": "2026-03-11",
            "reported_on": "2026-03-12",
        }
    )

    assert not form.is_valid()
    assert form.errors["occurred_on"] == [TOMORROW]
    assert form.errors["reported_on"] == [
        "The violation cannot have been reported on 12.03.2026: that date is in the future."
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ru", "Нарушение не могло произойти 11.03.2026: эта дата ещё не наступила."),
        ("kk", "Бұзушылық 11.03.2026 күні болуы мүмкін емес: бұл күн әлі келген жоқ."),
    ],
)
def test_the_hand_entry_page_refuses_tomorrow_in_the_users_language(
    ngo_staff_client: Client, language: str, message: str
) -> None:
    before = Violation.objects.count()

    response = ngo_staff_client.post(
        "/monitoring/violations/new/",
        {"block": "A", "category": "detention", "occurred_on": "2026-03-11"},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"occurred_on": [message]}
    assert Violation.objects.count() == before


def test_a_draft_cannot_be_edited_into_the_future(staff: User) -> None:
    recorded = record_violation(violation=violation(occurred_on=date(2026, 3, 5)))
    recorded.occurred_on = date(2026, 3, 11)

    with pytest.raises(DomainError) as refusal:
        save_violation_draft(violation=recorded, user=staff)

    assert str(refusal.value) == TOMORROW
    assert Violation.objects.get().occurred_on == date(2026, 3, 5)


@pytest.mark.parametrize(
    ("state", "step"),
    [(ReviewState.DRAFT, verify_violation), (ReviewState.VERIFIED, publish_violation)],
)
def test_a_row_dated_2030_saved_before_the_check_is_neither_verified_nor_published(
    staff: User, state: ReviewState, step: object
) -> None:
    # given: a violation dated 2030, written before dates were checked
    Violation.objects.bulk_create(
        [violation(occurred_on=date(2030, 1, 1), block="B", category="refusal", review_state=state)]
    )
    legacy = Violation.objects.get()

    # when
    with pytest.raises(DomainError) as refusal:
        step(violation=legacy, user=staff)  # type: ignore[operator]

    # then: it stays where it was, out of the open data
    assert str(refusal.value) == (
        "The violation cannot have happened on 01.01.2030: that date is in the future."
    )
    assert Violation.objects.get().review_state == state


# --- The import ------------------------------------------------------------------------------

HEADER = ("block", "category", "occurred_on", "reported_on", "body")


def rows(*days: tuple[str, str]) -> list[dict[str, str]]:
    return [
        {"block": "B", "category": "refusal", "occurred_on": occurred, "reported_on": reported}
        for occurred, reported in days
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "date in the future: 2026-03-11"),
        ("ru", "дата в будущем: 2026-03-11"),
        ("kk", "болашақтағы күн: 2026-03-11"),
    ],
)
def test_an_imported_row_dated_tomorrow_is_a_problem_in_the_users_language(
    language: str, message: str
) -> None:
    with translation.override(language):
        report = validate_rows(rows(("2026-03-10", ""), ("2026-03-11", ""), ("2026-03-09", "")))

    assert report.problems == [RowProblem(row=3, column="occurred_on", message=message)]


def test_an_imported_row_reported_tomorrow_is_a_problem() -> None:
    report = validate_rows(rows(("2026-03-09", "2026-03-11")))

    assert report.problems == [
        RowProblem(row=2, column="reported_on", message="date in the future: 2026-03-11")
    ]


def test_a_file_with_a_row_dated_tomorrow_changes_nothing(tmp_path: Path, staff: User) -> None:
    # given: two good rows around one dated tomorrow
    path = tmp_path / "dataset.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=HEADER)
        writer.writeheader()
        for occurred_on in ("2026-03-09", "2026-03-11", "2026-03-10"):
            writer.writerow(
                {"block": "B", "category": "refusal", "occurred_on": occurred_on, "body": ""}
            )

    # when
    report = import_file(path_or_file=path, user=staff, confirm=True)

    # then
    assert report.saved == 0
    assert report.problems == [
        RowProblem(row=3, column="occurred_on", message="date in the future: 2026-03-11")
    ]
    assert Violation.objects.count() == 0


# --- The sweep, which records what passed ----------------------------------------------------


def test_the_sweep_records_the_silence_of_a_deadline_that_ended_at_midnight() -> None:
    # given: an ATI request registered Monday 23 February 2026: 15 calendar days, day 1 is
    # 24 February (5 days to the 28th), day 15 is Tuesday 10 March, a working day
    information_request = make_request(created_at=datetime(2026, 2, 23, 9, tzinfo=ALMATY))
    for kind in (EventKind.SUBMITTED, EventKind.REGISTERED):
        record_event(
            information_request=information_request,
            kind=kind,
            occurred_at=datetime(2026, 2, 23, 10, tzinfo=ALMATY),
            recorded_by=information_request.requester,
        )
    deadline = information_request.deadlines.live().get()
    assert deadline.due_date == date(2026, 3, 10)

    # when: a sweep counts what is due just after the deadline's end, in the night to 11 March
    # (the clock still says 10 March, 12:00: the sweep's now is the one it is given)
    at_night = datetime.combine(date(2026, 3, 11), time(0, 5), tzinfo=ALMATY)
    report = sweep_deadlines(now=at_night)

    # then: the silence counts from the day after the last one, which is today for the sweep
    assert report.passed == 1
    assert Deadline.objects.get(pk=deadline.pk).state == DeadlineState.PASSED
    assert list(Violation.objects.values_list("category", "occurred_on")) == [
        ("silence", date(2026, 3, 11))
    ]
