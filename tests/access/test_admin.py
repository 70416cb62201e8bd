"""The admin shows a private request's content only to its requester and to superusers, and
every superuser's look at someone else's private request is in the access log, which only
superusers read and nobody changes."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client

from requests_tracker.accounts.models import AccessKind, AccessLogEntry, Organization, User
from requests_tracker.correspondence.services import generate_letter
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.monitoring.models import Block, Category
from requests_tracker.monitoring.recording import NewViolation, record_violations

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)


def with_every_permission(user: User) -> User:
    """Model permissions on everything, as a careless group might give: the policy still holds."""
    user.user_permissions.set(Permission.objects.all())
    return User.objects.get(pk=user.pk)  # a fresh instance: permissions are cached


def admin_client(user: object) -> Client:
    client = Client()
    assert isinstance(user, User)
    client.force_login(user)
    return client


def change_page(information_request: InformationRequest) -> str:
    return f"/admin/information_requests/informationrequest/{information_request.pk}/change/"


def test_ngo_staff_neither_list_nor_open_a_journalists_private_request(
    subjects: dict[str, Any], request_in: Callable[[str], InformationRequest]
) -> None:
    # given
    private = request_in("private")
    shared = request_in("organization")
    staff = with_every_permission(subjects["ngo staff"])
    client = admin_client(staff)

    # when
    listed = client.get("/admin/information_requests/informationrequest/")
    opened = client.get(change_page(private))
    opened_shared = client.get(change_page(shared))

    # then: a row the policy withholds is, to the admin, a row that does not exist
    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == []
    assert "Источник в полиции" not in listed.content.decode()
    assert (opened.status_code, opened["Location"]) == (302, "/admin/")
    assert (opened_shared.status_code, opened_shared["Location"]) == (302, "/admin/")
    assert AccessLogEntry.objects.count() == 0


def test_ngo_staff_see_no_letter_evidence_or_email_of_a_private_request_in_the_admin(
    subjects: dict[str, Any], request_in: Callable[[str], InformationRequest]
) -> None:
    private = request_in("private")
    letter = generate_letter(information_request=private, user=private.requester, now=AT)
    client = admin_client(with_every_permission(subjects["ngo staff"]))

    letters = client.get("/admin/correspondence/letter/")
    opened = client.get(f"/admin/correspondence/letter/{letter.pk}/change/")

    assert list(letters.context["cl"].result_list) == []
    assert (opened.status_code, opened["Location"]) == (302, "/admin/")


@time_machine.travel(AT, tick=False)
def test_a_superusers_look_at_someone_elses_private_request_is_logged(
    subjects: dict[str, Any], request_in: Callable[[str], InformationRequest]
) -> None:
    # given
    private = request_in("private")
    root = subjects["superuser"]
    client = admin_client(root)

    # when
    response = client.get(change_page(private))

    # then
    assert response.status_code == 200
    assert "Источник в полиции" in response.content.decode()
    assert list(
        AccessLogEntry.objects.values_list("user", "at", "information_request_id", "kind", "path")
    ) == [
        (
            root.pk,
            AT,
            private.pk,
            AccessKind.ADMIN_PAGE.value,
            change_page(private),
        )
    ]


@pytest.mark.parametrize(
    ("visibility", "own", "logged"),
    [
        ("private", False, 1),
        ("private", True, 0),  # a superuser's own request
        ("organization", False, 0),
        ("public", False, 0),
    ],
)
def test_only_someone_elses_private_request_is_logged(
    subjects: dict[str, Any],
    request_in: Callable[[str], InformationRequest],
    visibility: str,
    own: bool,
    logged: int,
) -> None:
    information_request = request_in(visibility)
    root = subjects["superuser"]
    if own:
        InformationRequest.objects.filter(pk=information_request.pk).update(requester=root)

    admin_client(root).get(change_page(information_request))

    assert AccessLogEntry.objects.count() == logged


def test_only_superusers_read_the_access_log_and_nobody_changes_it(
    subjects: dict[str, Any], request_in: Callable[[str], InformationRequest]
) -> None:
    # given: one entry
    root = subjects["superuser"]
    admin_client(root).get(change_page(request_in("private")))
    entry = AccessLogEntry.objects.get()
    before = list(AccessLogEntry.objects.values())
    base = "/admin/accounts/accesslogentry/"
    staff = admin_client(with_every_permission(subjects["ngo staff"]))
    superuser = admin_client(root)

    # when
    as_superuser = {
        "list": superuser.get(base).status_code,
        "view": superuser.get(f"{base}{entry.pk}/change/").status_code,
        "add": superuser.get(f"{base}add/").status_code,
        "delete": superuser.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code,
        "edit": superuser.post(f"{base}{entry.pk}/change/", {"kind": "change"}).status_code,
    }
    as_staff = {
        "list": staff.get(base).status_code,
        "view": staff.get(f"{base}{entry.pk}/change/").status_code,
    }

    # then
    assert as_superuser == {"list": 200, "view": 200, "add": 403, "delete": 403, "edit": 403}
    assert as_staff == {"list": 403, "view": 403}
    assert list(AccessLogEntry.objects.values()) == before


def test_only_a_superuser_marks_the_organisation_that_keeps_the_dataset(
    subjects: dict[str, Any], outlet: Organization
) -> None:
    # given: a staff account that may change organisations, and a superuser
    staff = admin_client(with_every_permission(subjects["outlet admin"]))
    superuser = admin_client(subjects["superuser"])
    page = f"/admin/accounts/organization/{outlet.pk}/change/"

    # when
    staff_form = staff.get(page).context["adminform"].form
    superuser_form = superuser.get(page).context["adminform"].form

    # then
    assert "keeps_monitoring_dataset" not in staff_form.fields
    assert "keeps_monitoring_dataset" in superuser_form.fields


def test_ngo_staff_reviewing_a_violation_see_the_number_of_its_private_request_not_its_subject(
    subjects: dict[str, Any], request_in: Callable[[str], InformationRequest]
) -> None:
    # given: a silence violation drawn from a journalist's private request
    private = request_in("private")
    (violation,) = record_violations(
        violations=[
            NewViolation(
                block=Block.B,
                category=Category.SILENCE,
                occurred_on=date(2026, 3, 17),
                information_request_id=private.pk,
                public_body_id=private.public_body_id,
            )
        ]
    )
    client = admin_client(with_every_permission(subjects["ngo staff"]))

    # when
    opened = client.get(f"/admin/monitoring/violation/{violation.pk}/change/")

    # then: the violation is theirs to review; the request behind it stays the journalist's
    page = opened.content.decode()
    assert opened.status_code == 200
    assert f"#{private.pk}" in page
    assert "Источник в полиции" not in page
