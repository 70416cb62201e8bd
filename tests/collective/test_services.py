"""Collective appeals through their services: who may write them, co-signing, choosing the
addressees, the undo window, the fan-out into one request per body, progress and follow-ups."""

from datetime import timedelta

import pytest

from letters.contexts import LetterKind
from requests_tracker.accounts.models import Organization, User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective.fan_out import Progress, fan_out, progress
from requests_tracker.collective.models import AppealState, CollectiveAppeal
from requests_tracker.collective.services import (
    add_addressees,
    add_cosigner,
    bodies_matching,
    cancel_appeal,
    complain_for_all,
    confirm_cosigner,
    create_appeal,
    remind_all_silent,
    schedule_appeal,
)
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.models import Letter
from requests_tracker.information_requests.models import InformationRequest, Step
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.laws.models import LegalRule
from requests_tracker.mail.models import OutgoingEmail
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.collective.conftest import MINISTRY, NOW, TEXT, all_region_codes, regional_police
from tests.factories import make_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("undo_window")]

AFTER_THE_WINDOW = NOW + timedelta(minutes=10)
EMAILED = ("police-kz-75", "police-kz-71", "police-kz-79")  # Almaty, Astana, Shymkent


def ministry() -> PublicBody:
    return PublicBody.objects.get(slug=MINISTRY)


def to_21_bodies(appeal: CollectiveAppeal, staff: User) -> None:
    """The 20 regional police departments, three of them with an email address, and the ministry."""
    PublicBody.objects.filter(slug__in=EMAILED).update(email="kense@police.example.kz")
    add_addressees(appeal=appeal, bodies=[*regional_police(), ministry()], user=staff)


def sent(appeal: CollectiveAppeal, staff: User) -> CollectiveAppeal:
    to_21_bodies(appeal, staff)
    schedule_appeal(appeal=appeal, user=staff, now=NOW)
    fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW)
    appeal.refresh_from_db()
    return appeal


# --- Who may write and change an appeal ------------------------------------------------------


def test_only_staff_of_the_organisation_may_create_an_appeal(
    ngo: Organization, outlet_member: User, outsider: User
) -> None:
    for user in (outlet_member, outsider):
        with pytest.raises(DomainError):
            create_appeal(
                title="Задержания",
                text=TEXT,
                legal_rules=LegalRule.objects.filter(rule_id="KZ.ATI.11.response"),
                language="ru",
                organization=ngo,
                user=user,
                now=NOW,
            )

    assert CollectiveAppeal.objects.count() == 0


def test_only_staff_of_the_initiating_organisation_may_change_the_appeal(
    appeal: CollectiveAppeal, outlet: Organization, outlet_member: User, outsider: User
) -> None:
    # Given a draft, co-signed by the outlet, to the ministry
    add_cosigner(
        appeal=appeal,
        organization=outlet,
        signatory_name="Вадим Борейко",
        signatory_title="главный редактор",
        user=appeal.created_by,
    )
    add_addressees(appeal=appeal, bodies=[ministry()], user=appeal.created_by)

    # When a member of the co-signing outlet, or an outsider, tries to change it
    for user in (outlet_member, outsider):
        with pytest.raises(DomainError):
            add_addressees(appeal=appeal, bodies=regional_police(), user=user)
        with pytest.raises(DomainError):
            add_cosigner(
                appeal=appeal,
                organization=outlet,
                signatory_name="Другой",
                signatory_title="директор",
                user=user,
            )
        with pytest.raises(DomainError):
            schedule_appeal(appeal=appeal, user=user, now=NOW)

    # Then nothing changed
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DRAFT
    assert appeal.addressees.count() == 1
    assert list(appeal.cosigners.values_list("signatory_name", flat=True)) == ["Вадим Борейко"]


# --- Co-signing -----------------------------------------------------------------------------


