"""Damages and sums collected fit DecimalField(max_digits=16, decimal_places=2): at most
99 999 999 999 999.99 tenge, whether imported or entered by hand."""

import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from requests_tracker.monitoring.forms import ViolationForm
from requests_tracker.monitoring.importing import RowProblem, import_file, validate_rows
from requests_tracker.monitoring.models import Violation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def claim(amount: str) -> dict[str, str]:
    return {
        "block": "C",
        "category": "honour_and_dignity_claim",
        "occurred_on": "2026-03-05",
        "amount_claimed_kzt": amount,
    }


def test_the_largest_amount_is_imported_to_the_tiyn() -> None:
    # given: a file whose one claim asks for the largest amount a row holds
    csv = "block,category,occurred_on,amount_claimed_kzt\n"
    csv += "C,honour_and_dignity_claim,2026-03-05,99999999999999.99\n"

    # when
    report = import_file(path_or_file=io.BytesIO(csv.encode()), user=None, confirm=False)

    # then
    assert (report.problems, report.saved) == ([], 1)
    assert Violation.objects.get().amount_claimed_kzt == Decimal("99999999999999.99")


@pytest.mark.parametrize(
    ("amount", "problems"),
    [
        ("99999999999999.99", []),
        (
            "100000000000000",
            [
                RowProblem(
                    row=2, column="amount_claimed_kzt", message="amount too large: 100000000000000"
                )
            ],
        ),
        (
            "100 000 000 000 000,00",
            [
                RowProblem(
                    row=2,
                    column="amount_claimed_kzt",
                    message="amount too large: 100 000 000 000 000,00",
                )
            ],
        ),
    ],
)
def test_an_import_refuses_the_first_amount_past_the_largest(
    amount: str, problems: list[RowProblem]
) -> None:
    # when
    report = validate_rows([claim(amount)])

    # then
    assert report.problems == problems
    assert Violation.objects.count() == 0


@pytest.mark.parametrize(
    ("amount", "errors"),
    [
        ("99999999999999.99", {}),
        (
            "100000000000000",
            {
                "amount_claimed_kzt": [
                    "Ensure that there are no more than 14 digits before the decimal point."
                ]
            },
        ),
    ],
)
def test_the_hand_entry_form_refuses_the_first_amount_past_the_largest(
    amount: str, errors: dict[str, list[str]]
) -> None:
    # when
    form = ViolationForm(data=claim(amount))

    # then
    assert form.errors == errors
