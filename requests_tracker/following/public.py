"""What followers are told of a request: its public form only, never its raw text.

The emails and the feeds name a request by its subject as its public page shows it: with the
requester's personal data removed (``information_requests.public_version``). Nothing else here
reads the subject.
"""

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.public_version import marker, personal_data_of
from requests_tracker.information_requests.redaction import redact


def public_subject(information_request: InformationRequest) -> str:
    """The request's subject as its public page shows it, in the active language's marker."""
    return redact(
        information_request.subject, personal_data_of(information_request), marker=marker()
    )
