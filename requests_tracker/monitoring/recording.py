"""The one place a new violation is recorded, whatever its source.

The sweep (a passed deadline, a clock finding), the import, the hand-entry page and the admin's
add form all come here, so every new row is a draft whose category is a row of the category
table (``ViolationCategory``, by its code) that fits its block, and that did not happen (nor was
reported) after today. The sweep records its batches with one ``bulk_create`` each; the import,
whose rows it checked itself, with one COPY a batch on PostgreSQL (``record_checked_drafts``).
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.db import connections
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from requests_tracker.core.categories import Block
from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.facts_check import latest_possible_moment
from requests_tracker.monitoring.models import ReviewState, Violation, ViolationCategory


@dataclass(frozen=True, kw_only=True)
class NewViolation:
    """The values of a violation to record; what is left out stays blank."""

    block: str
    category: str
    occurred_on: date
    information_request_id: int | None = None
    deadline_id: int | None = None
    public_body_id: int | None = None
    region_id: int | None = None
    reported_on: date | None = None
    legal_ground_cited: str = ""
    description: str = ""
    public_description: str = ""
    victim_type: str = ""
    victim_name: str = ""
    victim_outlet: str = ""
    perpetrator_type: str = ""
    article: str = ""
    stage: str = ""
    outcome: str = ""
    amount_claimed_kzt: Decimal | None = None
    amount_awarded_kzt: Decimal | None = None
    amount_collected_kzt: Decimal | None = None
    source_url: str = ""
    correspondent: str = ""
    # Import exactness (issue 16, item 5).
    material_damages_kzt: Decimal | None = None
    legal_costs_kzt: Decimal | None = None
    plaintiff_name: str = ""
    case_reference: str = ""
    row_id: str | None = None


def blocks_of_categories(codes: Collection[str] | None = None) -> dict[str, str]:
    """The block of each category in the table ("" for one that fits any block), by code: of
    ``codes``, or of every category. One query; what is not in the table is not in the answer."""
    categories = ViolationCategory.objects.all()
    if codes is not None:
        categories = categories.filter(code__in=set(codes))
    return dict(categories.values_list("code", "block"))


def block_mismatch(
    *, block: str, category: str, blocks: Mapping[str, str] | None = None
) -> str | None:
    """Why ``category`` cannot be recorded under ``block``, or None when it can (or when it is
    not a category at all: ``unknown_category`` says that). ``blocks`` as from
    ``blocks_of_categories``; read from the table when not given."""
    if blocks is None:
        blocks = blocks_of_categories((category,))
    expected = blocks.get(category)
    if not expected or expected == block:
        return None
    return _("category “%(category)s” belongs to block %(expected)s, not %(block)s") % {
        "category": category,
        "expected": expected,
        "block": block,
    }


def unknown_category(category: str) -> str:
    return _("unknown %(column)s “%(value)s”") % {"column": "category", "value": category}


def latest_possible_day(now: datetime | None = None) -> date:
    """The last day a violation can have happened on, at ``now`` (by default the clock's now):
    today in the dataset's time zone, give or take the clock skew timeline events are allowed."""
    return timezone.localdate(latest_possible_moment(now or timezone.now()))


def date_problems(
    *, occurred_on: date | None, reported_on: date | None, today: date
) -> dict[str, str]:
    """What is wrong with a violation's dates, by field: a day after ``today`` is in the future
    (the 2030 refusal that was verified and published must never be recorded)."""
    problems = {}
    if occurred_on is not None and occurred_on > today:
        problems["occurred_on"] = _(
            "The violation cannot have happened on %(date)s: that date is in the future."
        ) % {"date": date_format(occurred_on, "d.m.Y")}
    if reported_on is not None and reported_on > today:
        problems["reported_on"] = _(
            "The violation cannot have been reported on %(date)s: that date is in the future."
        ) % {"date": date_format(reported_on, "d.m.Y")}
    return problems


def check_dates(*, occurred_on: date | None, reported_on: date | None, today: date) -> None:
    """Refuse (DomainError) a violation dated in the future."""
    if problems := date_problems(occurred_on=occurred_on, reported_on=reported_on, today=today):
        raise DomainError(" ".join(problems.values()))


def _check(*, block: str, category: str, blocks: Mapping[str, str]) -> None:
    """Refuse a block that is not one of the three, a category not in the table, or the two
    that do not fit; ``blocks`` as from ``blocks_of_categories``."""
    if block not in Block.values:
        raise DomainError(_("unknown %(column)s “%(value)s”") % {"column": "block", "value": block})
    if category not in blocks:
        raise DomainError(unknown_category(category))
    if mismatch := block_mismatch(block=block, category=category, blocks=blocks):
        raise DomainError(mismatch)


def record_violation(*, violation: Violation) -> Violation:
    """Save a new violation filled in by a form (hand entry or the admin's add) as a draft."""
    if violation.pk is not None:
        raise ValueError("record_violation saves a new violation; this one is already recorded")
    _check(
        block=violation.block,
        category=violation.category,
        blocks=blocks_of_categories((violation.category,)),
    )
    check_dates(
        occurred_on=violation.occurred_on,
        reported_on=violation.reported_on,
        today=latest_possible_day(),
    )
    violation.review_state = ReviewState.DRAFT
    violation.reviewed_by = None
    if violation.public_body_id is not None and violation.region_id is None:
        violation.region_id = violation.public_body.region_id
    violation.save()
    return violation


def record_violations(
    *,
    violations: Sequence[NewViolation],
    ignore_conflicts: bool = False,
    now: datetime | None = None,
) -> list[Violation]:
    """Record a batch of drafts in one insert, or refuse the whole batch unsaved.

    With ``ignore_conflicts`` a row that is already recorded (one per deadline or request and
    category) is skipped, so a doubled sweep or a retry adds nothing. A row dated in the future
    refuses the batch, whatever the flag. The future begins after the clock's now, or after
    ``now`` when a sweep is given a later moment (a catch-up, a test): it counts what is due then.
    """
    today = latest_possible_day(max(now, timezone.now()) if now is not None else None)
    blocks = blocks_of_categories({new.category for new in violations})
    for new in violations:
        _check(block=new.block, category=new.category, blocks=blocks)
        check_dates(occurred_on=new.occurred_on, reported_on=new.reported_on, today=today)
    rows = [
        Violation(**asdict(new), review_state=ReviewState.DRAFT, reviewed_by=None)
        for new in violations
    ]
    if not rows:
        return []
    return Violation.objects.bulk_create(rows, ignore_conflicts=ignore_conflicts)


def update_drafts(*, updates: Sequence[tuple[int, NewViolation]], fields: Sequence[str]) -> int:
    """Write ``fields`` of each (violation id, values) pair onto that draft, checked like a new
    row, in one statement a batch; a violation no longer a draft is refused, the batch unsaved."""
    today = latest_possible_day()
    blocks = blocks_of_categories({new.category for _pk, new in updates})
    for _pk, new in updates:
        _check(block=new.block, category=new.category, blocks=blocks)
        check_dates(occurred_on=new.occurred_on, reported_on=new.reported_on, today=today)
    ids = [pk for pk, _new in updates]
    if Violation.objects.filter(pk__in=ids).exclude(review_state=ReviewState.DRAFT).exists():
        raise DomainError(_("Only a draft can be edited: return it to draft first."))
    rows, now = [], timezone.now()
    stored = Violation.objects.only("id").in_bulk(ids)
    for pk, new in updates:
        row = stored[pk]
        row.updated_at = now
        for name in fields:
            setattr(row, name, getattr(new, name))
        rows.append(row)
    if rows and fields:
        Violation.objects.bulk_update(rows, [*fields, "updated_at"])
    return len(rows)


# Each a Violation field's attname.
_GIVEN = tuple(NewViolation.__dataclass_fields__)


def record_checked_drafts(*, violations: Sequence[NewViolation]) -> int:
    """Record a batch of drafts already checked row by row (the import's ``RowChecker``, against
    the category table and today as they were when its check began), or refuse the whole batch
    unsaved; how many were recorded.

    The rows are not checked one by one again: the batch's distinct (block, category) pairs are,
    against the table as it is now (one query), so that a category removed or moved since the
    check refuses the batch rather than enter the dataset. On PostgreSQL one ``COPY ... FROM
    STDIN`` writes the rows (psycopg formats them in C; an INSERT of the same rows costs several
    times the parsing of the file, in Django's and psycopg's preparing of every value).
    """
    if not violations:
        return 0
    connection = connections[Violation.objects.db]
    if connection.vendor != "postgresql":
        return len(record_violations(violations=violations))
    pairs = {(new.block, new.category) for new in violations}
    blocks = blocks_of_categories({category for _block, category in pairs})
    for block, category in sorted(pairs):
        _check(block=block, category=category, blocks=blocks)
    now = timezone.now()
    fixed: dict[str, Any] = {"review_state": ReviewState.DRAFT.value, "reviewed_by_id": None}
    fixed |= {"created_at": now, "updated_at": now}
    fields = [field for field in Violation._meta.concrete_fields if not field.primary_key]
    rest = [field for field in fields if field.attname not in _GIVEN]
    values = tuple(fixed[f.attname] if f.attname in fixed else f.get_default() for f in rest)
    column_of = {field.attname: str(field.column) for field in fields}
    columns = [column_of[name] for name in _GIVEN] + [column_of[field.attname] for field in rest]
    quote = connection.ops.quote_name
    statement = (
        f"COPY {quote(Violation._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    )
    given = attrgetter(*_GIVEN)
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for new in violations:
            copy.write_row((*given(new), *values))
    return len(violations)
