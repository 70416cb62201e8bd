"""Publishing a request, or taking it back: the one service pages and the API call.

Who may publish is decided by ``access.requests`` (``Action.PUBLISH``) before this is called.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    Visibility,
)


@transaction.atomic
def change_visibility(
    *,
    information_request: InformationRequest,
    visibility: str,
    user: Any,
    confirmed_attachments: Iterable[int] = (),
    show_requester_name: bool | None = None,
) -> None:
    """Set who sees the request. Published, exactly the files in ``confirmed_attachments`` are
    confirmed for the public page (a file left out loses an earlier confirmation); taken back,
    every confirmation is dropped, so publishing again asks again. ``show_requester_name``
    None keeps the stored choice. Raises DomainError, changing nothing, for a visibility that
    does not exist or a file that is not one of the request's.

    ``user`` is who publishes; the caller has checked they may.
    """
    if visibility not in Visibility.values:
        raise DomainError(_("“%(value)s” is not a visibility.") % {"value": visibility})
    wanted = set(confirmed_attachments)
    files = EvidenceFile.objects.filter(event__information_request=information_request)
    foreign = sorted(wanted - set(files.filter(pk__in=wanted).values_list("pk", flat=True)))
    if foreign:
        raise DomainError(
            _("Not a file of this request: %(files)s.")
            % {"files": ", ".join(str(pk) for pk in foreign)}
        )
    locked = InformationRequest.objects.select_for_update(of=("self",)).get(
        pk=information_request.pk
    )
    locked.visibility = visibility
    if show_requester_name is not None:
        locked.show_requester_name = show_requester_name
    locked.save(update_fields=["visibility", "show_requester_name", "updated_at"])
    if visibility == Visibility.PUBLIC:
        files.filter(pk__in=wanted, public_confirmed_at=None).update(
            public_confirmed_at=timezone.now()
        )
        files.exclude(pk__in=wanted).update(public_confirmed_at=None)
    else:
        files.update(public_confirmed_at=None)
    information_request.visibility = locked.visibility
    information_request.show_requester_name = locked.show_requester_name
