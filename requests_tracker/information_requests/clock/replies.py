"""Replies received by email and not yet classified.

A reply stops no clock by itself: only the event that says what it was (an answer, a refusal, an
extension...) does. But a reply that arrived before the deadline ended may well be the answer,
so the sweep records no silence for it and asks the requester to classify it instead.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from requests_tracker.information_requests.models import InformationRequest, TimelineEvent
from requests_tracker.information_requests.status import EventKind

# What a reply received by email may turn out to be, once the requester has read it.
CLASSIFYING_KINDS = (
    EventKind.ANSWERED,
    EventKind.PARTIALLY_ANSWERED,
    EventKind.REFUSED,
    EventKind.FORWARDED,
    EventKind.EXTENDED,
    EventKind.CLARIFICATION_REQUESTED,
)


def unclassified_reply_events() -> QuerySet[TimelineEvent]:
    """REPLY_RECEIVED events with no classifying event recorded after them on their request."""
    return TimelineEvent.objects.filter(kind=EventKind.REPLY_RECEIVED).exclude(
        Exists(
            TimelineEvent.objects.filter(
                information_request=OuterRef("information_request"),
                kind__in=CLASSIFYING_KINDS,
                id__gt=OuterRef("id"),
            )
        )
    )


def unclassified_replies(information_request: InformationRequest) -> list[TimelineEvent]:
    """The request's replies not yet followed by an event saying what they were, in order."""
    return list(
        unclassified_reply_events()
        .filter(information_request=information_request)
        .select_related("incoming_email")
        .order_by("occurred_at", "id")
    )


def unclassified_reply_before_end() -> Q:
    """For a deadline queryset: a reply not yet classified arrived before the deadline ended."""
    return Q(
        Exists(
            unclassified_reply_events().filter(
                information_request=OuterRef("information_request"),
                occurred_at__lte=OuterRef("ends_at"),
            )
        )
    )
