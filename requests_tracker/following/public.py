"""What followers are told of a request: its public form only, never its raw text.

The emails and the feeds name a request by its subject as its public page shows it. Until the
public version with the requester's personal data removed is merged in (``information_requests.
public_version``: ``redact(subject, personal_data_of(request), marker=marker())``), this is the
one seam to change: nothing else here reads the subject.
"""

from requests_tracker.information_requests.models import InformationRequest


def public_subject(information_request: InformationRequest) -> str:
    """The request's subject as its public page shows it."""
    return information_request.subject
