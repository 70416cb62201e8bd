"""``manage.py load_reference_data``: laws, rules, calendar overrides, the directory of bodies."""

import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from requests_tracker.bodies.services import load_directory
from requests_tracker.core.reference_data import LoadReport
from requests_tracker.laws.services import load_calendar_overrides, load_laws


class Command(BaseCommand):
    help = "Load the reference data shipped in the repository. Running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        report = LoadReport()
        show_progress = options["verbosity"] > 0
        with transaction.atomic():
            load_laws(report=report)
            load_calendar_overrides(report=report)
            load_directory(report=report, progress=self._progress if show_progress else None)
        if show_progress:
            sys.stderr.write("\n")
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Reference data loaded: {report.changed} rows created or updated.")
        )

    def _progress(self, done: int, total: int) -> None:
        if done == total or done % 25 == 0:
            sys.stderr.write(f"\rdirectory: {done}/{total} steps ({done * 100 // total}%)")
            sys.stderr.flush()
