"""Collective appeals through the API: the whole flow, and who may see or change an appeal."""

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks
from rest_framework.test import APIClient

from requests_tracker.accounts.models import Organization, User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective.fan_out import fan_out
from requests_tracker.collective.models import AppealState, CollectiveAppeal
from requests_tracker.collective.tasks import fan_out_appeal_task
from requests_tracker.information_requests.models import Deadline, InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.collective.conftest import ALMATY, MINISTRY, TEXT, all_region_codes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("undo_window")]

BASE = "/api/v1/collective-appeals/"
SELECTION = {"kinds": ["police"], "subordinates_of": MINISTRY}


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def regional_selection() -> dict[str, Any]:
    ministry = PublicBody.objects.get(slug=MINISTRY)
    return {**SELECTION, "region_codes": all_region_codes(), "body_ids": [ministry.pk]}


def test_staff_create_an_appeal_and_others_are_refused(
    staff: User, ngo: Organization, outlet_member: User
) -> None:
    payload = {
        "title": "Задержания журналистов",
        "text": TEXT,
        "legal_rules": ["KZ.ATI.11.response", "KZ.MEDIA.36.response"],
        "language": "ru",
        "initiating_organization": ngo.pk,
    }

    created = client_for(staff).post(BASE, payload, format="json")
    refused = client_for(outlet_member).post(BASE, payload, format="json")

    assert created.status_code == 201, created.content
    appeal = CollectiveAppeal.objects.get()
    assert created.json() == {
        "id": appeal.pk,
        "title": "Задержания журналистов",
        "text": TEXT,
        "legal_rules": ["KZ.ATI.11.response", "KZ.MEDIA.36.response"],
        "language": "ru",
        "initiating_organization": ngo.pk,
        "state": "draft",
        "send_after": None,
        "created_at": created.json()["created_at"],
        "fanned_out_at": None,
    }
    assert (appeal.created_by, appeal.initiating_organization) == (staff, ngo)
    assert refused.status_code == 400
    # (in Russian, the tracker's default language)
    assert refused.json() == {
        "detail": ["Изменять обращение могут только сотрудники организации-инициатора."]
    }
    assert CollectiveAppeal.objects.count() == 1


