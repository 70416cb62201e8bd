"""``manage.py monthly_report 2018-02``: the monthly monitoring report in one format."""

import re
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from requests_tracker.core.i18n import language_codes
from requests_tracker.monitoring.report import BINARY_FORMATS, FORMATS, monthly_report, render

MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")


def parse_month(value: str) -> tuple[int, int]:
    """(year, month) from "YYYY-MM"; CommandError for anything else."""
    match = MONTH_PATTERN.fullmatch(value)
    if match is None or not 1 <= int(match[2]) <= 12:
        raise CommandError(f"{value!r} is not a month: give it as YYYY-MM, e.g. 2018-02.")
    return int(match[1]), int(match[2])


class Command(BaseCommand):
    help = "Write the monitoring report of one month (published violations only, unless --preview)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("month", help="The month, as YYYY-MM.")
        parser.add_argument("--format", choices=FORMATS, default="md", dest="output_format")
        parser.add_argument("--language", choices=language_codes(), default="ru")
        parser.add_argument("--output", type=Path, help="Write to this file, not to stdout.")
        parser.add_argument(
            "--preview",
            action="store_true",
            help="Count verified violations that are not yet published too (staff preview).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year, month = parse_month(options["month"])
        report = monthly_report(
            year=year,
            month=month,
            language=options["language"],
            published_only=not options["preview"],
        )
        rendered = render(report, options["output_format"])
        output: Path | None = options["output"]
        if output is not None:
            output.write_bytes(rendered.content)
        elif options["output_format"] in BINARY_FORMATS:
            # Bytes go to the process's stdout: the command's text wrapper takes only text.
            self.stdout.flush()
            sys.stdout.buffer.write(rendered.content)
            sys.stdout.buffer.flush()
        else:
            self.stdout.write(rendered.content.decode(), ending="")
