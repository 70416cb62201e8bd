"""``manage.py import_violations FILE [--confirm] [--user USERNAME]``: violations from CSV or XLSX.

All or nothing: prints every bad row and exits with status 1 when any row is bad; saves likely
duplicates only with ``--confirm`` (the columns are described in the docstring of
``monitoring/importing/__init__.py``).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.importing import import_file


class Command(BaseCommand):
    help = "Import violations from a CSV (UTF-8, with a header) or XLSX file, as drafts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The .csv or .xlsx file.")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="Save the rows that look like violations already recorded, or like each other.",
        )
        parser.add_argument(
            "--user", help="The NGO staff member importing (checked like on the upload page)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No such user: {options['user']}")
        last_percent = -1

        def progress(done: int, total: int) -> None:
            nonlocal last_percent
            percent = done * 100 // total if total else 100
            if percent != last_percent:
                last_percent = percent
                self.stdout.write(f"Checked {done} of {total} rows ({percent}%)")

        try:
            report = import_file(
                path_or_file=path, user=user, confirm=options["confirm"], progress=progress
            )
        except DomainError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        if not report.is_clean:
            raise CommandError(
                f"Nothing imported: {len(report.bad_rows)} bad rows of {report.rows}"
                if report.problems
                else "Nothing imported: the file cannot be read.",
                returncode=1,
            )
        if report.finished and report.rows:
            self.stdout.write(
                self.style.SUCCESS(f"Imported {report.created} violations as drafts.")
            )
            if report.updated or report.unchanged:
                self.stdout.write(
                    f"Updated {report.updated} drafts by their row id; "
                    f"{report.unchanged} rows unchanged."
                )
        elif report.duplicates:
            raise CommandError(
                f"Nothing imported: {len(report.duplicates)} rows look like duplicates; "
                "check them, then run again with --confirm.",
                returncode=1,
            )
        else:
            self.stdout.write("The file has no rows.")