def test_a_cosigners_name_appears_in_the_letters_only_after_a_member_confirms(
    appeal: CollectiveAppeal, staff: User, outlet: Organization, outlet_member: User
) -> None:
    # Given two co-signers: the outlet, whose member confirms, and an NGO nobody confirms for
    other = Organization.objects.create(name="Фонд «Неподтверждённый»", slug="unconfirmed")
    confirmed = add_cosigner(
        appeal=appeal,
        organization=outlet,
        signatory_name="Вадим Борейко",
        signatory_title="главный редактор",
        user=staff,
    )
    add_cosigner(
        appeal=appeal,
        organization=other,
        signatory_name="Пётр Неизвестный",
        signatory_title="директор",
        user=staff,
    )
    with pytest.raises(DomainError):  # the initiator's staff cannot confirm for the outlet
        confirm_cosigner(cosigner=confirmed, user=staff, now=NOW)
    confirm_cosigner(cosigner=confirmed, user=outlet_member, now=NOW)
    add_addressees(appeal=appeal, bodies=[PublicBody.objects.get(slug="police-kz-75")], user=staff)

    # When the appeal is sent
    schedule_appeal(appeal=appeal, user=staff, now=NOW, skip_undo_window=True)
    fan_out(appeal_id=appeal.pk, now=NOW)

    # Then the letter of the request names the confirmed co-signer and not the other
    letter = Letter.objects.get(
        information_request__collective_addressee__appeal=appeal,
        kind=LetterKind.COLLECTIVE_APPEAL,
    )
    assert "Редакция «Власть»" in letter.text
    assert "Вадим Борейко" in letter.text
    assert "Фонд «Неподтверждённый»" not in letter.text
    assert "Пётр Неизвестный" not in letter.text
    confirmed.refresh_from_db()
    assert (confirmed.confirmed_by, confirmed.confirmed_at) == (outlet_member, NOW)


# --- Choosing the addressees ----------------------------------------------------------------


def test_the_filters_narrow_one_another_and_bodies_chosen_by_hand_are_added() -> None:
    ministry_police = bodies_matching(subordinates_of=ministry(), kinds=["police"])
    regional = bodies_matching(
        subordinates_of=ministry(), kinds=["police"], region_codes=all_region_codes()
    )
    almaty_police = bodies_matching(kinds=["police"], region_codes=["KZ-75"])
    with_the_ministry = bodies_matching(
        subordinates_of=ministry(),
        kinds=["police"],
        region_codes=all_region_codes(),
        body_ids=[ministry().pk],
    )

    # 20 regional departments and 3 committees (administrative police, migration, penal system)
    assert ministry_police.count() == 23
    assert regional.count() == 20
    assert list(almaty_police.values_list("slug", flat=True)) == ["police-kz-75"]
    assert with_the_ministry.count() == 21
    assert bodies_matching().count() == 0


def test_adding_the_regional_police_and_the_ministry_adds_21_and_adding_again_adds_none(
    appeal: CollectiveAppeal, staff: User
) -> None:
    chosen = bodies_matching(
        subordinates_of=ministry(),
        kinds=["police"],
        region_codes=all_region_codes(),
        body_ids=[ministry().pk],
    )

    first = add_addressees(appeal=appeal, bodies=chosen, user=staff)
    again = add_addressees(appeal=appeal, bodies=chosen, user=staff)

    assert (first, again) == (21, 0)
    assert appeal.addressees.count() == 21


# --- The undo window ------------------------------------------------------------------------


def test_nothing_is_created_before_the_undo_window_closes(
    appeal: CollectiveAppeal, staff: User
) -> None:
    to_21_bodies(appeal, staff)
    schedule_appeal(appeal=appeal, user=staff, now=NOW)

    result = fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW - timedelta(seconds=1))

    appeal.refresh_from_db()
    assert (appeal.state, appeal.send_after) == (AppealState.SCHEDULED, AFTER_THE_WINDOW)
    assert result == Progress(done=0, total=21)
    assert InformationRequest.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_cancelling_within_the_undo_window_returns_the_appeal_to_draft(
    appeal: CollectiveAppeal, staff: User
) -> None:
    to_21_bodies(appeal, staff)
    schedule_appeal(appeal=appeal, user=staff, now=NOW)

    cancel_appeal(appeal=appeal, user=staff, now=AFTER_THE_WINDOW - timedelta(minutes=1))

    appeal.refresh_from_db()
    assert (appeal.state, appeal.send_after) == (AppealState.DRAFT, None)
    assert fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW) == Progress(done=0, total=21)
    assert InformationRequest.objects.count() == 0


def test_cancelling_after_the_undo_window_is_refused(appeal: CollectiveAppeal, staff: User) -> None:
    to_21_bodies(appeal, staff)
    schedule_appeal(appeal=appeal, user=staff, now=NOW)

    with pytest.raises(DomainError):
        cancel_appeal(appeal=appeal, user=staff, now=AFTER_THE_WINDOW)

    appeal.refresh_from_db()
    assert (appeal.state, appeal.send_after) == (AppealState.SCHEDULED, AFTER_THE_WINDOW)


# --- The fan-out and its progress -----------------------------------------------------------


