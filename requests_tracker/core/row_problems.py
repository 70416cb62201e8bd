"""What is wrong with one row of an imported file: shared by every import that checks its rows
first and saves nothing while one is wrong (violations, the directory of bodies)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RowProblem:
    """One cell's problem: the row's number in the file, its column, and the reason."""

    row: int
    column: str
    message: str
