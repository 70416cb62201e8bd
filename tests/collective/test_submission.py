"""After the fan-out: "N of M submitted", the checklist, and registrations recorded in bulk."""

import importlib
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective.fan_out import fan_out
from requests_tracker.collective.models import Addressee, AppealState, CollectiveAppeal
from requests_tracker.collective.selectors import AddresseeState, addressee_rows
from requests_tracker.collective.services import add_addressees, schedule_appeal
from requests_tracker.collective.submission import (
    Registration,
    SubmissionCount,
    record_registrations,
    submission_count,
)
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    SubmissionChannel,
    TimelineEvent,
)
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from tests.collective.conftest import ALMATY, NOW

BODIES = ("police-kz-75", "police-kz-71", "police-kz-79")
# Registered on the day of the fan-out (Monday 2 March 2026): the ATI answer is due 15 calendar
# days later, counted from the next day: 3 March is day 1, 17 March (a Tuesday) is day 15.
REGISTERED_ON = date(2026, 3, 2)
ANSWER_DUE = date(2026, 3, 17)

pytestmark = pytest.mark.usefixtures("undo_window")


def fanned_out(appeal: CollectiveAppeal, staff: User, *, emailed: str = "") -> None:
    bodies = PublicBody.objects.filter(slug__in=BODIES)
    if emailed:
        PublicBody.objects.filter(slug=emailed).update(email="kense@police.example.invalid")
    add_addressees(appeal=appeal, bodies=bodies, user=staff)
    schedule_appeal(appeal=appeal, user=staff, now=NOW)
    fan_out(appeal_id=appeal.pk, now=NOW + timedelta(minutes=11))
    appeal.refresh_from_db()


def addressee(appeal: CollectiveAppeal, slug: str) -> Addressee:
    return Addressee.objects.select_related("information_request").get(
        appeal=appeal, public_body__slug=slug
    )


def events(kind: EventKind) -> int:
    return TimelineEvent.objects.filter(kind=kind).count()


