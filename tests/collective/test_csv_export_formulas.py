"""The collective appeal's CSV opens in a spreadsheet with no formula."""

import csv
import io

import pytest

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective.models import CollectiveAppeal
from requests_tracker.collective.services import add_addressees
from tests.collective.test_api import BASE, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("undo_window")]


def test_a_body_name_starting_with_a_formula_character_is_exported_as_text(
    appeal: CollectiveAppeal, staff: User
) -> None:
    body = PublicBody.objects.get(slug="police-kz-75")
    PublicBody.objects.filter(pk=body.pk).update(
        name_ru='=HYPERLINK("http://evil.example","Полиция")', email="@evil.example"
    )
    add_addressees(appeal=appeal, bodies=[body], user=staff)

    response = client_for(staff).get(f"{BASE}{appeal.pk}/export.csv/")

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[1][:3] == [
        '\'=HYPERLINK("http://evil.example","Полиция")',
        "KZ-75",
        "'@evil.example",
    ]
