"""Rebuild every request's search document (after a bulk load, or a change of what is indexed)."""

from typing import Any

from django.core.management.base import BaseCommand

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.search.indexing import reindex_many
from requests_tracker.search.models import SearchDocument


class Command(BaseCommand):
    help = "Rebuild the search document of every request, and drop those of none."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = InformationRequest.objects.order_by("pk").values_list("pk", flat=True)
        count = reindex_many(ids.iterator(chunk_size=1000))
        # A document whose request is gone goes with it (CASCADE); none is left over.
        self.stdout.write(f"{count} requests indexed, {SearchDocument.objects.count()} documents")
