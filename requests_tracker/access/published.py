"""What the public may download from a published request: the files its public page publishes
(``information_requests.public_version``), nothing else."""

from django.http import Http404

from requests_tracker.access.requests import public_request_for
from requests_tracker.information_requests.models import EvidenceFile
from requests_tracker.information_requests.public_version import (
    PublicAttachment,
    published_attachment,
)


def published_attachment_for(pk: int, file_pk: int) -> PublicAttachment:
    """A file the public page of request ``pk`` publishes; a 404 for any other file or request."""
    information_request = public_request_for(pk)
    try:
        return published_attachment(information_request, file_pk)
    except EvidenceFile.DoesNotExist as error:
        raise Http404 from error
