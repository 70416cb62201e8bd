"""The monitoring dataset and the staff's tools: who may read and review violations, read the
monthly reports and the dashboard, import, review contact proposals, export the directory, write
letter templates.

All of it is NGO staff's (of the organisation that keeps the dataset) and superusers'; the one
exception is what the dataset publishes: published violations are open data, for anyone. A
violation drawn from a private request shows NGO staff the violation, never the request.
"""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from requests_tracker.accounts.roles import is_ngo_staff
from requests_tracker.monitoring.models import MonthlyNarrative, ReviewState, Violation


def may_keep_dataset(user: Any) -> bool:
    """Review, edit and import violations; read drafts, reports and the dashboard; review contact
    proposals; export the directory; write letter templates; file held messages."""
    return is_ngo_staff(user)


def readable_violations(user: Any) -> QuerySet[Violation]:
    if may_keep_dataset(user):
        return Violation.objects.all()
    return Violation.objects.filter(review_state=ReviewState.PUBLISHED)


def reviewable_violations(user: Any) -> QuerySet[Violation]:
    if may_keep_dataset(user):
        return Violation.objects.all()
    return Violation.objects.none()


def violation_for(user: Any, pk: int, *, review: bool = False) -> Violation:
    """A violation ``user`` may read (or review); a 404 otherwise."""
    allowed = reviewable_violations(user) if review else readable_violations(user)
    return get_object_or_404(allowed, pk=pk)


def may_manage_categories(user: Any) -> bool:
    """Add and change the categories of the dataset (names, block, report figure)."""
    return may_keep_dataset(user)


def may_read_reports(user: Any) -> bool:
    return may_keep_dataset(user)


def may_publish_reports(user: Any) -> bool:
    """Publish a month's report as a new version (the versions are read with the reports)."""
    return may_keep_dataset(user)


def may_keep_report_masthead(user: Any) -> bool:
    """Change the organisation's header and the signature every report carries."""
    return may_publish_reports(user)


def may_write_letter_templates(user: Any) -> bool:
    return may_keep_dataset(user)


def readable_report_items(user: Any) -> QuerySet[MonthlyNarrative]:
    """The month's case items are the staff's, as the reports are (drafts until published)."""
    if may_keep_dataset(user):
        return MonthlyNarrative.objects.all()
    return MonthlyNarrative.objects.none()


def report_item_for(user: Any, pk: int) -> MonthlyNarrative:
    """A case item ``user`` may read and change; a 404 otherwise."""
    return get_object_or_404(readable_report_items(user), pk=pk)
