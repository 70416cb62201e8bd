"""Changing who can see a request (interim: what the request page does today)."""

from collections.abc import Iterable

from django.db import transaction

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.models import InformationRequest, Visibility


@transaction.atomic
def change_visibility(
    *,
    information_request: InformationRequest,
    visibility: Visibility | str,
    user: User,
    confirmed_attachments: Iterable[int] = (),
) -> InformationRequest:
    """Set the request's visibility; the caller has checked that ``user`` may publish it.

    ``confirmed_attachments`` (the evidence files the user confirmed may go public) is taken for
    the publishing service that checks each attachment; this interim one needs none.
    """
    InformationRequest.objects.filter(pk=information_request.pk).update(
        visibility=Visibility(visibility)
    )
    information_request.visibility = Visibility(visibility)
    return information_request