def test_an_appeal_is_cosigned_addressed_scheduled_cancelled_and_sent_through_the_api(
    appeal: CollectiveAppeal,
    staff: User,
    outlet: Organization,
    outlet_member: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api, member_api = client_for(staff), client_for(outlet_member)
    url = f"{BASE}{appeal.pk}/"
    queued: list[int] = []
    monkeypatch.setattr(fan_out_appeal_task, "delay", queued.append)

    # A co-signer is added by the staff and confirmed by the outlet's member (not by the staff)
    cosigner = api.post(
        f"{url}cosigners/",
        {
            "organization": outlet.pk,
            "signatory_name": "Вадим Борейко",
            "signatory_title": "главный редактор",
        },
        format="json",
    )
    assert cosigner.status_code == 201
    confirm_url = f"{url}cosigners/{cosigner.json()['id']}/confirm/"
    assert api.post(confirm_url).status_code == 400
    confirmed = member_api.post(confirm_url)
    assert confirmed.status_code == 200
    assert (confirmed.json()["organization_name"], confirmed.json()["is_confirmed"]) == (
        "Редакция «Власть»",
        True,
    )

    # Sending without addressees is refused with the service's reason
    empty = api.post(f"{url}schedule/", {}, format="json")
    assert (empty.status_code, empty.json()) == (
        400,
        {"detail": ["Выберите хотя бы одного адресата."]},
    )

    # The 20 regional police departments by filter and the ministry by hand: 21, then none again
    first = api.post(f"{url}addressees/", regional_selection(), format="json")
    again = api.post(f"{url}addressees/", regional_selection(), format="json")
    assert first.json() == {"added": 21, "total": 21}
    assert again.json() == {"added": 0, "total": 21}
    assert api.post(f"{url}addressees/", {}, format="json").status_code == 400

    # Scheduled with the undo window, then cancelled within it
    scheduled = api.post(f"{url}schedule/", {}, format="json")
    assert scheduled.json()["state"] == "scheduled"
    assert scheduled.json()["send_after"] is not None
    cancelled = api.post(f"{url}cancel/")
    assert (cancelled.json()["state"], cancelled.json()["send_after"]) == ("draft", None)
    assert queued == []

    # Sent now: the fan-out is queued once the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        now = api.post(f"{url}schedule/", {"skip_undo_window": True}, format="json")
    assert now.json()["state"] == "scheduled"
    assert queued == [appeal.pk]
    assert api.get(f"{url}progress/").json() == {
        "done": 0,
        "total": 21,
        "percent": 0,
        "state": "scheduled",
        "submitted": 0,
    }
    fan_out(appeal_id=appeal.pk, now=timezone.now())

    # Then progress, the appeal and its addressees show the 21 requests
    assert api.get(f"{url}progress/").json() == {
        "done": 21,
        "total": 21,
        "percent": 100,
        "state": "fanned_out",
        "submitted": 0,
    }
    detail = api.get(url).json()
    assert detail["state"] == "fanned_out"
    assert [c["organization_name"] for c in detail["cosigners"]] == ["Редакция «Власть»"]
    assert detail["addressee_counts"] == {
        "total": 21,
        "with_email": 0,
        "by_status": {"draft": 21},
        "submitted": 0,
        "by_state": {
            "email_queued": 0,
            "email_retrying": 0,
            "email_failed": 0,
            "awaiting_submission": 21,
            "submitted": 0,
            "registered": 0,
        },
    }
    assert detail["progress"] == {
        "done": 21,
        "total": 21,
        "percent": 100,
        "state": "fanned_out",
        "submitted": 0,
    }
    addressees = api.get(f"{url}addressees/").json()
    assert addressees["count"] == 21
    almaty = next(row for row in addressees["results"] if row["body"]["slug"] == "police-kz-75")
    request = InformationRequest.objects.get(
        collective_addressee__appeal=appeal, public_body__slug="police-kz-75"
    )
    assert almaty == {
        "id": almaty["id"],
        "body": {
            "slug": "police-kz-75",
            "name": "Департамент полиции города Алматы",
            "kind": "police",
            "region": "KZ-75",
            "email": "",
        },
        "request_id": request.pk,
        "status": "draft",
        "legal_deadline": None,
        "days_left": None,
        "days_left_unit": "",
        "state": "awaiting_submission",
        "registration_number": "",
        "channel": "",
    }
    # A change after sending is refused
    assert api.post(f"{url}addressees/", SELECTION, format="json").status_code == 400


def test_the_csv_export_and_the_bulk_actions_cover_every_addressee(
    appeal: CollectiveAppeal, staff: User
) -> None:
    # Given the appeal sent to 21 bodies, submitted, and overdue after a sweep
    api, url = client_for(staff), f"{BASE}{appeal.pk}/"
    PublicBody.objects.filter(slug="police-kz-75").update(email="kense@police.example.kz")
    api.post(f"{url}addressees/", regional_selection(), format="json")
    api.post(f"{url}schedule/", {"skip_undo_window": True}, format="json")
    sent_at = timezone.now()
    fan_out(appeal_id=appeal.pk, now=sent_at)
    for information_request in InformationRequest.objects.all():
        record_event(
            information_request=information_request,
            kind=EventKind.SUBMITTED,
            occurred_at=sent_at,
            recorded_by=staff,
            data={"channel": "post"},
        )
    sweep_deadlines(now=sent_at + timedelta(days=60))

    # When the export is downloaded and each bulk action is taken twice
    export = api.get(f"{url}export.csv/")
    reminded = [api.post(f"{url}remind-silent/").json() for _ in range(2)]
    complained = [api.post(f"{url}complain/").json() for _ in range(2)]

    # Then the CSV has one line per addressee, and each action was taken once per body
    assert export.status_code == 200
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert lines[0] == [
        "body",
        "region",
        "email",
        "request_id",
        "status",
        "legal_deadline",
        "days_left",
        "days_left_unit",
    ]
    assert len(lines) == 22
    almaty = next(line for line in lines if line[1] == "KZ-75")
    assert almaty[:3] == ["Департамент полиции города Алматы", "KZ-75", "kense@police.example.kz"]
    deadline = Deadline.objects.get(
        information_request__public_body__slug="police-kz-75", is_legal_deadline=True
    )
    today = timezone.now().astimezone(ALMATY).date()
    # The sweep ran in the future, the export runs today: the days left are counted from today
    assert almaty[4:] == [
        "overdue",
        deadline.due_date.isoformat(),
        str((deadline.due_date - today).days),
        "calendar_days",  # the ATI rule counts calendar days
    ]
    assert reminded == [{"count": 1}, {"count": 1}]
    # the 20 police departments to the ministry, and the ministry to its head (APPC Art. 91(3))
    assert complained == [{"count": 21}, {"count": 0}]


def endpoints(appeal: CollectiveAppeal) -> list[tuple[str, str]]:
    url = f"{BASE}{appeal.pk}/"
    cosigner = appeal.cosigners.get().pk
    return [
        ("get", url),
        ("get", f"{url}progress/"),
        ("get", f"{url}addressees/"),
        ("get", f"{url}export.csv/"),
        ("post", f"{url}cosigners/"),
        ("post", f"{url}cosigners/{cosigner}/confirm/"),
        ("post", f"{url}addressees/"),
        ("post", f"{url}schedule/"),
        ("post", f"{url}cancel/"),
        ("post", f"{url}remind-silent/"),
        ("post", f"{url}complain/"),
    ]


@pytest.fixture
def cosigned(appeal: CollectiveAppeal, staff: User, outlet: Organization) -> CollectiveAppeal:
    client_for(staff).post(
        f"{BASE}{appeal.pk}/cosigners/",
        {"organization": outlet.pk, "signatory_name": "Вадим Борейко", "signatory_title": "ред."},
        format="json",
    )
    client_for(staff).post(f"{BASE}{appeal.pk}/addressees/", SELECTION, format="json")
    return appeal


def snapshot(appeal: CollectiveAppeal) -> tuple[object, ...]:
    appeal.refresh_from_db()
    return (
        appeal.state,
        appeal.addressees.count(),
        list(appeal.cosigners.values_list("confirmed_at", flat=True)),
    )


def test_an_outsider_gets_404_on_every_appeal_endpoint(
    cosigned: CollectiveAppeal, outsider: User
) -> None:
    before = snapshot(cosigned)
    api = client_for(outsider)

    for method, url in endpoints(cosigned):
        response = getattr(api, method)(url, SELECTION, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
        assert "Задержания" not in response.content.decode(), url

    assert api.get(BASE).json()["count"] == 0
    assert snapshot(cosigned) == before


def test_an_anonymous_caller_gets_401_on_every_appeal_endpoint(
    cosigned: CollectiveAppeal,
) -> None:
    before = snapshot(cosigned)

    for method, url in [*endpoints(cosigned), ("get", BASE), ("post", BASE)]:
        response = getattr(APIClient(), method)(url, SELECTION, format="json")
        assert response.status_code == 401, (method, url, response.status_code)

    assert snapshot(cosigned) == before


def test_a_cosigners_member_sees_the_appeal_and_asking_to_change_it_is_a_404(
    cosigned: CollectiveAppeal, outlet_member: User
) -> None:
    before = snapshot(cosigned)
    api, url = client_for(outlet_member), f"{BASE}{cosigned.pk}/"

    listed = api.get(BASE).json()
    seen = api.get(url)
    changes = {
        path: api.post(f"{url}{path}/", SELECTION, format="json").status_code
        for path in ("cosigners", "addressees", "schedule", "cancel", "remind-silent", "complain")
    }

    assert [row["id"] for row in listed["results"]] == [cosigned.pk]
    assert seen.status_code == 200
    assert seen.json()["title"] == "Задержания журналистов"
    assert set(changes.values()) == {404}, changes
    assert snapshot(cosigned) == before
    assert cosigned.state == AppealState.DRAFT
