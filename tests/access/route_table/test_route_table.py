"""Every route that takes an object, tried by every subject on every kind of object.

A cell is one route, one subject and one visibility (``-`` for objects without one). An allowed
subject gets the row's exact statuses; a refused one gets the response of the same route for an
object that does not exist (the status, the redirect and the page's templates), and nothing in the
database changes.
"""

import re
from typing import Any
from urllib.parse import unquote

import pytest
from django.http import HttpResponse
from django.test import Client
from rest_framework.test import APIClient

from tests.access.route_table.expected import ALLOWED
from tests.access.route_table.snapshot import snapshot
from tests.access.route_table.table import ROWS, Row, ids, missing_ids
from tests.access.route_table.world import SUBJECTS, World

CELLS = [
    pytest.param(row, subject, visibility, id=f"{row.method} {row.pattern}-{subject}-{visibility}")
    for row in ROWS
    for visibility in ALLOWED[row.action]
    for subject in SUBJECTS
]


def call(caller: Client, row: Row, path: str, visibility: str) -> Any:
    if row.method == "get":
        return caller.get(path)
    return getattr(caller, row.method)(path, row.data(visibility))


def refusal(response: HttpResponse) -> tuple[object, ...]:
    """What a refusal shows, with any id in its redirect written the same way."""
    location = re.sub(r"\d+", "<id>", unquote(response.get("Location", "")))
    templates = [template.name for template in getattr(response, "templates", [])]
    return (response.status_code, location, templates)


def expected_refusal_status(row: Row, subject: str) -> int | None:
    """A refusal's status when the policy names it: 404 signed in, sign-in or 401 anonymous."""
    if row.surface == "admin" or row.action == "template-read":
        return None  # the admin and DRF's IsAdminUser answer a missing object their own way
    if subject != "anonymous" or row.action in ("public-page", "violation-open-data"):
        return 404  # a page or an API open to anonymous visitors answers them as anyone
    return 401 if row.surface == "api" else 302


# The answer for a missing object depends on the route and the subject only, so it is asked once
# for the three visibilities of a row.
MISSING_ANSWERS: dict[tuple[str, str], tuple[object, ...]] = {}


def missing_answer(caller: Client, row: Row, subject: str, visibility: str) -> tuple[object, ...]:
    key = (row.name, subject)
    if key not in MISSING_ANSWERS:
        before = snapshot()
        MISSING_ANSWERS[key] = refusal(
            call(caller, row, row.path.format(**missing_ids()), visibility)
        )
        assert snapshot() == before
    return MISSING_ANSWERS[key]


@pytest.mark.parametrize(("row", "subject", "visibility"), CELLS)
def test_route_table_cell(
    row: Row,
    subject: str,
    visibility: str,
    world: World,
    db: None,
    frozen_now: None,
    client: Client,
    api_client: APIClient,
) -> None:
    # given
    caller: Client = api_client if row.surface == "api" else client
    if subject != "anonymous":
        if row.surface == "api":
            api_client.force_authenticate(world.users[subject])
        else:
            client.force_login(world.users[subject])
    path = row.path.format(**ids(world, visibility))
    if subject in ALLOWED[row.action][visibility]:
        # when
        response = call(caller, row, path, visibility)

        # then
        assert response.status_code in row.allowed_status, (response.status_code, path)
        return
    missing = missing_answer(caller, row, subject, visibility)
    before = snapshot()

    # when
    response = call(caller, row, path, visibility)

    # then
    assert refusal(response) == missing
    status = expected_refusal_status(row, subject)
    if status is not None:
        assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")
    assert snapshot() == before
