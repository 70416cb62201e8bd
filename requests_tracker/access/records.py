"""What hangs off a request (its timeline events, deadlines, evidence files and letters) is read
and changed by whoever may read and change the request: the same policy, never a looser one."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from requests_tracker.access.requests import Action, changeable_requests, readable_requests
from requests_tracker.correspondence.models import Letter
from requests_tracker.information_requests.models import Deadline, EvidenceFile, TimelineEvent


def _requests(user: Any, action: Action) -> QuerySet[Any]:
    allowed = changeable_requests(user) if action is Action.CHANGE else readable_requests(user)
    return allowed.values("pk")


def readable_events(user: Any) -> QuerySet[TimelineEvent]:
    return TimelineEvent.objects.filter(information_request__in=_requests(user, Action.READ))


def readable_deadlines(user: Any) -> QuerySet[Deadline]:
    return Deadline.objects.filter(information_request__in=_requests(user, Action.READ))


def readable_evidence(user: Any) -> QuerySet[EvidenceFile]:
    return EvidenceFile.objects.filter(event__information_request__in=_requests(user, Action.READ))


def readable_letters(user: Any) -> QuerySet[Letter]:
    return Letter.objects.filter(information_request__in=_requests(user, Action.READ))


def letter_for(user: Any, pk: int) -> Letter:
    """A stored letter if ``user`` may read its request; a 404 otherwise."""
    return get_object_or_404(readable_letters(user).select_related("information_request"), pk=pk)


def evidence_for(user: Any, pk: int) -> EvidenceFile:
    """An evidence file if ``user`` may read its request; a 404 otherwise."""
    return get_object_or_404(
        readable_evidence(user).select_related("event__information_request"), pk=pk
    )
