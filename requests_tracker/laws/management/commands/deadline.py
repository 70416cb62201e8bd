"""``manage.py deadline RULE_ID RECEIVED``: the due date one legal rule sets, with its trace."""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from requests_tracker.core.errors import DomainError
from requests_tracker.laws.calculator import calculate_deadline, parse_received
from requests_tracker.laws.models import LegalRule

LANGUAGES = ("ru", "kk", "en")


class Command(BaseCommand):
    help = (
        "Calculate the due date a legal rule sets for a request received on RECEIVED, and show "
        "how it was counted. A date and time without an offset is local time in the rule's "
        "jurisdiction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rule_id", help="Legal rule id, e.g. KZ.ATI.11.response.")
        parser.add_argument(
            "received",
            help="Receipt: YYYY-MM-DD, or an ISO date and time (2026-03-20T18:30+05:00).",
        )
        parser.add_argument(
            "--registered", help="Registration date (YYYY-MM-DD), if the body has registered it."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--language", choices=LANGUAGES, default="en")

    def handle(self, *args: Any, **options: Any) -> None:
        rule = (
            LegalRule.objects.select_related("instrument__jurisdiction")
            .filter(rule_id=options["rule_id"])
            .first()
        )
        if rule is None:
            raise CommandError(f"Unknown legal rule {options['rule_id']!r}.")
        try:
            received = parse_received(options["received"])
        except ValueError as error:
            raise CommandError(
                f"RECEIVED {options['received']!r} is not a date (YYYY-MM-DD) "
                "or an ISO 8601 date and time."
            ) from error
        registered_on: date | None = None
        if options["registered"] is not None:
            try:
                registered_on = date.fromisoformat(options["registered"])
            except ValueError as error:
                raise CommandError(
                    f"--registered {options['registered']!r} is not a date (YYYY-MM-DD)."
                ) from error
        try:
            calculation = calculate_deadline(
                rule=rule,
                received=received,
                registered_on=registered_on,
                language=options["language"],
            )
        except DomainError as error:
            raise CommandError(str(error)) from error

        if options["json"]:
            data = {
                "rule_id": calculation.rule_id,
                "title": calculation.title,
                "period": calculation.period,
                "start_date": calculation.start_date.isoformat(),
                "nominal_date": calculation.nominal_date.isoformat(),
                "due_date": calculation.due_date.isoformat(),
                "ends_at": calculation.ends_at.isoformat(),
                "trace": list(calculation.trace),
                "calendar_confirmed": calculation.calendar_confirmed,
                "calendar_reasons": list(calculation.calendar_reasons),
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{calculation.rule_id}: {calculation.title} ({calculation.period})")
        self.stdout.write(f"Due date: {calculation.due_date.isoformat()}")
        self.stdout.write(f"Ends at:  {calculation.ends_at.isoformat()}")
        for line in calculation.trace:
            self.stdout.write(f"  - {line}")
        if not calculation.calendar_confirmed:
            self.stdout.write("Calendar not confirmed: the due date may change (see above).")
