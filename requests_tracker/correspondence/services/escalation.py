"""The escalation ladder: a refusal or a silence becomes a complaint or a prosecutor's appeal."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from requests_tracker.accounts.models import User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.bodies.routes import complaint_addressee, prosecutor_for
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services.letters import generate_letter
from requests_tracker.information_requests.models import InformationRequest, Step
from requests_tracker.information_requests.services import create_request, record_event
from requests_tracker.information_requests.status import EventKind, Status
from requests_tracker.laws.models import LegalRule

ESCALATION_RULES = {
    # APPC Art. 91(3)-(4): the superior body decides the complaint within the period of
    # KZ.APPC.complaint_decision.
    Step.COMPLAINT: "KZ.APPC.complaint_decision",
    # Prosecutors consider appeals in the manner and terms of the APPC (kz-rules.md §5).
    Step.PROSECUTOR_APPEAL: "KZ.APPC.76.response",
}


def _complaint_body(body: PublicBody) -> PublicBody:
    """The superior body, or the body itself when its head decides (the letter is addressed to
    its head and filed through it, APPC Art. 91(4))."""
    addressee = complaint_addressee(body)
    if addressee.body is None:
        # Never the court instead: APPC Art. 91(5) admits a claim only after the complaint.
        raise DomainError(
            _(
                "The legal notes do not settle who decides a complaint about this body "
                "(APPC Art. 91(3)): appeal to the prosecutor's office instead."
            )
        )
    return addressee.body


def _prosecutor_body(body: PublicBody) -> PublicBody:
    prosecutor = prosecutor_for(body)
    if prosecutor is None:
        raise DomainError(
            _(
                "The legal notes do not settle which prosecutor's office is above this one: "
                "no higher prosecutor's office is in the directory."
            )
        )
    return prosecutor


@dataclass(frozen=True)
class Escalation:
    """An appeal and its letter; ``created`` is False when they were made by an earlier post."""

    appeal: InformationRequest
    letter: Letter
    created: bool


def _made_already(
    information_request: InformationRequest, step: Step, *, user: User, now: datetime
) -> Escalation | None:
    appeal = information_request.escalations.filter(step=step).first()
    if appeal is None:
        return None
    # The letter made with the appeal (one sent by email later is newer).
    letter = appeal.letters.order_by("created_at", "id").first() or generate_letter(
        information_request=appeal, user=user, now=now
    )
    return Escalation(appeal=appeal, letter=letter, created=False)


@transaction.atomic
def escalate_once(
    *, information_request: InformationRequest, step: Step, user: User, now: datetime
) -> Escalation:
    """The next step of the ladder for a refusal or a silence: a new tracked request and its
    letter, made once per step: asking again returns the appeal made first, and its letter.

    A complaint goes to the body's superior, or to its head where no superior body may decide it
    (filed through the body itself, APPC Art. 91(3)-(4)); an appeal to the prosecutor goes to the
    prosecutor's office of the body's region, or, about a prosecutor's office, to the one above it.
    """
    # Two posts at once queue here on the escalated request's row (its row only), and the second
    # then finds the first one's appeal; the unique (escalates, step) is the fallback.
    locked = InformationRequest.objects.select_for_update(of=("self",)).get(
        pk=information_request.pk
    )
    if (made := _made_already(locked, step, user=user, now=now)) is not None:
        return made
    if locked.status not in (
        Status.OVERDUE,
        Status.REFUSED,
        Status.PARTIALLY_ANSWERED,
    ):
        raise DomainError(_("Only a refusal, a partial answer or a silence can be escalated."))
    if step not in ESCALATION_RULES:
        raise DomainError(
            _("A court claim is drafted with a lawyer; the tracker offers its outline.")
        )
    try:
        with transaction.atomic():  # a savepoint: the lookup below still runs after a conflict
            appeal, letter = _new_appeal(locked, step=step, user=user, now=now)
    except IntegrityError:
        if (made := _made_already(locked, step, user=user, now=now)) is not None:
            return made
        raise
    return Escalation(appeal=appeal, letter=letter, created=True)


def escalate(
    *, information_request: InformationRequest, step: Step, user: User, now: datetime
) -> tuple[InformationRequest, Letter]:
    """``escalate_once``, as the appeal and its letter."""
    escalation = escalate_once(
        information_request=information_request, step=step, user=user, now=now
    )
    return escalation.appeal, escalation.letter


def _new_appeal(
    information_request: InformationRequest, *, step: Step, user: User, now: datetime
) -> tuple[InformationRequest, Letter]:
    body = information_request.public_body
    addressee = _complaint_body(body) if step == Step.COMPLAINT else _prosecutor_body(body)
    language = information_request.language
    appeal = create_request(
        requester=information_request.requester,
        organization=information_request.organization,
        public_body=addressee,
        legal_rules=LegalRule.objects.filter(rule_id=ESCALATION_RULES[step]),
        subject=information_request.subject,
        # The letter states the facts and the demands; the requester may add arguments.
        text="",
        language=language,
        created_at=now,
        step=step,
        escalates=information_request,
    )
    record_event(
        information_request=information_request,
        kind=EventKind.NOTE,
        occurred_at=now,
        recorded_by=user,
        data={"escalated_to": appeal.pk, "step": step},
    )
    # A drafted complaint leaves the window to complain open, and its reminder due: it is used
    # only when the complaint is recorded as submitted (information_requests.appeal_windows).
    letter = generate_letter(information_request=appeal, user=user, now=now)
    return appeal, letter
