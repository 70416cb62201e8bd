"""Two publications of one month at once, on two connections, give versions 1 and 2."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from requests_tracker.accounts.models import User
from requests_tracker.monitoring.models import ReportVersion
from requests_tracker.monitoring.report.versions import publish
from tests.factories import make_ngo_staff

AT = datetime(2018, 3, 5, 9, 0, tzinfo=UTC)


def _publish(staff: User, results: dict[str, object], name: str) -> None:
    try:
        results[name] = publish(
            year=2018, month=2, user=staff, note=f"Исправление ({name})", now=AT
        ).version
    except Exception as error:
        results[name] = error


def _race(staff: User) -> dict[str, object]:
    """The first publication holds its transaction open while a second one starts on another
    connection; then the first commits."""
    results: dict[str, object] = {}
    first_done, commit = threading.Event(), threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                _publish(staff, results, "first")
                first_done.set()
                commit.wait(10)
        finally:
            connection.close()  # this thread's own connection

    def second() -> None:
        try:
            _publish(staff, results, "second")
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_done.wait(10)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.5)
    results["second waited"] = two.is_alive()  # on the month's lock
    commit.set()
    one.join(10)
    two.join(10)
    return results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_publications_at_once_give_versions_1_and_2() -> None:
    staff = make_ngo_staff()

    results = _race(staff)

    assert results == {"first": 1, "second": 2, "second waited": True}
    assert list(
        ReportVersion.objects.order_by("version").values_list("version", "correction_note")
    ) == [(1, "Исправление (first)"), (2, "Исправление (second)")]
