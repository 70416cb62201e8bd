"""``manage.py export_directory FILE``: the directory as CSV or XLSX, by the file's ending."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from requests_tracker.bodies.directory_io import export_csv, export_xlsx


class Command(BaseCommand):
    help = "Write the directory of bodies and their current contacts to a .csv or .xlsx file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("The file must end in .csv or .xlsx.")
        path.write_bytes(export_xlsx() if path.suffix.lower() == ".xlsx" else export_csv())
        self.stdout.write(f"Directory written to {path}.")
