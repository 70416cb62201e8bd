"""After the fan-out: which addressees are submitted, and recording many registrations at once.

An appeal is "sent" only when every addressee's request has a SUBMITTED event. Until then it is
"awaiting submission". Every submission passes through ``record_event``, which calls
``note_submission`` (registered by ``CollectiveConfig.ready``): the submission that completes the
appeal moves it to SENT, in the same transaction, under the appeal's lock.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from requests_tracker.accounts.models import User
from requests_tracker.collective.models import Addressee, AppealState, CollectiveAppeal
from requests_tracker.collective.roles import require_staff
from requests_tracker.core.errors import DomainError
from requests_tracker.deadlines.compute import local_date
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind


@dataclass(frozen=True)
class SubmissionCount:
    submitted: int
    total: int

    @property
    def all_submitted(self) -> bool:
        return self.total > 0 and self.submitted == self.total


def submission_count(appeal: CollectiveAppeal) -> SubmissionCount:
    addressees = appeal.addressees
    return SubmissionCount(
        submitted=addressees.filter(information_request__events__kind=EventKind.SUBMITTED)
        .distinct()
        .count(),
        total=addressees.count(),
    )


def settle_appeal(*, appeal_id: int, now: datetime) -> CollectiveAppeal:
    """Awaiting submission becomes sent once every addressee's request is submitted."""
    with transaction.atomic():
        appeal = CollectiveAppeal.objects.select_for_update(of=("self",)).get(pk=appeal_id)
        if appeal.state == AppealState.FANNED_OUT and submission_count(appeal).all_submitted:
            appeal.state = AppealState.SENT
            appeal.save(update_fields=["state"])
        return appeal


def note_submission(*, information_request_id: int, now: datetime) -> None:
    """Called when a request is submitted: its appeal, if any, may now be sent."""
    appeal_id = (
        Addressee.objects.filter(information_request_id=information_request_id)
        .values_list("appeal_id", flat=True)
        .first()
    )
    if appeal_id is not None:
        settle_appeal(appeal_id=appeal_id, now=now)


# --- Recording registrations of many addressees --------------------------------------------------


@dataclass(frozen=True)
class Registration:
    addressee_id: int
    registration_number: str
    registered_on: date


class RegistrationRowsError(DomainError):
    """Some rows are wrong: each error names its row; nothing was saved."""

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors  # addressee id → the reason, in the user's language


def registrable(appeal: CollectiveAppeal) -> list[Addressee]:
    """The addressees with a request and no registration recorded yet, in the appeal's order."""
    return list(
        appeal.addressees.filter(information_request__isnull=False)
        .exclude(information_request__events__kind=EventKind.REGISTERED)
        .select_related("public_body__jurisdiction", "information_request")
        .order_by("id")
    )


def _sent_on(appeal: CollectiveAppeal, time_zone: ZoneInfo) -> date | None:
    return local_date(appeal.fanned_out_at, time_zone) if appeal.fanned_out_at else None


def check_registration(
    *, appeal: CollectiveAppeal, addressee: Addressee, registered_on: date, now: datetime
) -> str | None:
    """Why this date cannot be a registration of this addressee's request, or None."""
    time_zone = ZoneInfo(addressee.public_body.jurisdiction.time_zone)
    if registered_on > local_date(now, time_zone):
        return _("%(body)s: the registration date %(date)s is in the future.") % {
            "body": addressee.public_body.name,
            "date": registered_on.strftime("%d.%m.%Y"),
        }
    sent_on = _sent_on(appeal, time_zone)
    if sent_on is not None and registered_on < sent_on:
        return _(
            "%(body)s: the registration date %(date)s is before the appeal was sent (%(sent)s)."
        ) % {
            "body": addressee.public_body.name,
            "date": registered_on.strftime("%d.%m.%Y"),
            "sent": sent_on.strftime("%d.%m.%Y"),
        }
    return None


@transaction.atomic
def record_registrations(
    *,
    appeal: CollectiveAppeal,
    registrations: list[Registration],
    user: User,
    now: datetime,
) -> int:
    """Record SUBMITTED (if not yet) and REGISTERED for each row; every row checked first.

    Raises RegistrationRowsError, and saves nothing, if any row is wrong.
    """
    require_staff(user, appeal.initiating_organization)
    if appeal.state not in (AppealState.FANNED_OUT, AppealState.SENT):
        raise DomainError(_("Registrations can be recorded once every request is created."))
    open_addressees = {addressee.pk: addressee for addressee in registrable(appeal)}
    errors: dict[int, str] = {}
    seen: set[int] = set()
    for row in registrations:
        addressee = open_addressees.get(row.addressee_id)
        if addressee is None or row.addressee_id in seen:
            errors[row.addressee_id] = _(
                "Addressee %(id)s is not one of this appeal's requests awaiting registration."
            ) % {"id": row.addressee_id}
            continue
        seen.add(row.addressee_id)
        if not row.registration_number.strip():
            errors[row.addressee_id] = _("%(body)s: the registration number is missing.") % {
                "body": addressee.public_body.name
            }
            continue
        problem = check_registration(
            appeal=appeal, addressee=addressee, registered_on=row.registered_on, now=now
        )
        if problem:
            errors[row.addressee_id] = problem
    if errors:
        raise RegistrationRowsError(errors)
    # Every request first, in one order, then (on each submission) the appeal: the order an
    # email's worker takes them too (its request, then the appeal), so the two never deadlock.
    requests = (
        InformationRequest.objects.select_for_update(of=("self",))
        .order_by("id")
        .in_bulk(
            [open_addressees[row.addressee_id].information_request_id for row in registrations]
        )
    )
    for row in registrations:
        addressee = open_addressees[row.addressee_id]
        information_request = requests[addressee.information_request_id]
        time_zone = ZoneInfo(addressee.public_body.jurisdiction.time_zone)
        # The day is what the body stamped; the moment is the start of that day where it sits.
        moment = datetime.combine(row.registered_on, time.min, tzinfo=time_zone)
        if not information_request.events.filter(kind=EventKind.SUBMITTED).exists():
            record_event(
                information_request=information_request,
                kind=EventKind.SUBMITTED,
                occurred_at=moment,
                recorded_by=user,
                data={"recorded_with": "collective_registrations"},
            )
        record_event(
            information_request=information_request,
            kind=EventKind.REGISTERED,
            occurred_at=moment,
            recorded_by=user,
            data={
                "registration_number": row.registration_number.strip(),
                "registered_on": row.registered_on.isoformat(),
            },
        )
    return len(registrations)
