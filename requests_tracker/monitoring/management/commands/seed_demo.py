"""``manage.py seed_demo``: demo accounts and requests for trying the tracker locally.

It lives in monitoring because it ends with a deadline sweep, as beat would run it.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from requests_tracker.information_requests.demo import (
    DEMO_PASSWORD,
    JOURNALIST,
    NGO_STAFF,
    seed_demo,
)
from requests_tracker.monitoring.sweep import sweep_deadlines


class Command(BaseCommand):
    help = "Create demo accounts (a journalist and NGO staff) and requests in different states."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (demo accounts have a published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Demo accounts have a published password: run with DJANGO_DEBUG=true, "
                "or pass --allow-production if you really mean it."
            )
        now = timezone.now()
        done = seed_demo(now=now)
        # The silent demo request becomes overdue the way every request does: by the sweep.
        sweep_deadlines(now=now)
        self.stdout.write("Created: " + ", ".join(done) if done else "Demo data already present.")
        for account in (JOURNALIST, NGO_STAFF):
            self.stdout.write(
                f"  login {account.username} / {DEMO_PASSWORD}  ({account.role.label})"
            )
