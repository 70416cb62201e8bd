"""What followers are told of a request: its public form only, never its raw text.

The emails and the feeds name a request by its subject as its public page shows it, with the
requester's personal data removed (``information_requests.public_version.public_subject``).
"""

from requests_tracker.information_requests.public_version import public_subject

__all__ = ["public_subject"]
