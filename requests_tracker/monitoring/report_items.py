"""The month's case items (``MonthlyNarrative``): written by NGO staff on a page, in the API and
the admin, shown first in the month's report, before the figures.

Each item has a title and a text in Russian (required), Kazakh and English (the report falls back
to Russian), an order within the month, and the violations it tells of.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from requests_tracker.accounts.roles import is_ngo_staff
from requests_tracker.core.errors import DomainError
from requests_tracker.monitoring.models import MonthlyNarrative, Violation


def _require_staff(user: Any) -> None:
    if not is_ngo_staff(user):
        raise DomainError(_("Only NGO staff may write the report's case items."))


def item_problems(*, item: MonthlyNarrative) -> dict[str, str]:
    """What is wrong with an item before it is saved, by field."""
    problems = {}
    if item.month is not None and item.month.day != 1:
        problems["month"] = _("A report item belongs to a month: give its first day.")
    if not item.title_ru.strip():
        problems["title_ru"] = _("The Russian title is required.")
    if not item.text_ru.strip():
        problems["text_ru"] = _("The Russian text is required.")
    return problems


@transaction.atomic
def save_report_item(
    *, item: MonthlyNarrative, violations: Iterable[Violation], user: Any
) -> MonthlyNarrative:
    """Save a new or changed item with the violations it is linked to; refused whole if wrong."""
    _require_staff(user)
    if problems := item_problems(item=item):
        raise DomainError(" ".join(problems.values()))
    item.save()
    item.violations.set(list(violations))
    return item


@transaction.atomic
def delete_report_item(*, item: MonthlyNarrative, user: Any) -> None:
    _require_staff(user)
    item.delete()
