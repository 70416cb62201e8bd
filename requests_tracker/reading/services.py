"""Deciding a suggestion: confirmed, it records its event as the record form does; dismissed,
it records nothing. Either way it is never offered again."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.services import record_event_with_evidence
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.reading.models import Suggestion, SuggestionState
from requests_tracker.reading.suggestions import can_follow, is_decided_after


class SuggestionNotOpenError(DomainError):
    pass


class StaleSuggestionError(DomainError):
    pass


def _open_suggestion(*, suggestion_id: int, information_request: InformationRequest) -> Suggestion:
    """The suggestion, locked, if it is still open and about a reply on this request."""
    suggestion = (
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("event")
        .filter(pk=suggestion_id, event__information_request=information_request)
        .first()
    )
    if suggestion is None or not suggestion.is_open:
        raise SuggestionNotOpenError(
            _("This suggestion was already confirmed or dismissed: nothing was recorded.")
        )
    return suggestion


@transaction.atomic
def confirm_suggestion(
    *,
    suggestion_id: int,
    information_request: InformationRequest,
    occurred_at: datetime,
    recorded_by: User,
    data: dict[str, Any],
    note: str,
    uploads: Sequence[tuple[str, bytes]],
) -> TimelineEvent:
    """Record the suggested event with the values as confirmed (or corrected), through
    ``record_event_with_evidence``; the suggestion is confirmed only when the event was recorded.
    A suggestion the request has moved past records nothing (StaleSuggestionError)."""
    suggestion = _open_suggestion(
        suggestion_id=suggestion_id, information_request=information_request
    )
    kind = EventKind(suggestion.kind)
    status = InformationRequest.objects.values_list("status", flat=True).get(
        pk=information_request.pk
    )
    if is_decided_after(suggestion.event, suggestion.kind):
        raise StaleSuggestionError(
            _("This reply was classified after the suggestion was made: nothing was recorded.")
        )
    if not can_follow(kind, status):
        raise StaleSuggestionError(
            _(
                "The suggestion is out of date: “%(event)s” cannot follow now that the request "
                "is “%(status)s”. Nothing was recorded."
            )
            % {"event": kind.label, "status": Status(status).label}
        )
    event = record_event_with_evidence(
        information_request=information_request,
        kind=kind,
        occurred_at=occurred_at,
        recorded_by=recorded_by,
        data=data,
        note=note,
        uploads=uploads,
    )
    suggestion.state = SuggestionState.CONFIRMED
    suggestion.decided_by = recorded_by
    suggestion.decided_at = event.recorded_at
    suggestion.recorded_event = event
    suggestion.save(update_fields=["state", "decided_by", "decided_at", "recorded_event"])
    return event


@transaction.atomic
def dismiss_suggestion(
    *, suggestion_id: int, information_request: InformationRequest, user: User, now: datetime
) -> Suggestion:
    """The journalist says the reply is not what the tracker read: it records nothing."""
    suggestion = _open_suggestion(
        suggestion_id=suggestion_id, information_request=information_request
    )
    suggestion.state = SuggestionState.DISMISSED
    suggestion.decided_by = user
    suggestion.decided_at = now
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    return suggestion
