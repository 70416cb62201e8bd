"""Collective appeals: write once, co-sign, choose addressees, schedule the fan-out, follow up.

The fan-out itself, run by the worker, is ``fan_out.py``; who may change an appeal, ``roles.py``.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from requests_tracker.accounts.models import Membership, Organization, User
from requests_tracker.bodies.models import PublicBody
from requests_tracker.collective.models import Addressee, AppealState, CollectiveAppeal, Cosigner
from requests_tracker.collective.roles import require_staff
from requests_tracker.collective.tasks import fan_out_appeal_task
from requests_tracker.core.errors import DomainError
from requests_tracker.correspondence.services import escalate
from requests_tracker.information_requests.models import InformationRequest, Step
from requests_tracker.information_requests.status import Status
from requests_tracker.laws.models import LegalRule
from requests_tracker.mail.outgoing import queue_request_email


def _require_draft(appeal: CollectiveAppeal) -> None:
    if appeal.state != AppealState.DRAFT:
        raise DomainError(_("Only a draft appeal can be changed."))


@transaction.atomic
def create_appeal(
    *,
    title: str,
    text: str,
    legal_rules: Iterable[LegalRule],
    language: str,
    organization: Organization,
    user: User,
    now: datetime,
) -> CollectiveAppeal:
    require_staff(user, organization)
    rules = list(legal_rules)
    if not rules:
        raise DomainError(_("A request cites at least one legal rule."))
    appeal = CollectiveAppeal.objects.create(
        title=title,
        text=text,
        language=language,
        initiating_organization=organization,
        created_by=user,
        created_at=now,
    )
    appeal.legal_rules.set(rules)
    return appeal


@transaction.atomic
def add_cosigner(
    *,
    appeal: CollectiveAppeal,
    organization: Organization,
    signatory_name: str,
    signatory_title: str,
    user: User,
) -> Cosigner:
    require_staff(user, appeal.initiating_organization)
    _require_draft(appeal)
    cosigner, _created = Cosigner.objects.get_or_create(
        appeal=appeal,
        organization=organization,
        defaults={"signatory_name": signatory_name, "signatory_title": signatory_title},
    )
    return cosigner


@transaction.atomic
def confirm_cosigner(*, cosigner: Cosigner, user: User, now: datetime) -> Cosigner:
    """A member of the co-signing organisation confirms; only then does its name appear."""
    if not Membership.objects.filter(user=user, organization=cosigner.organization).exists():
        raise DomainError(_("Only a member of the co-signing organisation can confirm."))
    _require_draft(cosigner.appeal)
    if cosigner.confirmed_at is None:
        cosigner.confirmed_by, cosigner.confirmed_at = user, now
        cosigner.save(update_fields=["confirmed_by", "confirmed_at"])
    return cosigner


def bodies_matching(
    *,
    kinds: Iterable[str] = (),
    region_codes: Iterable[str] = (),
    subordinates_of: PublicBody | None = None,
    body_ids: Iterable[int] = (),
) -> QuerySet[PublicBody]:
    """Bodies chosen by hand, plus those that pass every filter given (kind, region, superior).

    The filters narrow one another, as in any search form: "subordinates of the ministry" and
    "police" are the ministry's police departments, not every police department in the country.
    """
    condition = Q(pk__in=list(body_ids))
    kinds, region_codes = list(kinds), list(region_codes)
    if kinds or region_codes or subordinates_of is not None:
        by_filter = Q()
        if kinds:
            by_filter &= Q(kind__in=kinds)
        if region_codes:
            by_filter &= Q(region__code__in=region_codes)
        if subordinates_of is not None:
            by_filter &= Q(superior_body=subordinates_of)
        condition |= by_filter
    return PublicBody.objects.active().filter(condition)


@transaction.atomic
def add_addressees(*, appeal: CollectiveAppeal, bodies: Iterable[PublicBody], user: User) -> int:
    """Add bodies to the appeal (again adding one changes nothing); returns how many were new."""
    require_staff(user, appeal.initiating_organization)
    _require_draft(appeal)
    before = appeal.addressees.count()
    Addressee.objects.bulk_create(
        [Addressee(appeal=appeal, public_body=body) for body in bodies], ignore_conflicts=True
    )
    return appeal.addressees.count() - before


@transaction.atomic
def schedule_appeal(
    *, appeal: CollectiveAppeal, user: User, now: datetime, skip_undo_window: bool = False
) -> CollectiveAppeal:
    """Send after the undo window; nothing leaves before it closes."""
    require_staff(user, appeal.initiating_organization)
    _require_draft(appeal)
    if not appeal.addressees.exists():
        raise DomainError(_("Choose at least one addressee."))
    window = timedelta(minutes=0 if skip_undo_window else settings.COLLECTIVE_UNDO_MINUTES)
    appeal.state, appeal.send_after = AppealState.SCHEDULED, now + window
    appeal.save(update_fields=["state", "send_after"])
    if skip_undo_window:
        transaction.on_commit(lambda: fan_out_appeal_task.delay(appeal.pk))
    return appeal


@transaction.atomic
def cancel_appeal(*, appeal: CollectiveAppeal, user: User, now: datetime) -> CollectiveAppeal:
    require_staff(user, appeal.initiating_organization)
    locked = CollectiveAppeal.objects.select_for_update(of=("self",)).get(pk=appeal.pk)
    if locked.state != AppealState.SCHEDULED or (locked.send_after and locked.send_after <= now):
        raise DomainError(_("The undo window has closed: the appeal is being sent."))
    locked.state, locked.send_after = AppealState.DRAFT, None
    locked.save(update_fields=["state", "send_after"])
    return locked


# --- Bulk follow-ups ---------------------------------------------------------------------------


def addressee_requests(appeal: CollectiveAppeal) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(collective_addressee__appeal=appeal)


def remind_all_silent(*, appeal: CollectiveAppeal, user: User, now: datetime) -> int:
    """A reminder by email to every silent addressee that has an email address."""
    require_staff(user, appeal.initiating_organization)
    silent = addressee_requests(appeal).filter(status=Status.OVERDUE).exclude(public_body__email="")
    for information_request in silent.select_related("public_body"):
        queue_request_email(
            information_request=information_request, intent="reminder", user=user, now=now
        )
    return silent.count()


def complain_for_all(*, appeal: CollectiveAppeal, user: User, now: datetime) -> int:
    """A complaint to the superior body for every silent or refused addressee (once each)."""
    require_staff(user, appeal.initiating_organization)
    made = 0
    candidates = (
        addressee_requests(appeal)
        .filter(status__in=(Status.OVERDUE, Status.REFUSED))
        .exclude(escalations__step=Step.COMPLAINT)
    )
    for information_request in candidates.select_related("public_body__superior_body"):
        try:
            escalate(
                information_request=information_request, step=Step.COMPLAINT, user=user, now=now
            )
        except DomainError:
            continue  # the notes settle no complaint route: the page offers the prosecutor
        made += 1
    return made
