"""An escalation is made once per step: a double click and a retried post return the first one."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from rest_framework.test import APIClient

from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services import escalate, escalate_once
from requests_tracker.information_requests.models import InformationRequest, Step
from requests_tracker.information_requests.services import create_request
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import LegalRule
from tests.correspondence.test_escalation import at, silent_request_to_almaty_police


@pytest.mark.django_db
def test_two_clicks_on_the_page_and_a_post_to_the_api_make_one_complaint_and_one_letter(
    client: Client, api_client: APIClient
) -> None:
    # given: a silent request, and its requester signed in on the page and on the API
    silent = silent_request_to_almaty_police()
    client.force_login(silent.requester)
    api_client.force_authenticate(silent.requester)
    page = f"/requests/{silent.pk}/escalate/complaint/"

    # when: a double click, then the API
    first = client.post(page, follow=True)
    second = client.post(page, follow=True)
    api = api_client.post(
        f"/api/v1/requests/{silent.pk}/escalate/", {"step": "complaint"}, format="json"
    )

    # then: one complaint with one letter, and every answer points at it
    complaint = InformationRequest.objects.get(escalates=silent)
    letter = Letter.objects.get()
    assert (complaint.step, letter.information_request_id) == (Step.COMPLAINT, complaint.pk)
    assert first.redirect_chain == [(f"/requests/{complaint.pk}/", 302)]
    assert second.redirect_chain == [(f"/requests/{complaint.pk}/", 302)]
    ready = (
        "Ваша жалоба (адресат: Министерство внутренних дел Республики Казахстан) готова: "
        "скачайте её, подпишите и отправьте."
    )
    assert [str(message) for message in first.context["messages"]] == [ready]
    assert [str(message) for message in second.context["messages"]] == [ready]
    assert api.status_code == 200
    assert api.json() == {
        "request_id": complaint.pk,
        "addressee": "Министерство внутренних дел Республики Казахстан",
        "letter_id": letter.pk,
        "letter_sha256": letter.content_sha256,
    }
    # and the first request's timeline notes the escalation once
    assert silent.events.filter(kind=EventKind.NOTE).count() == 1


@pytest.mark.django_db
def test_a_repeated_escalation_returns_the_first_appeal_even_after_the_answer_came() -> None:
    # given: a complaint made, then the body answered late after all
    silent = silent_request_to_almaty_police()
    complaint, letter = escalate(
        information_request=silent, step=Step.COMPLAINT, user=silent.requester, now=at(3, 12)
    )
    InformationRequest.objects.filter(pk=silent.pk).update(status="answered")

    # when
    again = escalate_once(
        information_request=silent, step=Step.COMPLAINT, user=silent.requester, now=at(3, 13)
    )

    # then: the first result, not a refusal and not a second complaint
    assert (again.appeal, again.letter, again.created) == (complaint, letter, False)
    assert InformationRequest.objects.filter(escalates=silent).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_appeal_of_the_same_step() -> None:
    silent = silent_request_to_almaty_police()
    complaint, _letter = escalate(
        information_request=silent, step=Step.COMPLAINT, user=silent.requester, now=at(3, 12)
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        create_request(
            requester=silent.requester,
            public_body=complaint.public_body,
            legal_rules=LegalRule.objects.filter(rule_id="KZ.APPC.complaint_decision"),
            subject=silent.subject,
            text="",
            language="ru",
            created_at=at(3, 13),
            step=Step.COMPLAINT,
            escalates=silent,
        )

    assert InformationRequest.objects.filter(escalates=silent).count() == 1


def _escalate(silent: InformationRequest, results: dict[str, object], name: str) -> None:
    try:
        escalation = escalate_once(
            information_request=silent, step=Step.COMPLAINT, user=silent.requester, now=at(3, 12)
        )
        results[name] = (escalation.appeal.pk, escalation.letter.pk, escalation.created)
    except Exception as error:
        results[name] = error


def _race(silent: InformationRequest) -> dict[str, object]:
    """The first escalation holds its transaction open while a second one starts on another
    connection; then the first commits."""
    results: dict[str, object] = {}
    first_done, commit = threading.Event(), threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                _escalate(silent, results, "first")
                first_done.set()
                commit.wait(10)
        finally:
            connection.close()  # this thread's own connection

    def second() -> None:
        try:
            _escalate(silent, results, "second")
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_done.wait(10)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.5)
    results["second waited"] = two.is_alive()  # on the lock of the escalated request's row
    commit.set()
    one.join(10)
    two.join(10)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_escalations_at_once_on_two_connections_make_one_complaint() -> None:
    silent = silent_request_to_almaty_police()

    results = _race(silent)

    complaint = InformationRequest.objects.get(escalates=silent)
    letter = Letter.objects.get(information_request=complaint)
    assert results == {
        "first": (complaint.pk, letter.pk, True),
        "second": (complaint.pk, letter.pk, False),
        "second waited": True,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_row_lock_alone_keeps_two_escalations_at_once_to_one_complaint() -> None:
    # given: the unique constraint dropped for this test, so only the lock stands in the way
    silent = silent_request_to_almaty_police()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX one_appeal_per_step")
    try:
        # when
        results = _race(silent)
        complaints = list(
            InformationRequest.objects.filter(escalates=silent).values_list("pk", flat=True)
        )
    finally:
        # the flush after this test empties the tables; the index must come back without doubles
        InformationRequest.objects.filter(escalates=silent).exclude(
            pk=min(complaints, default=0)
        ).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE UNIQUE INDEX one_appeal_per_step ON information_requests_informationrequest"
                " (escalates_id, step) WHERE escalates_id IS NOT NULL"
            )

    # then
    assert len(complaints) == 1
    assert results["second waited"] is True
    letter = Letter.objects.get(information_request_id=complaints[0]).pk
    assert (results["first"], results["second"]) == (
        (complaints[0], letter, True),
        (complaints[0], letter, False),
    )
