"""The escalation ladder: a silence or refusal becomes a complaint to the superior body."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from letters.render import content_hash
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services import escalate
from requests_tracker.information_requests.models import InformationRequest, Step
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ALMATY)


def silent_request_to_almaty_police() -> InformationRequest:
    """A Mass Media Law request to the Almaty police, registered 2 March 2026, never answered."""
    information_request = make_request(
        body_slug="police-kz-75",
        rule_ids=("KZ.MEDIA.36.response",),
        created_at=at(3, 2, 9),
        subject="Число задержаний журналистов в 2026 году",
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2),
        recorded_by=information_request.requester,
    )
    record_event(
        information_request=information_request,
        kind=EventKind.REGISTERED,
        occurred_at=at(3, 2, 15),
        recorded_by=information_request.requester,
        data={"registration_number": "ЖТ-2026-01234"},
    )
    sweep_deadlines(now=at(3, 11, 1))
    information_request.refresh_from_db()
    assert information_request.status == Status.OVERDUE
    return information_request


def test_a_silent_request_to_a_regional_police_department_becomes_a_complaint_to_the_ministry() -> (
    None
):
    # given
    silent = silent_request_to_almaty_police()

    # when
    complaint, letter = escalate(
        information_request=silent,
        step=Step.COMPLAINT,
        user=silent.requester,
        now=at(3, 12),
    )

    # then: a new tracked request, addressed to the superior body, escalating the first
    assert complaint.step == Step.COMPLAINT
    assert complaint.escalates == silent
    assert complaint.public_body.slug == "ministry-internal-affairs"
    assert list(complaint.legal_rules.values_list("rule_id", flat=True)) == [
        "KZ.APPC.complaint_decision"
    ]
    # and its letter carries the facts of the original request
    assert letter.kind == "complaint"
    assert letter.content_sha256 == content_hash(letter.text)
    assert "Руководителю Министерства внутренних дел Республики Казахстан\n" in letter.text
    assert "Департамент полиции города Алматы" in letter.text
    assert "Число задержаний журналистов в 2026 году" in letter.text
    assert "ЖТ-2026-01234" in letter.text
    assert "02.03.2026" in letter.text
    assert "10.03.2026" in letter.text
    assert "статьёй 36 Закона Республики Казахстан «О масс-медиа»" in letter.text
    # and the first request's timeline says so
    note = silent.events.get(kind=EventKind.NOTE)
    assert note.data == {"escalated_to": complaint.pk, "step": "complaint"}


def test_a_request_still_awaiting_its_answer_cannot_be_escalated() -> None:
    waiting = make_request(created_at=at(3, 2, 9))
    record_event(
        information_request=waiting,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2),
        recorded_by=waiting.requester,
    )

    with translation.override("en"), pytest.raises(DomainError, match="Only a refusal"):
        escalate(
            information_request=waiting, step=Step.COMPLAINT, user=waiting.requester, now=at(3, 3)
        )

    assert InformationRequest.objects.count() == 1
    assert Letter.objects.count() == 0


def test_a_complaint_about_a_ministry_goes_to_its_head_never_to_the_government() -> None:
    silent = make_request(
        body_slug="ministry-internal-affairs",
        rule_ids=("KZ.MEDIA.36.response",),
        created_at=at(3, 2, 9),
    )
    record_event(
        information_request=silent,
        kind=EventKind.SUBMITTED,
        occurred_at=at(3, 2),
        recorded_by=silent.requester,
    )
    sweep_deadlines(now=at(3, 11, 1))
    silent.refresh_from_db()

    # APPC Art. 91(3): the Government never decides a complaint, so the superior official does:
    # the head of the ministry, the complaint filed through the ministry itself.
    complaint, letter = escalate(
        information_request=silent, step=Step.COMPLAINT, user=silent.requester, now=at(3, 12)
    )
    appeal, _letter = escalate(
        information_request=silent,
        step=Step.PROSECUTOR_APPEAL,
        user=silent.requester,
        now=at(3, 12),
    )

    assert complaint.public_body.slug == "ministry-internal-affairs"
    assert letter.text.startswith(
        "Руководителю Министерства внутренних дел Республики Казахстан\n"
        "Через: Министерство внутренних дел Республики Казахстан\n"
    )
    assert appeal.public_body.slug == "general-prosecutor"


def test_escalating_through_the_api_answers_201_with_the_new_request_and_letter(
    api_client: APIClient,
) -> None:
    silent = silent_request_to_almaty_police()
    api_client.force_authenticate(silent.requester)

    response = api_client.post(
        f"/api/v1/requests/{silent.pk}/escalate/", {"step": "complaint"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    complaint = InformationRequest.objects.get(pk=body["request_id"])
    assert complaint.escalates == silent
    assert body["letter_sha256"] == Letter.objects.get(pk=body["letter_id"]).content_sha256


def test_nobody_else_can_escalate_someone_elses_request(api_client: APIClient) -> None:
    silent = silent_request_to_almaty_police()
    api_client.force_authenticate(type(silent.requester).objects.create(username="someone-else"))

    response = api_client.post(
        f"/api/v1/requests/{silent.pk}/escalate/", {"step": "complaint"}, format="json"
    )

    assert response.status_code == 404
    assert InformationRequest.objects.count() == 1
