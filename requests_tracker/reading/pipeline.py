"""Reading the text of an event's files in the worker, then suggesting from it.

INTERIM CONTRACT: ``read_event`` is replaced by the OCR slice (text layer and OCR, progress).
"""

from requests_tracker.information_requests.models import EvidenceFile
from requests_tracker.information_requests.public_version import read_text
from requests_tracker.reading.suggestions import refresh_for_event


def read_event(event_id: int) -> None:
    """Read every file of event ``event_id`` (text layer only, INTERIM), then suggest."""
    for evidence in EvidenceFile.objects.filter(event_id=event_id).order_by("id"):
        read_text(evidence)
    refresh_for_event(event_id)
