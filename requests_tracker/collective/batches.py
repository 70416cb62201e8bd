"""One batch of a collective appeal's fan-out: its addressees' requests, letters and emails.

A batch claims addressees that have no request yet (``SELECT ... FOR UPDATE SKIP LOCKED``, only
the addressee rows), so two workers never take the same one, and creates everything for them in
one transaction, table by table: the requests, their legal bases, the first event of each
timeline, the letters, the emails, and the link from each addressee to its request. An
interrupted batch leaves nothing; the addressee's request is one-to-one and the email's intent is
unique, so nothing is made twice.

What is the same for every addressee (the appeal, its rules and co-signers, the template, the
letter's context) is read once a batch; per addressee only its body and its number change
(``correspondence.services.readdressed``). The rows are what ``create_request``,
``generate_letter`` and ``queue_request_email`` make one at a time.
"""

from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from letters.contexts import Cosigner as LetterCosigner
from letters.contexts import LetterKind
from requests_tracker.collective.models import Addressee, CollectiveAppeal
from requests_tracker.core.errors import DomainError
from requests_tracker.core.outbox import enqueue_each_quietly
from requests_tracker.correspondence.models import Letter
from requests_tracker.correspondence.services import (
    active_template,
    build_context,
    readdressed,
    render_letter,
    unsaved_letter,
)
from requests_tracker.information_requests.models import InformationRequest, Step, TimelineEvent
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import LegalRule
from requests_tracker.mail.addresses import reply_address
from requests_tracker.mail.models import OutgoingEmail
from requests_tracker.mail.outgoing import REQUEST_INTENT, idempotency_key, sender, subject_for
from requests_tracker.mail.tasks import send_request_email_task


@dataclass(frozen=True)
class Shared:
    """What every addressee's request, letter and email has in common: read once a batch."""

    appeal: CollectiveAppeal
    rules: tuple[LegalRule, ...]
    cosigners: tuple[LetterCosigner, ...]


def shared_parts(appeal_id: int) -> Shared:
    appeal = CollectiveAppeal.objects.select_related("created_by", "initiating_organization").get(
        pk=appeal_id
    )
    rules = tuple(appeal.legal_rules.select_related("instrument"))
    if not rules:
        raise DomainError(_("A request cites at least one legal rule."))
    cosigners = tuple(
        LetterCosigner(c.organization.name, c.signatory_name, c.signatory_title)
        for c in appeal.cosigners.filter(confirmed_at__isnull=False).select_related("organization")
    )
    return Shared(appeal=appeal, rules=rules, cosigners=cosigners)


def _claim(appeal: CollectiveAppeal, batch_size: int) -> list[Addressee]:
    return list(
        appeal.addressees.filter(information_request__isnull=True)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("public_body__jurisdiction")
        .order_by("id")[:batch_size]
    )


def _create_requests(
    shared: Shared, addressees: list[Addressee], now: datetime
) -> list[InformationRequest]:
    appeal = shared.appeal
    jurisdictions = {rule.instrument.jurisdiction_id for rule in shared.rules}
    if any(jurisdictions != {a.public_body.jurisdiction_id} for a in addressees):
        raise DomainError(_("Every legal rule must belong to the body's jurisdiction."))
    requests = InformationRequest.objects.bulk_create(
        [
            InformationRequest(
                requester=appeal.created_by,
                organization=appeal.initiating_organization,
                public_body=addressee.public_body,
                subject=appeal.title,
                text=appeal.text,
                language=appeal.language,
                step=Step.REQUEST,
            )
            for addressee in addressees
        ]
    )
    cited = InformationRequest.legal_rules.through
    cited.objects.bulk_create(
        [
            cited(informationrequest_id=information_request.pk, legalrule_id=rule.pk)
            for information_request in requests
            for rule in shared.rules
        ]
    )
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                information_request=information_request,
                kind=EventKind.CREATED,
                occurred_at=now,
                recorded_by=appeal.created_by,
                data={},
                note="",
            )
            for information_request in requests
        ]
    )
    return requests


def _create_letters(
    shared: Shared, requests: list[InformationRequest], now: datetime
) -> list[Letter]:
    appeal = shared.appeal
    kind = LetterKind.COLLECTIVE_APPEAL
    # The context of the first request, by the one builder every letter uses; the others differ
    # from it only in what names their request and body.
    first = build_context(
        information_request=requests[0], kind=kind, now=now, cosigners=shared.cosigners
    )
    staff_template = active_template(kind, appeal.language)
    letters = []
    for information_request in requests:
        rendered = render_letter(
            readdressed(first, information_request=information_request), staff_template
        )
        letters.append(
            unsaved_letter(
                rendered,
                information_request=information_request,
                user=appeal.created_by,
                now=now,
            )
        )
    return Letter.objects.bulk_create(letters)


def _queue_emails(shared: Shared, letters: list[Letter], now: datetime) -> list[OutgoingEmail]:
    """The first email of every request whose body has an address, sent by a worker after commit."""
    appeal = shared.appeal
    from_header = sender(appeal.created_by)
    emails = OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                information_request=letter.information_request,
                letter=letter,
                intent=REQUEST_INTENT,
                idempotency_key=idempotency_key(letter.information_request, REQUEST_INTENT),
                message_id=make_msgid(domain=settings.REPLY_DOMAIN),
                in_reply_to="",
                from_header=from_header,
                to_address=letter.information_request.public_body.email,
                reply_to=reply_address(letter.information_request_id),
                subject=subject_for(letter.information_request),
                created_at=now,
                next_attempt_at=now,
                requested_by=appeal.created_by,
            )
            for letter in letters
            if letter.information_request.public_body.email
        ]
    )
    # One broker connection for the batch; if the broker is down, the outbox's sweep sends them.
    transaction.on_commit(
        partial(enqueue_each_quietly, send_request_email_task, [(e.pk,) for e in emails])
    )
    return emails


@transaction.atomic
def fan_out_batch_rows(*, shared: Shared, now: datetime, batch_size: int) -> int:
    """Claim up to ``batch_size`` addressees no other worker holds and make each its request,
    letter and (for a body with an address) email; returns how many were claimed."""
    addressees = _claim(shared.appeal, batch_size)
    if not addressees:
        return 0
    requests = _create_requests(shared, addressees, now)
    letters = _create_letters(shared, requests, now)
    _queue_emails(shared, letters, now)
    for addressee, information_request in zip(addressees, requests, strict=True):
        addressee.information_request = information_request
    Addressee.objects.bulk_update(addressees, ["information_request"])
    return len(addressees)
