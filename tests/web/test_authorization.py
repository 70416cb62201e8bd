"""Every page and API endpoint that touches a request checks who asks: an outsider gets a 404,
never the data; an anonymous visitor gets the sign-in page or a 401."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from requests_tracker.accounts.models import Membership, Organization, Role, User
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services import generate_letter
from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
pytestmark = pytest.mark.django_db
SECRET = "Секретный вопрос о задержаниях"


@pytest.fixture
def overdue_request() -> InformationRequest:
    outlet = Organization.objects.create(name="Редакция", slug="outlet", kind="media_outlet")
    owner = User.objects.create(username="owner")
    Membership.objects.create(user=owner, organization=outlet, role=Role.JOURNALIST)
    information_request = make_request(
        created_at=datetime(2026, 3, 2, 9, tzinfo=ALMATY),
        requester=owner,
        organization=outlet,
        subject=SECRET,
    )
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY),
        recorded_by=owner,
    )
    sweep_deadlines(now=datetime(2026, 4, 1, tzinfo=ALMATY))
    information_request.refresh_from_db()
    generate_letter(
        information_request=information_request, user=owner, now=datetime(2026, 4, 1, tzinfo=ALMATY)
    )
    return information_request


def endpoints(information_request: InformationRequest) -> list[tuple[str, str, dict[str, str]]]:
    pk = information_request.pk
    letter = Letter.objects.get(information_request=information_request).pk
    return [
        ("get", f"/requests/{pk}/", {}),
        ("post", f"/requests/{pk}/events/note/", {"note-occurred_at": "2026-04-01T10:00"}),
        ("post", f"/requests/{pk}/visibility/", {"visibility": "public"}),
        ("post", f"/requests/{pk}/escalate/complaint/", {}),
        ("get", f"/public/requests/{pk}/", {}),
        ("get", f"/api/v1/requests/{pk}/letter/", {}),
        ("get", f"/api/v1/requests/{pk}/letter/?as=pdf", {}),
        ("post", f"/api/v1/requests/{pk}/escalate/", {"step": "complaint"}),
        ("get", f"/api/v1/letters/{letter}/", {}),
    ]


def snapshot(information_request: InformationRequest) -> tuple[object, ...]:
    information_request.refresh_from_db()
    return (
        information_request.visibility,
        information_request.events.count(),
        InformationRequest.objects.count(),
    )


def test_a_user_outside_the_organisation_gets_404_everywhere(
    client: Client, overdue_request: InformationRequest
) -> None:
    before = snapshot(overdue_request)
    client.force_login(User.objects.create(username="outsider"))

    for method, url, data in endpoints(overdue_request):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url, response.status_code)
        assert SECRET not in response.content.decode(errors="replace"), url

    assert snapshot(overdue_request) == before


def test_an_anonymous_visitor_is_sent_to_sign_in_or_gets_401(
    client: Client, overdue_request: InformationRequest
) -> None:
    before = snapshot(overdue_request)

    for method, url, data in endpoints(overdue_request):
        response = getattr(client, method)(url, data)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
        elif url.startswith("/public/"):
            assert response.status_code == 404, url  # not published
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
        assert SECRET not in response.content.decode(errors="replace"), url

    assert snapshot(overdue_request) == before


def test_a_colleague_sees_a_shared_request_but_only_an_editor_may_change_it(
    client: Client, overdue_request: InformationRequest
) -> None:
    InformationRequest.objects.filter(pk=overdue_request.pk).update(
        visibility=Visibility.ORGANIZATION
    )
    outlet = Organization.objects.get(slug="outlet")
    colleague = User.objects.create(username="colleague")
    Membership.objects.create(user=colleague, organization=outlet, role=Role.JOURNALIST)
    editor = User.objects.create(username="editor")
    Membership.objects.create(user=editor, organization=outlet, role=Role.EDITOR)
    pk = overdue_request.pk
    note = {"note-occurred_at": "2026-04-01T10:00", "note-note": "Позвонили в приёмную"}
    events_before = overdue_request.events.count()

    client.force_login(colleague)
    seen = client.get(f"/requests/{pk}/")
    refused = client.post(f"/requests/{pk}/events/note/", note)
    client.force_login(editor)
    changed = client.post(f"/requests/{pk}/events/note/", note)
    # Publishing and unpublishing stay with the requester, even for an editor.
    unpublished = client.post(f"/requests/{pk}/visibility/", {"visibility": "private"})

    assert seen.status_code == 200
    assert SECRET in seen.content.decode()
    assert (refused.status_code, changed.status_code, unpublished.status_code) == (404, 302, 404)
    overdue_request.refresh_from_db()
    assert overdue_request.events.count() == events_before + 1
    assert overdue_request.visibility == Visibility.ORGANIZATION


def test_a_published_request_shows_no_personal_data(
    client: Client, overdue_request: InformationRequest
) -> None:
    User.objects.filter(pk=overdue_request.requester_id).update(
        first_name="Асель", last_name="Нурланова", email="asel@example.org"
    )
    InformationRequest.objects.filter(pk=overdue_request.pk).update(visibility=Visibility.PUBLIC)

    page = client.get(f"/public/requests/{overdue_request.pk}/").content.decode()

    assert SECRET in page
    for personal in ("Асель", "Нурланова", "asel@example.org", "owner"):
        assert personal not in page
