"""``manage.py import_directory FILE``: the directory from a CSV or XLSX file, all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from requests_tracker.bodies.directory_io import import_directory


class Command(BaseCommand):
    help = "Check every row of a directory file; save it only when no row is bad."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        report = import_directory(content=path.read_bytes(), user=None, now=timezone.now())
        for line in report.lines():
            self.stdout.write(line)
        if not report.is_clean:
            raise CommandError(f"Nothing saved: {len(report.bad_rows)} bad rows.")
