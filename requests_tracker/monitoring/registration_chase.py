"""Chase the registration: one alert when a submitted request has no registration recorded in time.

The law (APPC art. 63, rule KZ.APPC.63.registration, also applied to ATI requests) registers an
appeal on the day it is received, or on the next working day if received on a non-working day.
If by the end of that day nothing is recorded, the requester is told, from the start of the next
working day, to ask the body for the number: the answer's clock (ATI: from registration) cannot
be trusted without it.

The sweep selects by state (submitted, not registered, no chase yet), never by a time window.
It is planned in batches as the deadline sweep is: the coordinator reads the ids of those
submissions and cuts them into batches in id order, one batch task each on the sweep's queue;
whoever runs a batch locks its rows again, filtered by state, with ``SELECT ... FOR UPDATE SKIP
LOCKED``, and decides there, by the body's working calendar, whether the registration day is
over. The alert's key is unique per submission, so a doubled or concurrent run adds nothing.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat

from requests_tracker.core.i18n import localized
from requests_tracker.deadlines.calendar import WorkingCalendar
from requests_tracker.deadlines.compute import local_date
from requests_tracker.information_requests.models import (
    Deadline,
    DeadlineState,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.laws.models import LegalRule
from requests_tracker.laws.selectors import working_calendar
from requests_tracker.monitoring.sweep.planning import in_batches
from requests_tracker.notifications.models import Alert, AlertKind
from requests_tracker.notifications.services import enqueue_alerts, request_links

BATCH_SIZE = 1000
# Rules whose clock starts when the body registers the request.
REGISTRATION_START = "registration"
KEY_PREFIX = "registration-chase:"


def chase_key(submitted_event_id: int) -> str:
    return f"{KEY_PREFIX}{submitted_event_id}"


def received_on(event: TimelineEvent, time_zone: ZoneInfo) -> date:
    received = event.data.get("received_at")
    moment = datetime.fromisoformat(received) if received else event.occurred_at
    return local_date(moment, time_zone)


def registration_day(received: date, calendar: WorkingCalendar) -> date:
    """The day of receipt, or the next working day if it was not one."""
    return calendar.next_working_day(received)


def chase_from(received: date, calendar: WorkingCalendar) -> date:
    """The first working day after the registration day: from then on, ask for the number."""
    return calendar.next_working_day(registration_day(received, calendar) + timedelta(days=1))


def _zone(information_request: InformationRequest) -> ZoneInfo:
    return ZoneInfo(information_request.public_body.jurisdiction.time_zone)


def _calendar(information_request: InformationRequest, day: date) -> WorkingCalendar:
    # Two years: a receipt in late December registers, and is chased, in January.
    return working_calendar(
        jurisdiction=information_request.public_body.jurisdiction, years=(day.year, day.year + 1)
    )


def awaiting_registration() -> QuerySet[TimelineEvent]:
    """Submissions of requests that are still "submitted": no registration recorded yet."""
    counts_from_registration = LegalRule.objects.filter(
        information_requests=OuterRef("information_request"), start_event=REGISTRATION_START
    )
    return (
        TimelineEvent.objects.filter(
            Exists(counts_from_registration),
            kind=EventKind.SUBMITTED,
            information_request__status=Status.SUBMITTED,
        )
        .exclude(
            Exists(
                TimelineEvent.objects.filter(
                    information_request=OuterRef("information_request"), kind=EventKind.REGISTERED
                )
            )
        )
        .exclude(
            # Its email bounced: the body never received it, there is nothing to register.
            Exists(
                Deadline.objects.filter(
                    information_request=OuterRef("information_request"),
                    state=DeadlineState.NOT_DELIVERED,
                )
            )
        )
    )


def unregistered_since(information_request: InformationRequest, *, now: datetime) -> date | None:
    """The day of receipt, if the registration is overdue and still not recorded; else None."""
    if information_request.status != Status.SUBMITTED:
        return None
    event = (
        awaiting_registration()
        .filter(information_request=information_request)
        .order_by("occurred_at", "id")
        .first()
    )
    if event is None:
        return None
    time_zone = _zone(information_request)
    received = received_on(event, time_zone)
    if local_date(now, time_zone) < chase_from(received, _calendar(information_request, received)):
        return None
    return received


def unchased() -> QuerySet[TimelineEvent]:
    """Submissions awaiting their registration that no chase alert was made for yet."""
    chased = Alert.objects.filter(
        dedupe_key=Concat(Value(KEY_PREFIX), Cast(OuterRef("id"), CharField()))
    )
    return awaiting_registration().exclude(Exists(chased))


def plan_registration_chases(*, batch_size: int) -> list[list[int]]:
    """The ids of the submissions to look at, in batches of ``batch_size`` in id order (whether
    each registration day is over is the batch's to decide, by its jurisdiction's calendar)."""
    return in_batches(list(unchased().order_by("id").values_list("id", flat=True)), batch_size)


def sweep_registration_chases(*, now: datetime, batch_size: int = BATCH_SIZE) -> list[int]:
    """One alert per submission whose registration is overdue; returns the alerts' ids.

    In this process, batch after batch, as the workers would.
    """
    created: list[int] = []
    for event_ids in plan_registration_chases(batch_size=batch_size):
        created.extend(chase_registration_batch(now=now, event_ids=event_ids))
    return created


@transaction.atomic
def chase_registration_batch(*, now: datetime, event_ids: Sequence[int]) -> list[int]:
    """One planned batch: an alert for each of its submissions still unchased whose registration
    is overdue at ``now``; returns the alerts made, queued for sending once it commits."""
    events = list(
        unchased()
        .filter(id__in=event_ids)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("id")
    )
    if not events:
        return []
    requests = InformationRequest.objects.select_related(
        "public_body__jurisdiction", "requester"
    ).in_bulk({event.information_request_id for event in events})
    alerts = []
    # One calendar per jurisdiction and year for the whole batch, not a query per submission.
    calendars: dict[tuple[int, int], WorkingCalendar] = {}
    for event in events:
        information_request = requests[event.information_request_id]
        time_zone = _zone(information_request)
        received = received_on(event, time_zone)
        key = (information_request.public_body.jurisdiction_id, received.year)
        if key not in calendars:
            calendars[key] = _calendar(information_request, received)
        calendar = calendars[key]
        if local_date(now, time_zone) < chase_from(received, calendar):
            continue
        alert = _alert(information_request, event, registration_day(received, calendar), now)
        if alert is not None:
            alerts.append(alert)
    Alert.objects.bulk_create(alerts, ignore_conflicts=True)
    ids = list(
        Alert.objects.pending()
        .filter(dedupe_key__in=[alert.dedupe_key for alert in alerts])
        .values_list("id", flat=True)
    )
    enqueue_alerts(ids)
    return ids


def _alert(
    information_request: InformationRequest, event: TimelineEvent, due: date, now: datetime
) -> Alert | None:
    requester = information_request.requester
    if not requester.is_active or not requester.email:
        return None
    language = requester.preferred_language
    return Alert(
        recipient=requester,
        kind=AlertKind.REGISTRATION_CHASE,
        dedupe_key=chase_key(event.pk),
        language=language,
        created_at=now,
        next_attempt_at=now,
        context={
            "recipient_name": requester.get_full_name() or requester.username,
            "request_id": information_request.pk,
            "subject": information_request.subject,
            "body_name": localized(information_request.public_body, "name", language),
            "submitted_on": local_date(event.occurred_at, _zone(information_request)).strftime(
                "%d.%m.%Y"
            ),
            "registration_day": due.strftime("%d.%m.%Y"),
            **request_links(information_request.pk),
        },
    )
