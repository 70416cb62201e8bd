"""Cells of the CSV files the tracker writes, safe to open in a spreadsheet.

A spreadsheet reads a text cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before them) as a formula: ``=HYPERLINK(...)`` or ``+cmd|...`` in a violation's description
would run on the reader's computer. As OWASP recommends against CSV injection, such a text is
written with a single quote before it, which spreadsheets show as text and do not display.
Numbers are left as they are (a negative amount keeps its minus): only text is changed.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Func, TextField

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: Any) -> Any:
    """``value``, with a quote before it when it is text a spreadsheet would take as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer``, each text cell made safe."""
    return [safe_cell(value) for value in values]


class SafeTextSQL(Func):
    """``safe_cell`` in SQL, for a CSV the database writes (``COPY ... (FORMAT csv)``): the text
    with a quote before it when it starts as a formula would, and NULL for an empty text, since
    COPY writes an empty text as ``""`` but NULL as nothing, which is what ``csv.writer`` writes
    for an empty cell."""

    output_field = TextField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        [expression] = self.get_source_expressions()
        sql, params = compiler.compile(expression)
        # chr(), not literals: a tab and a carriage return among them, and no quoting to get wrong.
        starts = ", ".join(f"chr({ord(start)})" for start in FORMULA_STARTS)
        return (
            f"CASE WHEN left({sql}, 1) IN ({starts}) THEN chr({ord(QUOTE)}) || {sql} "
            f"ELSE NULLIF({sql}, '') END",
            [*params, *params, *params],
        )
