"""The category codes code records have one definition (core/categories.py), each a row of the
category table: the stored rows, the clock's findings, the report and the open data all use it, so
a code renamed or removed fails here."""

import ast
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from requests_tracker.accounts.models import User
from requests_tracker.core.categories import FROM_REQUESTS, Category
from requests_tracker.information_requests.clock import ClockFacts, reply_findings
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.monitoring.models import Violation, ViolationCategory
from requests_tracker.monitoring.report import monthly_report
from requests_tracker.monitoring.services import publish_violation, verify_violation
from requests_tracker.monitoring.sweep import sweep_deadlines
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
CLOCK = Path(__file__).resolve().parents[2] / "requests_tracker/information_requests/clock"


@pytest.mark.django_db
def test_every_category_code_is_a_row_of_the_category_table_in_its_block() -> None:
    # The codes code records keep their block; the table holds each one's block and figure.
    blocks = dict(ViolationCategory.objects.values_list("code", "block"))
    assert {category.value: blocks[category.value] for category in Category} == {
        "silence": "B",
        "refusal": "B",
        "refusal_cpc_201": "B",
        "refusal_official_use": "B",
        "evasive_answer": "B",
        "late_answer": "B",
        "extension_not_notified": "B",
        "late_forwarding": "B",
        "extension_beyond_limit": "B",
        "denied_event_access": "B",
        "denied_accreditation": "B",
        "obstruction": "A",
        "attack": "A",
        "threat": "A",
        "detention": "A",
        "summons": "A",
        "criminal_charge": "C",
        "administrative_charge": "C",
        "honour_and_dignity_claim": "C",
        "judicial_act": "C",
        "other": "",  # fits any block
    }


def test_the_report_counts_exactly_these_codes_as_refusals_and_missed_deadlines() -> None:
    assert [category.value for category in FROM_REQUESTS] == [
        "silence",
        "refusal",
        "refusal_cpc_201",
        "refusal_official_use",
        "evasive_answer",
        "late_answer",
        "extension_not_notified",
        "late_forwarding",
        "extension_beyond_limit",
    ]


def _finding_categories(path: Path) -> list[str]:
    """The category of each ``Finding(...)`` in a clock module, as written in the source."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assigned: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(ast.unparse(node.value))
    categories = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "Finding":
            written = ast.unparse(node.args[0])
            categories += assigned.get(written, [written])
    return categories


def test_every_finding_of_the_clock_is_named_by_a_category_member() -> None:
    # given
    modules = sorted(CLOCK.glob("*.py"))

    # when
    written = sorted(category for path in modules for category in _finding_categories(path))

    # then: each is an existing member, never a string
    assert written == [
        "Category.EVASIVE_ANSWER",
        "Category.EXTENSION_BEYOND_LIMIT",
        "Category.EXTENSION_BEYOND_LIMIT",
        "Category.EXTENSION_NOT_NOTIFIED",
        "Category.LATE_ANSWER",
        "Category.LATE_ANSWER",
        "Category.LATE_FORWARDING",
        "Category.REFUSAL",
        "Category.REFUSAL_CPC_201",
        "Category.REFUSAL_OFFICIAL_USE",
    ]
    assert {name.removeprefix("Category.") for name in written} <= set(Category.names)
    assert {getattr(Category, name.removeprefix("Category.")) for name in written} <= set(
        FROM_REQUESTS
    )


@pytest.mark.parametrize(
    ("closed_by", "ground", "expected"),
    [
        (EventKind.PARTIALLY_ANSWERED, "", Category.EVASIVE_ANSWER),
        (EventKind.REFUSED, "УПК РК ст. 201", Category.REFUSAL_CPC_201),
        (EventKind.REFUSED, "ДСП", Category.REFUSAL_OFFICIAL_USE),
        (EventKind.REFUSED, "", Category.REFUSAL),
    ],
)
def test_a_reply_finding_carries_its_category_member_and_stores_its_code(
    closed_by: EventKind, ground: str, expected: Category
) -> None:
    # given
    facts = ClockFacts(
        received_at=datetime(2026, 3, 2, 11, tzinfo=ALMATY),
        closed_by=closed_by,
        closed_at=datetime(2026, 3, 4, 15, tzinfo=ALMATY),
        closed_ground=ground,
    )

    # when
    (finding,) = reply_findings(facts, ALMATY)

    # then
    assert (type(finding.category), finding.category) == (Category, expected)
    assert finding.as_data()["category"] == expected.value


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("closed_by", "ground", "code"),
    [
        (EventKind.REFUSED, "ст. 201 УПК РК", "refusal_cpc_201"),
        (EventKind.REFUSED, "информация ДСП", "refusal_official_use"),
        (EventKind.REFUSED, "", "refusal"),
        (EventKind.PARTIALLY_ANSWERED, "", "evasive_answer"),
    ],
)
def test_a_reply_the_clock_finds_wanting_is_counted_by_the_monthly_report(
    closed_by: EventKind, ground: str, code: str, ngo_staff: User
) -> None:
    # given: a request answered in time on 5 March, but with a refusal or only in part
    information_request = make_request(
        rule_ids=("KZ.MEDIA.36.response",), created_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY)
    )
    for kind, day, data in (
        (EventKind.SUBMITTED, 2, {}),
        (closed_by, 5, {"ground": ground} if ground else {}),
    ):
        record_event(
            information_request=information_request,
            kind=kind,
            occurred_at=datetime(2026, 3, day, 11, tzinfo=ALMATY),
            recorded_by=information_request.requester,
            data=data,
        )
    sweep_deadlines(now=datetime(2026, 3, 5, 12, tzinfo=ALMATY))
    # (the demo data that provides the NGO staff member has violations of its own, as drafts)
    violation = Violation.objects.get(information_request=information_request)
    verify_violation(violation=violation, user=ngo_staff)
    publish_violation(violation=violation, user=ngo_staff)

    # when
    report = monthly_report(year=2026, month=3, language="en")

    # then
    assert (violation.category, report.refusals_and_missed_deadlines) == (code, 1)
