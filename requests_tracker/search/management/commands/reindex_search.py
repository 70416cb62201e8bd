"""Rebuild the search documents: every request's, or (``--missing``) those of the requests that
have none, such as the ones a collective appeal's fan-out creates in bulk (no signal fires)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.search.indexing import index_missing, reindex_many
from requests_tracker.search.models import SearchDocument


class Command(BaseCommand):
    help = "Rebuild the search document of every request (or, with --missing, of those without)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--missing", action="store_true", help="only the requests that have no document"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["missing"]:
            count = index_missing()
        else:
            ids = InformationRequest.objects.order_by("pk").values_list("pk", flat=True)
            count = reindex_many(ids.iterator(chunk_size=1000))
        # A document whose request is gone goes with it (CASCADE); none is left over.
        self.stdout.write(f"{count} requests indexed, {SearchDocument.objects.count()} documents")
