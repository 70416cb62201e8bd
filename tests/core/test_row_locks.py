"""A lock takes only the row it means: a request's clock never blocks its jurisdiction or its user.

`select_for_update()` with `select_related()` locks every joined row on PostgreSQL. Recomputing a
request's deadlines used to lock the single KZ jurisdiction row (every clock event in the country
waited for every other) and the requester's row (a sign-in's `UPDATE last_login` waited).
"""

import ast
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections, transaction

from requests_tracker.accounts.models import User
from requests_tracker.information_requests.clock import recompute_deadlines
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.laws.models import Jurisdiction
from tests.factories import make_request

ALMATY = ZoneInfo("Asia/Almaty")
CODE = Path(__file__).resolve().parents[2] / "requests_tracker"


def _update_elsewhere(statements: list[str], outcome: list[str]) -> None:
    """Run the statements on a connection of this thread's own, waiting at most a second."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '1s'")
            for statement in statements:
                cursor.execute(statement)
        outcome.append("done")
    except Exception as error:  # the lock timeout, reported to the test
        outcome.append(f"{type(error).__name__}: {error}")
    finally:
        connections.close_all()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_recomputing_a_clock_leaves_the_jurisdiction_and_the_requester_free() -> None:
    # given: a request that reached its body
    information_request = make_request(created_at=datetime(2026, 3, 2, 9, tzinfo=ALMATY))
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 10, tzinfo=ALMATY),
        recorded_by=information_request.requester,
    )
    jurisdiction = Jurisdiction.objects.get(code="KZ")
    requester = User.objects.get(pk=information_request.requester_id)
    outcome: list[str] = []

    # when: one transaction recomputes its clock and holds its lock, and another touches the
    # jurisdiction row and signs the requester in
    with transaction.atomic():
        recompute_deadlines(
            information_request=information_request, now=datetime(2026, 3, 3, tzinfo=ALMATY)
        )
        other = threading.Thread(
            target=_update_elsewhere,
            args=(
                [
                    f"UPDATE laws_jurisdiction SET code = code WHERE id = {jurisdiction.pk}",
                    f"UPDATE accounts_user SET last_login = now() WHERE id = {requester.pk}",
                ],
                outcome,
            ),
        )
        other.start()
        other.join(timeout=10)

    # then: the other transaction did not wait for the clock
    assert outcome == ["done"]


def _locks_without_of() -> list[str]:
    found = []
    for path in sorted(CODE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "select_for_update"
                and not any(keyword.arg == "of" for keyword in node.keywords)
            ):
                found.append(f"{path.relative_to(CODE.parent)}:{node.lineno}")
    return found


def test_every_row_lock_in_the_code_names_the_rows_it_takes() -> None:
    assert _locks_without_of() == []