def page(client: Client, appeal: CollectiveAppeal) -> str:
    return client.get(reverse("collective-appeal-detail", args=[appeal.pk])).content.decode()


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_the_appeal_awaits_submission_until_the_last_addressee_is_submitted(
    appeal: CollectiveAppeal, staff: User, client: Client
) -> None:
    # given: three requests created, one of them to a body with an email
    fanned_out(appeal, staff, emailed="police-kz-75")
    client.force_login(staff)
    assert appeal.state == AppealState.FANNED_OUT
    assert submission_count(appeal) == SubmissionCount(submitted=0, total=3)
    html = page(client, appeal)
    assert "0 из 3 подано" in html
    assert html.count('data-addressee="') == 3
    assert "Ожидает подачи" in html  # the appeal's state, never "Отправлено"
    assert "Отправлено" not in html

    # when: the email leaves (the outbox records the submission), then one more is registered
    record_event(
        information_request=addressee(appeal, "police-kz-75").information_request,  # type: ignore[arg-type]
        kind=EventKind.SUBMITTED,
        occurred_at=NOW + timedelta(minutes=12),
        recorded_by=staff,
        data={"channel": "email"},
    )
    second = addressee(appeal, "police-kz-71")
    response = client.post(
        reverse("collective-registrations", args=[appeal.pk]),
        {f"number_{second.pk}": "ЖТ-2026-00001", f"date_{second.pk}": "2026-03-02"},
    )

    # then: two of three, and still not sent
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == AppealState.FANNED_OUT
    assert submission_count(appeal).submitted == 2
    html = page(client, appeal)
    assert "2 из 3 подано" in html
    rows = {row.public_body.slug: row for row in addressee_rows(appeal, now=NOW)}
    assert (rows["police-kz-75"].channel, rows["police-kz-75"].state) == (
        SubmissionChannel.EMAIL,
        AddresseeState.SUBMITTED,
    )
    assert (rows["police-kz-71"].channel, rows["police-kz-71"].state) == (
        "",
        AddresseeState.REGISTERED,
    )
    assert (rows["police-kz-79"].channel, rows["police-kz-79"].state) == (
        "",
        AddresseeState.AWAITING_SUBMISSION,
    )
    assert html.count('data-addressee="') == 1
    assert "Отправлено" not in html

    # when: the last one is registered; then the appeal is sent
    last = addressee(appeal, "police-kz-79")
    client.post(
        reverse("collective-registrations", args=[appeal.pk]),
        {f"number_{last.pk}": "ЖТ-2026-00002", f"date_{last.pk}": "02.03.2026"},
    )
    appeal.refresh_from_db()
    assert appeal.state == AppealState.SENT
    html = page(client, appeal)
    assert "3 из 3 подано" in html
    assert 'data-addressee="' not in html
    assert "Отправлено" in html


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_recorded_registrations_start_their_clocks(
    appeal: CollectiveAppeal, staff: User, client: Client
) -> None:
    # given
    fanned_out(appeal, staff)
    client.force_login(staff)
    rows = [addressee(appeal, slug) for slug in BODIES]

    # when: two rows filled, the third left empty
    response = client.post(
        reverse("collective-registrations", args=[appeal.pk]),
        {
            f"number_{rows[0].pk}": "ЖТ-1",
            f"date_{rows[0].pk}": "2026-03-02",
            f"number_{rows[1].pk}": "ЖТ-2",
            f"date_{rows[1].pk}": "2026-03-02",
            f"number_{rows[2].pk}": "",
            f"date_{rows[2].pk}": "",
        },
    )

    # then: two submissions and registrations, two running clocks due on 17 March
    assert response.status_code == 302
    assert (events(EventKind.SUBMITTED), events(EventKind.REGISTERED)) == (2, 2)
    running = Deadline.objects.filter(is_legal_deadline=True, state=DeadlineState.RUNNING)
    assert sorted(running.values_list("information_request__public_body__slug", "due_date")) == [
        ("police-kz-71", ANSWER_DUE),
        ("police-kz-75", ANSWER_DUE),
    ]
    registered = TimelineEvent.objects.get(
        kind=EventKind.REGISTERED, information_request=rows[0].information_request
    )
    assert registered.data == {"registration_number": "ЖТ-1", "registered_on": "2026-03-02"}
    assert registered.occurred_at == datetime(2026, 3, 2, tzinfo=ALMATY)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-03-03", "дата регистрации 03.03.2026 ещё не наступила"),
        ("2026-03-01", "дата регистрации 01.03.2026 раньше отправки обращения (02.03.2026)"),
    ],
)
@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_one_bad_row_refuses_the_table_and_saves_nothing(
    appeal: CollectiveAppeal, staff: User, client: Client, day: str, message: str
) -> None:
    # given
    fanned_out(appeal, staff)
    client.force_login(staff)
    good, bad = addressee(appeal, BODIES[0]), addressee(appeal, BODIES[1])

    # when: one good row, one with a date in the future or before the appeal was sent
    response = client.post(
        reverse("collective-registrations", args=[appeal.pk]),
        {
            f"number_{good.pk}": "ЖТ-1",
            f"date_{good.pk}": "2026-03-02",
            f"number_{bad.pk}": "ЖТ-2",
            f"date_{bad.pk}": day,
        },
    )

    # then: the reason in Russian, and nothing recorded
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (events(EventKind.SUBMITTED), events(EventKind.REGISTERED)) == (0, 0)


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_a_number_without_a_date_is_refused(
    appeal: CollectiveAppeal, staff: User, client: Client
) -> None:
    fanned_out(appeal, staff)
    client.force_login(staff)
    row = addressee(appeal, BODIES[0])
    response = client.post(
        reverse("collective-registrations", args=[appeal.pk]), {f"number_{row.pk}": "ЖТ-1"}
    )
    assert response.status_code == 400
    assert "не указана дата регистрации" in response.content.decode()
    assert events(EventKind.REGISTERED) == 0


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("registrations.csv", text.encode(), content_type="text/csv")


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_a_clean_csv_records_every_row(
    appeal: CollectiveAppeal, staff: User, client: Client
) -> None:
    # given: rows named by slug and by addressee number
    fanned_out(appeal, staff)
    client.force_login(staff)
    by_id = addressee(appeal, "police-kz-79")
    text = (
        "addressee,registration_number,registered_on\n"
        "police-kz-75,ЖТ-1,2026-03-02\n"
        f"{by_id.pk},ЖТ-3,02.03.2026\n"
    )

    # when
    response = client.post(
        reverse("collective-registrations-upload", args=[appeal.pk]), {"file": csv_file(text)}
    )

    # then
    assert response.status_code == 302
    assert sorted(
        TimelineEvent.objects.filter(kind=EventKind.REGISTERED).values_list(
            "information_request__public_body__slug", "data__registration_number"
        )
    ) == [("police-kz-75", "ЖТ-1"), ("police-kz-79", "ЖТ-3")]
    assert submission_count(appeal).submitted == 2


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_a_csv_with_bad_rows_reports_each_and_saves_nothing(
    appeal: CollectiveAppeal, staff: User, client: Client
) -> None:
    # given
    fanned_out(appeal, staff)
    client.force_login(staff)
    text = (
        "addressee,registration_number,registered_on\n"
        "police-kz-75,ЖТ-1,2026-03-02\n"
        "akimat-nowhere,ЖТ-2,2026-03-02\n"
        "police-kz-71,,2026-03-02\n"
        "police-kz-79,ЖТ-4,31.02.2026\n"
        "police-kz-75,ЖТ-5,2026-03-02\n"
    )

    # when
    response = client.post(
        reverse("collective-registrations-upload", args=[appeal.pk]), {"file": csv_file(text)}
    )

    # then: lines 3 to 6 each have their reason; line 2 is right; nothing saved
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ничего не сохранено" in html
    assert "Нет адресата этого обращения, ожидающего регистрации: akimat-nowhere." in html
    assert "Не указан регистрационный номер." in html
    assert "31.02.2026 — не дата (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)." in html
    assert "Этот адресат уже есть в одной из строк выше." in html
    assert (events(EventKind.SUBMITTED), events(EventKind.REGISTERED)) == (0, 0)


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_only_staff_of_the_initiating_organisation_record_registrations(
    appeal: CollectiveAppeal,
    staff: User,
    outsider: User,
    outlet_member: User,
    client: Client,
) -> None:
    # given: the outlet co-signs (its member sees the appeal); an outsider does not
    from requests_tracker.collective.services import add_cosigner

    add_cosigner(
        appeal=appeal,
        organization=outlet_member.memberships.get().organization,
        signatory_name="Дана",
        signatory_title="редактор",
        user=staff,
    )
    fanned_out(appeal, staff)
    row = addressee(appeal, BODIES[0])
    data = {f"number_{row.pk}": "ЖТ-1", f"date_{row.pk}": "2026-03-02"}
    url = reverse("collective-registrations", args=[appeal.pk])

    # when / then: the co-signer's member is refused as for a missing appeal, the outsider too
    client.force_login(outlet_member)
    assert client.post(url, data).status_code == 404
    assert "registration-form" not in page(client, appeal)
    client.force_login(outsider)
    assert client.post(url, data).status_code == 404
    assert events(EventKind.REGISTERED) == 0


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_the_service_refuses_anyone_but_staff_of_the_initiating_organisation(
    appeal: CollectiveAppeal, staff: User, outlet_member: User
) -> None:
    # given
    fanned_out(appeal, staff)
    row = addressee(appeal, BODIES[0])

    # when / then
    with pytest.raises(DomainError):
        record_registrations(
            appeal=appeal,
            registrations=[Registration(row.pk, "ЖТ-1", REGISTERED_ON)],
            user=outlet_member,
            now=NOW + timedelta(hours=2),
        )
    assert events(EventKind.REGISTERED) == 0


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_the_migration_moves_an_untruthful_sent_appeal_back_to_awaiting_submission(
    appeal: CollectiveAppeal, staff: User
) -> None:
    # given: an appeal marked sent by the old fan-out, none of its requests submitted
    fanned_out(appeal, staff)
    CollectiveAppeal.objects.filter(pk=appeal.pk).update(state=AppealState.SENT)

    # when
    migration = importlib.import_module(
        "requests_tracker.collective.migrations.0002_appeal_awaiting_submission"
    )
    migration.untruthful_sent_awaits_submission(apps, None)

    # then
    appeal.refresh_from_db()
    assert appeal.state == AppealState.FANNED_OUT


@time_machine.travel(NOW + timedelta(hours=2), tick=False)
def test_the_migration_leaves_an_appeal_whose_requests_are_all_submitted_sent(
    appeal: CollectiveAppeal, staff: User
) -> None:
    fanned_out(appeal, staff)
    for row in appeal.addressees.select_related("information_request"):
        assert row.information_request is not None
        record_event(
            information_request=row.information_request,
            kind=EventKind.SUBMITTED,
            occurred_at=NOW + timedelta(hours=1),
            recorded_by=staff,
        )
    appeal.refresh_from_db()
    assert appeal.state == AppealState.SENT

    migration = importlib.import_module(
        "requests_tracker.collective.migrations.0002_appeal_awaiting_submission"
    )
    migration.untruthful_sent_awaits_submission(apps, None)

    appeal.refresh_from_db()
    assert appeal.state == AppealState.SENT