def test_the_fan_out_creates_one_request_per_addressee_and_one_email_per_email_address(
    appeal: CollectiveAppeal, staff: User
) -> None:
    # Given an appeal to 21 bodies, 3 with an email address, whose undo window has closed
    to_21_bodies(appeal, staff)
    schedule_appeal(appeal=appeal, user=staff, now=NOW)
    assert progress(appeal) == Progress(done=0, total=21)

    # When it fans out, and then again
    first = fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW)
    second = fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW + timedelta(minutes=1))

    # Then each body has one request with its collective letter, and three emails are queued
    appeal.refresh_from_db()
    requests = InformationRequest.objects.filter(collective_addressee__appeal=appeal)
    assert requests.count() == 21
    assert requests.values("public_body").distinct().count() == 21
    assert set(requests.values_list("subject", "text", "status").distinct()) == {
        ("Задержания журналистов", TEXT, Status.DRAFT)
    }
    assert Letter.objects.filter(kind=LetterKind.COLLECTIVE_APPEAL).count() == 21
    assert sorted(
        OutgoingEmail.objects.values_list("information_request__public_body__slug", flat=True)
    ) == sorted(EMAILED)
    assert InformationRequest.objects.count() == 21
    # created is not submitted: no email has left yet, so the appeal awaits submission
    assert (appeal.state, appeal.fanned_out_at) == (AppealState.FANNED_OUT, AFTER_THE_WINDOW)
    assert first == second == Progress(done=21, total=21)
    assert first.percent == 100


def test_progress_counts_the_addressees_that_became_requests(
    appeal: CollectiveAppeal, staff: User
) -> None:
    # An appeal without addressees has nothing left to do
    assert (progress(appeal), progress(appeal).percent) == (Progress(done=0, total=0), 100)

    to_21_bodies(appeal, staff)
    assert (progress(appeal), progress(appeal).percent) == (Progress(done=0, total=21), 0)

    # One addressee of 21 has its request (as after an interrupted fan-out): 100 // 21
    first = appeal.addressees.order_by("id").first()
    assert first is not None
    first.information_request = make_request(requester=staff, body_slug=first.public_body.slug)
    first.save(update_fields=["information_request"])
    assert (progress(appeal), progress(appeal).percent) == (Progress(done=1, total=21), 4)

    schedule_appeal(appeal=appeal, user=staff, now=NOW)
    fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW)
    assert (progress(appeal), progress(appeal).percent) == (Progress(done=21, total=21), 100)
    assert InformationRequest.objects.count() == 21  # the one made by hand was kept


# --- Follow-ups for all addressees ----------------------------------------------------------


def test_silent_bodies_are_reminded_and_complained_about_once_each(
    appeal: CollectiveAppeal, staff: User
) -> None:
    # Given the appeal sent to 21 bodies, submitted, and a sweep after every deadline passed
    appeal = sent(appeal, staff)
    for information_request in InformationRequest.objects.filter(
        collective_addressee__appeal=appeal
    ):
        record_event(
            information_request=information_request,
            kind=EventKind.SUBMITTED,
            occurred_at=AFTER_THE_WINDOW,
            recorded_by=staff,
            data={"channel": "post"},
        )
    sweep_deadlines(now=NOW + timedelta(days=60))
    assert InformationRequest.objects.filter(status=Status.OVERDUE).count() == 21

    # When the staff member reminds and complains, twice each
    reminded = remind_all_silent(appeal=appeal, user=staff, now=NOW + timedelta(days=60))
    reminded_again = remind_all_silent(appeal=appeal, user=staff, now=NOW + timedelta(days=61))
    complained = complain_for_all(appeal=appeal, user=staff, now=NOW + timedelta(days=60))
    complained_again = complain_for_all(appeal=appeal, user=staff, now=NOW + timedelta(days=61))

    # Then the three bodies with an email get one reminder each; the 20 police departments get
    # one complaint each to the ministry, and the ministry one to its head, filed through it (its
    # superior, the Government, decides none: APPC Art. 91(3))
    reminders = OutgoingEmail.objects.filter(intent="reminder")
    assert (reminded, reminded_again) == (3, 3)
    assert sorted(
        reminders.values_list("information_request__public_body__slug", flat=True)
    ) == sorted(EMAILED)
    complaints = InformationRequest.objects.filter(step=Step.COMPLAINT)
    assert (complained, complained_again) == (21, 0)
    assert complaints.count() == 21
    assert set(complaints.values_list("public_body__slug", flat=True)) == {MINISTRY}
