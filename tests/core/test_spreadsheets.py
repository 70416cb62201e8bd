"""A text cell a spreadsheet would take as a formula is written with a quote before it."""

from decimal import Decimal

import pytest

from requests_tracker.core.spreadsheets import safe_cell, safe_row


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            '=HYPERLINK("http://evil.example","click")',
            '\'=HYPERLINK("http://evil.example","click")',
        ),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("УПК 201", "УПК 201"),
        ("a = b", "a = b"),
        ("", ""),
    ],
)
def test_a_text_starting_as_a_formula_gets_a_quote(value: str, expected: str) -> None:
    assert safe_cell(value) == expected


def test_numbers_stay_numbers_even_when_negative() -> None:
    assert safe_row([-35, Decimal("-1.50"), 0, None, "-35"]) == [
        -35,
        Decimal("-1.50"),
        0,
        None,
        "'-35",
    ]
