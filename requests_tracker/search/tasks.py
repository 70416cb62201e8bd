"""The search's catch-up in the worker: documents for the requests created without a signal."""

from celery import shared_task

from requests_tracker.search.indexing import index_missing

# A fan-out to 1,000 bodies is indexed in one run; a bigger backlog over the next ones.
MISSING_PER_RUN = 2_000


@shared_task(acks_late=True)
def index_missing_documents_task() -> int:
    """Beat, every ten minutes: index the requests that have no search document yet."""
    return index_missing(limit=MISSING_PER_RUN)
