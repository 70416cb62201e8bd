"""The review of the dataset: draft → verified → published, and back to draft, by NGO staff only.

Violations made by the sweep, entered by hand or imported are drafts; only a verified violation
can be published, so every published row has been looked at twice (kz-rules.md §9).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from requests_tracker.accounts.roles import is_ngo_staff
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.models import ReviewState, Violation
from requests_tracker.monitoring.privacy import publishing_refusal
from requests_tracker.monitoring.recording import check_dates, latest_possible_day, record_violation


def _require_staff(user: Any) -> None:
    if not is_ngo_staff(user):
        raise DomainError(_("Only NGO staff may review and edit the monitoring dataset."))


def _locked(violation: Violation) -> Violation:
    return Violation.objects.select_for_update(of=("self",)).get(pk=violation.pk)


def _move(
    *, violation: Violation, user: Any, allowed_from: tuple[str, ...], to: ReviewState
) -> Violation:
    _require_staff(user)
    current = _locked(violation)
    if current.review_state not in allowed_from:
        raise DomainError(
            _("A violation in state “%(state)s” cannot become “%(target)s”.")
            % {"state": current.get_review_state_display(), "target": to.label}
        )
    if to != ReviewState.DRAFT:  # a row saved before the dates were checked is not vouched for
        check_dates(
            occurred_on=current.occurred_on,
            reported_on=current.reported_on,
            today=latest_possible_day(),
        )
    current.review_state = to
    current.reviewed_by = None if to == ReviewState.DRAFT else user
    current.save(update_fields=["review_state", "reviewed_by", "updated_at"])
    violation.review_state, violation.reviewed_by = current.review_state, current.reviewed_by
    violation.updated_at = current.updated_at
    return current


@transaction.atomic
def verify_violation(*, violation: Violation, user: Any) -> Violation:
    """A draft checked by NGO staff becomes verified; anything else is refused unchanged."""
    return _move(
        violation=violation, user=user, allowed_from=(ReviewState.DRAFT,), to=ReviewState.VERIFIED
    )


@transaction.atomic
def publish_violation(*, violation: Violation, user: Any) -> Violation:
    """Only a verified violation is published, recording who published it.

    The open data shows the public description, never the internal one; this refuses it while
    it names a victim without consent or the requester of the linked request (``privacy``).
    """
    _require_staff(user)
    current = _locked(violation)
    if current.review_state == ReviewState.VERIFIED and (reason := publishing_refusal(current)):
        raise DomainError(reason)
    return _move(
        violation=violation,
        user=user,
        allowed_from=(ReviewState.VERIFIED,),
        to=ReviewState.PUBLISHED,
    )


@transaction.atomic
def return_to_draft(*, violation: Violation, user: Any) -> Violation:
    """A verified or published violation goes back to draft, out of the open data."""
    return _move(
        violation=violation,
        user=user,
        allowed_from=(ReviewState.VERIFIED, ReviewState.PUBLISHED),
        to=ReviewState.DRAFT,
    )


@transaction.atomic
def save_violation_draft(*, violation: Violation, user: Any) -> Violation:
    """Save a violation entered or edited by hand; only drafts can be edited."""
    _require_staff(user)
    if violation.pk is None:
        return record_violation(violation=violation)
    if _locked(violation).review_state != ReviewState.DRAFT:
        raise DomainError(_("Only a draft can be edited: return it to draft first."))
    check_dates(
        occurred_on=violation.occurred_on,
        reported_on=violation.reported_on,
        today=latest_possible_day(),
    )
    violation.review_state = ReviewState.DRAFT
    violation.reviewed_by = None
    if violation.public_body_id is not None and violation.region_id is None:
        violation.region_id = violation.public_body.region_id  # type: ignore[union-attr]
    violation.save()
    return violation


# --- Many at once: the staff list's bulk verify and publish ---------------------------------


@dataclass
class BulkReview:
    """What a bulk step did: the violations it changed, and each refused one with the reason."""

    changed: list[Violation] = field(default_factory=list)
    refused: list[tuple[Violation, str]] = field(default_factory=list)


def review_each(
    *, violations: Iterable[Violation], user: Any, step: Callable[..., Violation]
) -> BulkReview:
    """Apply one review step (``verify_violation``, ``publish_violation``) to each violation,
    each in its own transaction: one refused (a draft to publish, a name to remove) changes
    nothing of its own and stops none of the others."""
    _require_staff(user)
    result = BulkReview()
    for violation in violations:
        try:
            result.changed.append(step(violation=violation, user=user))
        except DomainError as error:
            result.refused.append((violation, str(error)))
    return result
