"""The fan-out of a collective appeal into tracked requests, run by the worker in batches.

Each batch takes addressees that have no request yet (``SELECT ... FOR UPDATE SKIP LOCKED``),
creates the request and its letter, queues its email, and links the two in one transaction: an
interrupted fan-out resumes where it stopped, and a second one creates nothing (the addressee's
request is one-to-one, the email's intent is unique).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from letters.contexts import Cosigner as LetterCosigner
from letters.contexts import LetterKind
from requests_tracker.collective.models import Addressee, AppealState, CollectiveAppeal
from requests_tracker.collective.submission import settle_appeal
from requests_tracker.correspondence.services import generate_letter
from requests_tracker.information_requests.services import create_request
from requests_tracker.laws.models import LegalRule
from requests_tracker.mail.outgoing import queue_request_email

COLLECTIVE_INTENT = "request"


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else self.done * 100 // self.total


def progress(appeal: CollectiveAppeal) -> Progress:
    addressees = appeal.addressees
    return Progress(
        done=addressees.filter(information_request__isnull=False).count(),
        total=addressees.count(),
    )


def _letter_cosigners(appeal: CollectiveAppeal) -> tuple[LetterCosigner, ...]:
    return tuple(
        LetterCosigner(c.organization.name, c.signatory_name, c.signatory_title)
        for c in appeal.cosigners.filter(confirmed_at__isnull=False).select_related("organization")
    )


def fan_out(*, appeal_id: int, now: datetime, batch_size: int = 100) -> Progress:
    """Turn every addressee into a tracked request with its letter and email, batch by batch."""
    with transaction.atomic():
        appeal = CollectiveAppeal.objects.select_for_update(of=("self",)).get(pk=appeal_id)
        if appeal.state == AppealState.SCHEDULED and appeal.send_after and appeal.send_after <= now:
            appeal.state = AppealState.SENDING
            appeal.save(update_fields=["state"])
        if appeal.state != AppealState.SENDING:
            return progress(appeal)
    rules = list(appeal.legal_rules.all())
    cosigners = _letter_cosigners(appeal)
    while _fan_out_batch(appeal, rules, cosigners, now, batch_size):
        pass
    with transaction.atomic():
        # Another fan-out may still hold addressees (SKIP LOCKED passed them over): the appeal is
        # sent only when none is left, otherwise it stays "sending" and beat resumes it.
        locked = CollectiveAppeal.objects.select_for_update(of=("self",)).get(pk=appeal.pk)
        if (
            locked.state == AppealState.SENDING
            and not locked.addressees.filter(information_request__isnull=True).exists()
        ):
            # Created is not sent: the appeal waits until every request is submitted (an email
            # when the outbox sends it, the others when staff record them by hand).
            locked.state, locked.fanned_out_at = AppealState.FANNED_OUT, now
            locked.save(update_fields=["state", "fanned_out_at"])
    settle_appeal(appeal_id=appeal.pk, now=now)
    return progress(appeal)


@transaction.atomic
def _fan_out_batch(
    appeal: CollectiveAppeal,
    rules: list[LegalRule],
    cosigners: tuple[LetterCosigner, ...],
    now: datetime,
    batch_size: int,
) -> int:
    addressees = list(
        appeal.addressees.filter(information_request__isnull=True)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("public_body__jurisdiction")
        .order_by("id")[:batch_size]
    )
    for addressee in addressees:
        information_request = create_request(
            requester=appeal.created_by,
            organization=appeal.initiating_organization,
            public_body=addressee.public_body,
            legal_rules=rules,
            subject=appeal.title,
            text=appeal.text,
            language=appeal.language,
            created_at=now,
        )
        letter = generate_letter(
            information_request=information_request,
            user=appeal.created_by,
            now=now,
            kind=LetterKind.COLLECTIVE_APPEAL,
            cosigners=cosigners,
        )
        if addressee.public_body.email:
            queue_request_email(
                information_request=information_request,
                intent=COLLECTIVE_INTENT,
                user=appeal.created_by,
                now=now,
                letter=letter,
            )
        Addressee.objects.filter(pk=addressee.pk).update(information_request=information_request)
    return len(addressees)


def appeals_due(now: datetime) -> QuerySet[CollectiveAppeal]:
    """Appeals whose undo window has closed and whose fan-out is not finished."""
    return CollectiveAppeal.objects.filter(
        state__in=(AppealState.SCHEDULED, AppealState.SENDING), send_after__lte=now
    )
