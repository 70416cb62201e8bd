"""What an import found: the problems of each row, the likely duplicates, what was saved."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from requests_tracker.core.row_problems import RowProblem

# Called with (rows done, rows in all) while a file is checked.
Progress = Callable[[int, int], None]
# A row as read from the file: the value of each column, by name.
Row = Mapping[str, Any]


@dataclass(frozen=True)
class LikelyDuplicate:
    """A row that looks like an earlier row of the file or like a violation already recorded."""

    row: int
    of_row: int | None = None
    of_violation: int | None = None


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    # What makes the whole file unusable: not UTF-8, an unknown or a missing column.
    file_problems: list[str] = field(default_factory=list)
    duplicates: list[LikelyDuplicate] = field(default_factory=list)
    # Rows written: created and updated (by their ``row_id``); a row identical to the violation
    # its ``row_id`` names is unchanged. While checking, what saving would do.
    saved: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # The rows were saved (all of them unchanged, perhaps).
    finished: bool = False

    @property
    def is_clean(self) -> bool:
        return not self.problems and not self.file_problems

    @property
    def needs_confirmation(self) -> bool:
        return self.is_clean and bool(self.duplicates) and not self.finished

    @property
    def bad_rows(self) -> list[int]:
        return sorted({problem.row for problem in self.problems})

    def lines(self) -> list[str]:
        """The report as text, for the command."""
        lines = [*self.file_problems]
        lines += [
            _("Row %(row)d, %(column)s: %(message)s")
            % {"row": p.row, "column": p.column, "message": p.message}
            for p in self.problems
        ]
        for duplicate in self.duplicates:
            if duplicate.of_row is not None:
                lines.append(
                    _("Row %(row)d looks like row %(other)d.")
                    % {"row": duplicate.row, "other": duplicate.of_row}
                )
            else:
                lines.append(
                    _("Row %(row)d looks like violation #%(id)d, already recorded.")
                    % {"row": duplicate.row, "id": duplicate.of_violation}
                )
        return lines
