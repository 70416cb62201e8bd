"""Categories as data: the table seeded with the NGO's full list, each row naming the report
figure it feeds; a category staff add on their page is offered at once by the hand-entry form
and the import, and counted in the figure it names."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.demo import DEMO_PASSWORD, JOURNALIST
from requests_tracker.monitoring.forms import CategoryForm
from requests_tracker.monitoring.importing import import_file, validate_rows
from requests_tracker.monitoring.models import Violation, ViolationCategory
from requests_tracker.monitoring.recording import NewViolation, record_violations
from requests_tracker.monitoring.report import monthly_report
from requests_tracker.monitoring.services import publish_violation, verify_violation

pytestmark = pytest.mark.django_db

NEW_CATEGORY = {
    "code": "election_law_claim",
    "name_ru": "Иск по избирательному законодательству",
    "name_kk": "Сайлау заңнамасы бойынша талап",
    "name_en": "Claim under election law",
    "block": "C",
    "figure": "claims",
}


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def publish(violation: Violation, user: User) -> None:
    verify_violation(violation=violation, user=user)
    publish_violation(violation=violation, user=user)


def test_the_table_holds_the_ngos_full_list_with_the_figure_each_feeds() -> None:
    assert {
        code: (block, figure)
        for code, block, figure in ViolationCategory.objects.values_list("code", "block", "figure")
    } == {
        # block A
        "obstruction": ("A", "obstruction"),
        "attack": ("A", "attacks"),
        "threat": ("A", "threats"),
        "detention": ("A", "detentions"),
        "summons": ("A", "summons"),
        "murder": ("A", "none"),
        "media_interference": ("A", "obstruction"),
        "image_misuse": ("A", "none"),
        "journalist_defamation": ("A", "none"),
        "copyright": ("A", "none"),
        # block B: what requests reveal is counted as refusals and missed deadlines
        "silence": ("B", "refusals"),
        "refusal": ("B", "refusals"),
        "refusal_cpc_201": ("B", "refusals"),
        "refusal_official_use": ("B", "refusals"),
        "evasive_answer": ("B", "refusals"),
        "late_answer": ("B", "refusals"),
        "extension_not_notified": ("B", "refusals"),
        "late_forwarding": ("B", "refusals"),
        "extension_beyond_limit": ("B", "refusals"),
        "denied_event_access": ("B", "none"),
        "denied_accreditation": ("B", "none"),
        "media_discrimination": ("B", "none"),
        "court_openness": ("B", "none"),
        "blocking": ("B", "none"),
        "media_closure": ("B", "none"),
        "unauthorised_access": ("B", "none"),
        "persecution_for_information": ("B", "none"),
        # block C
        "criminal_charge": ("C", "criminal_charges"),
        "administrative_charge": ("C", "administrative_charges"),
        "honour_and_dignity_claim": ("C", "claims"),
        "privacy_claim": ("C", "claims"),
        "judicial_act": ("C", "judicial_acts"),
        # any block
        "other": ("", "none"),
    }
    assert ViolationCategory.objects.values_list("name_ru", "name_kk", "name_en").get(
        code="court_openness"
    ) == (
        "Нарушение принципа гласности судебного процесса",
        "Сот процесінің жариялылығы қағидатын бұзу",
        "Violation of the openness of court proceedings",
    )


def test_a_category_added_by_staff_on_their_page_is_usable_at_once_and_counted_in_its_figure(
    ngo_staff_client: Client, ngo_staff: User, tmp_path: Path
) -> None:
    # given: staff add a block C category that feeds the claims figure
    ngo_staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = ngo_staff_client.post("/monitoring/categories/", NEW_CATEGORY)
    assert response.status_code == 302
    assert (
        ngo_staff_client.get("/monitoring/categories/")
        .content.decode()
        .count("<code>election_law_claim</code>")
        == 1
    )

    # when: the hand-entry form offers it and records a claim of 1,000,000 tenge with it
    form_page = ngo_staff_client.get("/monitoring/violations/new/")
    assert '<option value="election_law_claim">C · Claim under election law</option>' in (
        form_page.content.decode()
    )
    entered = ngo_staff_client.post(
        "/monitoring/violations/new/",
        {
            "block": "C",
            "category": "election_law_claim",
            "occurred_on": "2018-02-06",
            "amount_claimed_kzt": "1000000",
        },
    )
    assert entered.status_code == 302
    # and the import takes a row of it, claiming 250,000.50
    path = tmp_path / "february.csv"
    path.write_text(
        "block,category,occurred_on,amount_claimed_kzt\nC,election_law_claim,2018-02-20,250000.50\n",
        encoding="utf-8",
    )
    report = import_file(path_or_file=path, user=ngo_staff, confirm=True)
    assert (report.problems, report.saved) == ([], 1)
    for violation in Violation.objects.filter(category="election_law_claim"):
        publish(violation, ngo_staff)

    # then: February 2018 counts both as claims, with 1,250,000.50 tenge claimed
    february = monthly_report(year=2018, month=2, language="en")
    assert (february.claims_filed, february.moral_damages_claimed_kzt) == (
        2,
        Decimal("1250000.50"),
    )
    assert (february.criminal_charges, february.refusals_and_missed_deadlines) == (0, 0)


def test_the_report_counts_a_category_in_the_figure_the_table_names_now(ngo_staff: User) -> None:
    # given: a published denial of access to a briefing, which fed no figure when seeded
    staff = ngo_staff
    (violation,) = record_violations(
        violations=[
            NewViolation(block="B", category="denied_event_access", occurred_on=date(2018, 2, 7))
        ]
    )
    publish(violation, staff)
    assert monthly_report(year=2018, month=2, language="en").refusals_and_missed_deadlines == 0

    # when: staff say it is a refusal (kz-rules.md §9 lists it among them)
    ViolationCategory.objects.filter(code="denied_event_access").update(figure="refusals")

    # then
    assert monthly_report(year=2018, month=2, language="en").refusals_and_missed_deadlines == 1


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"block": "A", "figure": "claims"},
            {
                "figure": [
                    "The figure “Letters before action and claims, with the moral damages "
                    "claimed” counts block C; this category is in A."
                ]
            },
        ),
        (
            {"code": "Election Law"},
            {
                "code": [
                    "Use lower-case Latin letters, digits and underscores, starting with a letter."
                ]
            },
        ),
        (
            {"code": "privacy_claim"},
            {"code": ["Violation category with this Code already exists."]},
        ),
        ({"name_kk": ""}, {"name_kk": ["This field is required."]}),
    ],
)
def test_the_page_refuses_a_category_that_cannot_be_and_saves_nothing(
    ngo_staff_client: Client, changes: dict[str, str], errors: dict[str, list[str]]
) -> None:
    ngo_staff_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = ViolationCategory.objects.count()

    response = ngo_staff_client.post("/monitoring/categories/", {**NEW_CATEGORY, **changes})

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert ViolationCategory.objects.count() == before


def test_the_figure_of_a_category_must_be_of_its_block_in_the_database_too() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ViolationCategory.objects.create(**{**NEW_CATEGORY, "block": "B"})
    assert not ViolationCategory.objects.filter(code="election_law_claim").exists()


def test_a_new_category_is_recorded_only_under_its_own_block() -> None:
    ViolationCategory.objects.create(**NEW_CATEGORY)

    with pytest.raises(DomainError) as refused:
        record_violations(
            violations=[
                NewViolation(block="A", category="election_law_claim", occurred_on=date(2018, 2, 6))
            ]
        )

    assert str(refused.value) == "category “election_law_claim” belongs to block C, not A"
    assert not Violation.objects.filter(category="election_law_claim").exists()


def test_the_import_refuses_a_category_not_in_the_table() -> None:
    report = validate_rows(
        [{"block": "C", "category": "election_law_claim", "occurred_on": "2018-02-06"}]
    )

    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "category", "unknown category “election_law_claim”")
    ]


def test_only_ngo_staff_reach_the_categories_page(demo_data: None, client: Client) -> None:
    # an anonymous visitor is sent to sign in
    assert client.get("/monitoring/categories/").status_code == 302
    # a journalist gets a 404, and adds nothing
    assert client.login(username=JOURNALIST.username, password=DEMO_PASSWORD)
    assert client.get("/monitoring/categories/").status_code == 404
    assert client.post("/monitoring/categories/", NEW_CATEGORY).status_code == 404
    assert not ViolationCategory.objects.filter(code="election_law_claim").exists()


def test_the_block_of_a_category_with_violations_cannot_change_but_its_names_can() -> None:
    # given: a threat recorded in block A
    record_violations(
        violations=[NewViolation(block="A", category="threat", occurred_on=date(2018, 2, 9))]
    )
    threat = ViolationCategory.objects.get(code="threat")
    fields = {
        name: getattr(threat, name) for name in ("code", "name_ru", "name_kk", "name_en", "figure")
    }

    # when
    moved = CategoryForm({**fields, "block": "B"}, instance=threat)
    renamed = CategoryForm({**fields, "block": "A", "name_en": "Threats"}, instance=threat)

    # then
    assert moved.errors == {
        "block": ["Violations are recorded in this category: its block cannot change."]
    }
    assert renamed.is_valid(), renamed.errors
    renamed.save()
    assert ViolationCategory.objects.values_list("block", "name_en").get(code="threat") == (
        "A",
        "Threats",
    )
