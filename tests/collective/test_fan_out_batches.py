"""The fan-out in batches: each addressee's request, letter, first event and email, made in bulk,
are what making them one at a time gives; a batch costs the same queries for 10 or 40 addressees;
the coordinator counts the batches left, and nothing is made twice."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from letters.contexts import LetterKind
from requests_tracker.accounts.models import Organization, User
from requests_tracker.bodies.models import BodyKind, PublicBody
from requests_tracker.collective.batches import fan_out_batch_rows, shared_parts
from requests_tracker.collective.fan_out import fan_out, fan_out_batch, start_fan_out
from requests_tracker.collective.models import Addressee, AppealState, CollectiveAppeal
from requests_tracker.collective.services import (
    add_addressees,
    add_cosigner,
    confirm_cosigner,
    schedule_appeal,
)
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.models import Letter, LetterTemplate
from requests_tracker.correspondence.services import generate_letter
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.reply_addresses import reply_address
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.laws.models import Jurisdiction
from requests_tracker.mail.models import OutgoingEmail, OutgoingStatus
from tests.collective.conftest import NOW, TEXT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("undo_window")]

AFTER_THE_WINDOW = NOW + timedelta(minutes=10)
# One batch, whatever its size, in a test's transaction (where each atomic block is a savepoint):
#   the appeal still sending? (1); the appeal with its sender (1), its rules (1), co-signers (1);
#   [savepoint] the addressees claimed (1); requests, their rules, their events inserted (3);
#   the first letter's context: its rule, its deadline (none), the rule's law (3); the staff
#   template (1); letters, emails inserted (2); the addressees linked (1) [release];
#   finishing: [savepoint] the appeal locked, any addressee left?, marked fanned out [release]
#   (5); settling: [savepoint] the appeal locked, submitted and all addressees counted [release]
#   (5).
QUERIES_PER_BATCH = 1 + 3 + 1 + 1 + 3 + 3 + 1 + 2 + 1 + 1 + 5 + 5  # 27


def agencies(count: int) -> list[PublicBody]:
    """``count`` agencies in Kazakhstan; the even-numbered ones publish an email address."""
    kazakhstan = Jurisdiction.objects.get(code="KZ")
    return [
        PublicBody.objects.create(
            slug=f"agency-{number}",
            jurisdiction=kazakhstan,
            kind=BodyKind.AGENCY,
            name_ru=f"Агентство №{number}",
            name_kk=f"№{number} агенттік",
            name_en=f"Agency No. {number}",
            name_ru_genitive=f"Агентства №{number}",
            name_kk_genitive=f"№{number} агенттіктің",
            email=f"agency{number}@example.kz" if number % 2 == 0 else "",
            postal_address=f"Астана, ул. Мангилик Ел, {number}",
        )
        for number in range(count)
    ]


def scheduled(appeal: CollectiveAppeal, staff: User, bodies: list[PublicBody]) -> None:
    add_addressees(appeal=appeal, bodies=bodies, user=staff)
    schedule_appeal(appeal=appeal, user=staff, now=NOW)


def requests_of(appeal: CollectiveAppeal) -> list[InformationRequest]:
    return list(
        InformationRequest.objects.filter(collective_addressee__appeal=appeal)
        .select_related("public_body")
        .order_by("collective_addressee__id")
    )


def test_an_addressees_letter_names_its_body_its_number_its_reply_address_and_the_cosigners(
    appeal: CollectiveAppeal, staff: User, outlet: Organization, outlet_member: User
) -> None:
    # given: an appeal of Тимур Ахметов, co-signed by «Власть», to two agencies
    cosigner = add_cosigner(
        appeal=appeal,
        organization=outlet,
        signatory_name="Вячеслав Абрамов",
        signatory_title="главный редактор",
        user=staff,
    )
    confirm_cosigner(cosigner=cosigner, user=outlet_member, now=NOW)
    scheduled(appeal, staff, agencies(2))

    # when: it fans out
    fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW)

    # then: the first agency's letter is the collective appeal written to it, with its number
    first = requests_of(appeal)[0]
    letter = Letter.objects.get(information_request=first)
    number, address = first.pk, reply_address(first.pk)
    assert letter.text == (
        "Руководителю Агентства №0\n"
        "Астана, ул. Мангилик Ел, 0\n"
        "Эл. почта: agency0@example.kz\n"
        "От: организации, подписавшие обращение\n"
        "Контактное лицо: Тимур Ахметов\n"
        "Фонд защиты свободы слова «Әділ сөз»\n"
        f"Эл. почта: {address}\n"
        "\n"
        f"Исх. № {number}/2026 от 02.03.2026\n"
        "Тема: Задержания журналистов\n"
        "\n"
        "Коллективное обращение\n"
        "\n"
        "Мы, нижеподписавшиеся организации, обращаемся к Вам со следующим:\n"
        "\n"
        "1. Сколько журналистов задержано в 2026 году?\n"
        "2. По каким статьям?\n"
        "\n"
        "Просим рассмотреть настоящее коллективное обращение и дать ответ по существу каждого "
        "из поставленных вопросов. Отказ в предоставлении информации допускается только в "
        "случаях и по основаниям, установленным законами; отказ, в том числе частичный, просим "
        "мотивировать со ссылкой на конкретную норму закона.\n"
        "\n"
        "Срок рассмотрения обращения: 15 календарных дней со дня регистрации (Закон Республики "
        "Казахстан «О доступе к информации», статья 11).\n"
        "\n"
        "Ответ просим направить контактному лицу в письменной форме по электронной почте: "
        f"{address}.\n"
        "\n"
        "Обращение подписали:\n"
        "1. Редакция «Власть», главный редактор Вячеслав Абрамов ____________________\n"
        "\n"
        "Контактное лицо: Тимур Ахметов\n"
        "Фонд защиты свободы слова «Әділ сөз»\n"
        "Подпись: ____________________\n"
    )
    assert letter.kind == LetterKind.COLLECTIVE_APPEAL
    assert (letter.language, letter.template, letter.template_version) == ("ru", None, "default")
    assert (letter.created_by, letter.created_at) == (staff, AFTER_THE_WINDOW)


@pytest.mark.parametrize("staff_template", [False, True])
def test_every_letter_is_the_one_the_one_at_a_time_path_writes_for_its_request(
    appeal: CollectiveAppeal, staff: User, staff_template: bool
) -> None:
    # given: an appeal to five agencies (and, in one case, a staff template of the letter)
    if staff_template:
        LetterTemplate.objects.create(
            kind=LetterKind.COLLECTIVE_APPEAL,
            language="ru",
            version=3,
            source="{{ addressee.body_name }} / {{ outgoing_number }} / {{ reply_address }}"
            " / {{ requester.email }} / {{ date|date }} / {{ citation.rule_id }}",
            is_active=True,
            created_by=staff,
        )
    scheduled(appeal, staff, agencies(5))

    # when: it fans out in batches of two
    fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=2)

    # then: the staff template filled the letter in, per addressee
    if staff_template:
        third = requests_of(appeal)[2]
        assert Letter.objects.get(information_request=third).text == (
            f"Агентство №2 / {third.pk}/2026 / {reply_address(third.pk)} / "
            f"{reply_address(third.pk)} / 02.03.2026 / KZ.ATI.11.response"
        )

    # and: each stored letter is, to the byte, the one generate_letter writes for that request
    for information_request in requests_of(appeal):
        stored = Letter.objects.get(information_request=information_request)
        one_at_a_time = generate_letter(
            information_request=information_request,
            user=staff,
            now=AFTER_THE_WINDOW,
            kind=LetterKind.COLLECTIVE_APPEAL,
        )
        assert (stored.text, stored.content_sha256) == (
            one_at_a_time.text,
            one_at_a_time.content_sha256,
        )
        assert (stored.template, stored.template_version) == (
            one_at_a_time.template,
            one_at_a_time.template_version,
        )


def test_each_request_is_a_draft_with_its_rules_and_one_creation_event(
    appeal: CollectiveAppeal, staff: User, ngo: Organization
) -> None:
    # given: an appeal to three agencies
    bodies = agencies(3)
    scheduled(appeal, staff, bodies)

    # when: it fans out
    fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW)

    # then: one draft per agency, by the staff member for the NGO, citing the appeal's rule
    requests = requests_of(appeal)
    assert [r.public_body for r in requests] == bodies
    for information_request in requests:
        assert information_request.status == Status.DRAFT
        assert (information_request.requester, information_request.organization) == (staff, ngo)
        assert information_request.subject == "Задержания журналистов"
        assert (information_request.text, information_request.language) == (TEXT, "ru")
        assert [r.rule_id for r in information_request.legal_rules.all()] == ["KZ.ATI.11.response"]
        events = list(TimelineEvent.objects.filter(information_request=information_request))
        assert [(e.kind, e.occurred_at, e.recorded_by, e.data) for e in events] == [
            (EventKind.CREATED, AFTER_THE_WINDOW, staff, {})
        ]
        assert information_request.deadlines.count() == 0


def test_only_bodies_with_an_address_get_an_email_stored_as_queue_request_email_stores_it(
    appeal: CollectiveAppeal,
    staff: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # given: an appeal to four agencies, the first and the third with an email address
    scheduled(appeal, staff, agencies(4))

    # when: it fans out
    with django_capture_on_commit_callbacks() as callbacks:
        fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW)

    # then: two emails, pending, due now, to those addresses, with the request's number
    first, _second, third, _fourth = requests_of(appeal)
    emails = list(OutgoingEmail.objects.order_by("id"))
    assert [
        (
            e.information_request,
            e.letter,
            e.intent,
            e.idempotency_key,
            e.to_address,
            e.reply_to,
            e.subject,
            e.from_header,
            e.in_reply_to,
            e.status,
            e.attempts,
            e.created_at,
            e.next_attempt_at,
            e.requested_by,
        )
        for e in emails
    ] == [
        (
            request,
            Letter.objects.get(information_request=request),
            "request",
            f"{request.pk}:request",
            f"agency{number}@example.kz",
            reply_address(request.pk),
            f"Задержания журналистов #{request.pk}",
            "Тимур Ахметов <tracker@localhost>",
            "",
            OutgoingStatus.PENDING,
            0,
            AFTER_THE_WINDOW,
            AFTER_THE_WINDOW,
            staff,
        )
        for number, request in ((0, first), (2, third))
    ]
    assert len({e.message_id for e in emails}) == 2
    assert all(e.message_id.endswith("@localhost>") for e in emails)
    # and: their send tasks are queued after the commit, in one go
    assert len(callbacks) == 1


@pytest.mark.parametrize("addressees", [10, 40])
def test_a_batch_costs_the_same_queries_whatever_its_size(
    appeal: CollectiveAppeal, staff: User, addressees: int
) -> None:
    # given: a sending appeal to 10 (or 40) agencies
    scheduled(appeal, staff, agencies(addressees))
    assert start_fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=100) == 1

    # when: one batch takes them all
    with CaptureQueriesContext(connection) as queries:
        made = fan_out_batch(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=100)

    # then: every addressee is made, in the same number of queries for 10 as for 40
    assert made == addressees
    assert len(queries) == QUERIES_PER_BATCH, "\n".join(q["sql"][:120] for q in queries)
    appeal.refresh_from_db()
    assert appeal.state == AppealState.FANNED_OUT


def test_the_coordinator_counts_the_batches_left_and_opens_only_a_due_appeal(
    appeal: CollectiveAppeal, staff: User
) -> None:
    # given: an appeal to 25 agencies, its undo window still open
    scheduled(appeal, staff, agencies(25))

    # when / then: before the window closes, nothing to do
    assert (
        start_fan_out(
            appeal_id=appeal.pk, now=AFTER_THE_WINDOW - timedelta(seconds=1), batch_size=10
        )
        == 0
    )
    appeal.refresh_from_db()
    assert appeal.state == AppealState.SCHEDULED

    # when / then: after it, 3 batches of 10 (10, 10 and 5), the appeal sending
    assert start_fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=10) == 3
    appeal.refresh_from_db()
    assert appeal.state == AppealState.SENDING

    # when / then: one batch made, 2 left
    assert fan_out_batch(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=10) == 10
    assert start_fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=10) == 2

    # when / then: the rest made by two batches, the appeal fanned out by the last one
    assert fan_out_batch(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=10) == 10
    appeal.refresh_from_db()
    assert appeal.state == AppealState.SENDING
    assert fan_out_batch(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=10) == 5
    appeal.refresh_from_db()
    assert (appeal.state, appeal.fanned_out_at) == (AppealState.FANNED_OUT, AFTER_THE_WINDOW)

    # when / then: a late batch, or the coordinator again, makes nothing
    assert fan_out_batch(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=10) == 0
    assert start_fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=10) == 0
    assert InformationRequest.objects.count() == 25
    assert Letter.objects.count() == 25
    assert OutgoingEmail.objects.count() == 13  # agencies 0, 2, ..., 24


def test_a_batch_that_fails_leaves_nothing_and_the_next_one_makes_it_whole(
    appeal: CollectiveAppeal, staff: User
) -> None:
    # given: an appeal to three agencies, one of them of another jurisdiction's (a bad choice)
    bodies = agencies(3)
    PublicBody.objects.filter(pk=bodies[1].pk).update(
        jurisdiction=Jurisdiction.objects.exclude(code="KZ").get()
    )
    scheduled(appeal, staff, bodies)
    start_fan_out(appeal_id=appeal.pk, now=AFTER_THE_WINDOW, batch_size=10)

    # when: a batch of all three fails on it
    with pytest.raises(DomainError):
        fan_out_batch_rows(shared=shared_parts(appeal.pk), now=AFTER_THE_WINDOW, batch_size=10)

    # then: nothing of the batch was kept
    assert InformationRequest.objects.count() == 0
    assert Letter.objects.count() == TimelineEvent.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert not Addressee.objects.filter(information_request__isnull=False).exists()

    # when: the body is corrected and the batch runs again
    PublicBody.objects.filter(pk=bodies[1].pk).update(
        jurisdiction=Jurisdiction.objects.get(code="KZ")
    )
    made = fan_out_batch_rows(shared=shared_parts(appeal.pk), now=AFTER_THE_WINDOW, batch_size=10)

    # then: each addressee has its one request
    assert made == 3
    assert InformationRequest.objects.count() == 3


def test_a_batch_of_an_appeal_still_in_its_undo_window_makes_nothing(
    appeal: CollectiveAppeal, staff: User
) -> None:
    # given: an appeal to three agencies, scheduled, its undo window open (so it can be cancelled)
    scheduled(appeal, staff, agencies(3))

    # when: a batch task runs for it anyway (a stray message)
    made = fan_out_batch(
        appeal_id=appeal.pk, now=AFTER_THE_WINDOW - timedelta(minutes=5), batch_size=10
    )

    # then: nothing is made, and the appeal is still scheduled
    assert made == 0
    assert InformationRequest.objects.count() == 0
    appeal.refresh_from_db()
    assert appeal.state == AppealState.SCHEDULED
