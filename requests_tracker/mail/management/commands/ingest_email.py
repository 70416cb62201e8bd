"""``manage.py ingest_email < message.eml``: receive one message piped in by the MTA.

The exit status tells the MTA what to do (sysexits.h): 0 delivered (filed, held, or a duplicate
already kept), 65 EX_DATAERR refused for good (the MTA bounces it with the reason;
headers past the caps of ``mail.reading`` are refused so, before they are parsed), 75 EX_TEMPFAIL
for any other failure: the message was not stored (no row, no file is left), and the MTA keeps it
and tries again. Once the message is committed, nothing turns it into a failure: an alert that
cannot be queued (the broker down) is logged and caught up later, and the exit status is 0.

Postfix, in master.cf: ``tracker unix - n n - - pipe flags=Rq user=tracker
argv=/srv/tracker/.venv/bin/python /srv/tracker/manage.py ingest_email``.
"""

import logging
import sys
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from requests_tracker.mail.incoming import MessageRefused, ingest_message

logger = logging.getLogger(__name__)

EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Read one raw email message from standard input and file it (or hold it for staff)."
    # call_command("ingest_email", stdin=BytesIO(...)) in tests; the MTA's pipe otherwise.
    stealth_options = ("stdin",)
    # The system checks ran when the tracker was deployed; on each delivery they cost more than
    # the ingest itself (bench/ingest_benchmark.py).
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        source: BinaryIO = options.get("stdin") or sys.stdin.buffer
        try:
            raw = source.read()
            result = ingest_message(raw=raw, source="pipe", now=timezone.now())
        except MessageRefused as refusal:
            raise CommandError(f"Refused: {refusal.reason}", returncode=EX_DATAERR) from refusal
        except Exception as error:
            # The database, the storage, a bug: whatever it was, nothing was stored, so the MTA must
            # keep the message; exit 1 would make it bounce a reply that is then lost.
            logger.exception("A piped message was not stored; the MTA will retry")
            raise CommandError(
                f"Temporary failure, try again later: {type(error).__name__}: {error}",
                returncode=EX_TEMPFAIL,
            ) from error
        incoming = result.incoming
        request = incoming.information_request_id or incoming.suggested_request_id
        self.stdout.write(
            f"{result.outcome}: message {incoming.pk} <{incoming.message_id}>, "
            f"match {incoming.match}, request {request or '-'}"
        )
