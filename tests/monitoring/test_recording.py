"""One service records every new violation: a known category that fits its block, as a draft."""

import ast
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.models import Violation
from requests_tracker.monitoring.recording import NewViolation, record_violations

CODE = Path(__file__).resolve().parents[2]
CREATING = {"create", "bulk_create", "get_or_create", "update_or_create"}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _creations_of_a_violation(path: Path) -> list[str]:
    """Each ``Violation(...)`` with values, or ``Violation.objects.<create>(...)``, in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        # A blank Violation() is the empty instance an unbound form shows, not a recording.
        if isinstance(function, ast.Name) and function.id == "Violation":
            if node.args or node.keywords:
                found.append(f"{path.relative_to(CODE)}:{node.lineno}")
        elif (
            isinstance(function, ast.Attribute)
            and function.attr in CREATING
            and ast.unparse(function.value) == "Violation.objects"
        ):
            found.append(f"{path.relative_to(CODE)}:{node.lineno}")
    return found


def test_no_product_module_but_the_recording_service_creates_a_violation() -> None:
    # given: every product module outside migrations
    modules = [
        path
        for folder in ("requests_tracker", "letters")
        for path in sorted((CODE / folder).rglob("*.py"))
        if "migrations" not in path.parts
    ]

    # when
    creations = [place for path in modules for place in _creations_of_a_violation(path)]

    # then
    assert [place.split(":")[0] for place in creations] == [
        "requests_tracker/monitoring/recording.py",
        "requests_tracker/monitoring/recording.py",
    ]


@pytest.mark.django_db
def test_a_batch_with_a_category_outside_the_definition_is_refused_whole() -> None:
    # given: a good row, then one whose category is a plural nobody defined
    batch = [
        NewViolation(block="B", category="refusal", occurred_on=date(2026, 3, 5)),
        NewViolation(block="B", category="refusals", occurred_on=date(2026, 3, 6)),
    ]

    # when
    with pytest.raises(DomainError) as refusal:
        record_violations(violations=batch)

    # then
    assert str(refusal.value) == "unknown category “refusals”"
    assert Violation.objects.count() == 0


@pytest.mark.django_db
def test_a_batch_with_a_category_of_another_block_is_refused_whole() -> None:
    # given
    batch = [NewViolation(block="A", category="silence", occurred_on=date(2026, 3, 5))]

    # when
    with pytest.raises(DomainError) as refusal:
        record_violations(violations=batch)

    # then
    assert str(refusal.value) == "category “silence” belongs to block B, not A"
    assert Violation.objects.count() == 0


@pytest.mark.django_db
def test_a_batch_is_recorded_as_drafts_in_one_insert(
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    # given
    batch = [
        NewViolation(block="B", category="refusal", occurred_on=date(2026, 3, 5)),
        NewViolation(block="C", category="judicial_act", occurred_on=date(2026, 3, 6)),
    ]

    # when
    # (one read of the category table for the batch's blocks, then the one insert)
    with django_assert_num_queries(2):  # type: ignore[operator]
        record_violations(violations=batch)

    # then
    assert list(
        Violation.objects.order_by("occurred_on").values_list("category", "review_state")
    ) == [("refusal", "draft"), ("judicial_act", "draft")]


@pytest.mark.django_db
def test_the_admin_add_form_records_a_draft_with_the_region_of_its_body(
    admin_client: Client,
) -> None:
    # given
    body = PublicBody.objects.get(slug="police-kz-75")

    # when
    response = admin_client.post(
        "/admin/monitoring/violation/add/",
        {
            "block": "A",
            "category": "detention",
            "occurred_on": "2026-03-05",
            "public_body": body.pk,
            "description": "Задержана на митинге",
        },
    )

    # then
    assert response.status_code == 302
    violation = Violation.objects.get()
    assert (violation.category, violation.review_state, violation.reviewed_by) == (
        "detention",
        "draft",
        None,
    )
    assert (violation.public_body, violation.region) == (body, body.region)


@pytest.mark.django_db
def test_the_admin_add_form_refuses_a_category_of_another_block_and_saves_nothing(
    admin_client: Client,
) -> None:
    # given
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    # when
    response = admin_client.post(
        "/admin/monitoring/violation/add/",
        {"block": "A", "category": "refusal", "occurred_on": "2026-03-05"},
    )

    # then
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "category": ["category “refusal” belongs to block B, not A"]
    }
    assert Violation.objects.count() == 0
