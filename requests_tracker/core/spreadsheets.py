"""Cells of the CSV files the tracker writes, safe to open in a spreadsheet.

A spreadsheet reads a text cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before them) as a formula: ``=HYPERLINK(...)`` or ``+cmd|...`` in a violation's description
would run on the reader's computer. As OWASP recommends against CSV injection, such a text is
written with a single quote before it, which spreadsheets show as text and do not display.
Numbers are left as they are (a negative amount keeps its minus): only text is changed.
"""

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a quote before it when it is text a spreadsheet would take as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer``, each text cell made safe."""
    return [safe_cell(value) for value in values]
