"""Every route that takes an object is in the route table, or named as taking no private one."""

import pytest
from django.test import override_settings

from tests.access.route_table.routes import NO_PRIVATE_OBJECT, object_routes, unlisted
from tests.access.route_table.table import ROWS

LISTED = {row.pattern for row in ROWS}


def assert_every_route_is_listed() -> None:
    missing = unlisted(object_routes(), LISTED)
    assert not missing, f"routes with an object but no row in the route table: {missing}"


def test_every_route_with_an_object_has_a_row_or_is_named_as_taking_no_private_object() -> None:
    assert_every_route_is_listed()


def test_every_row_and_every_exemption_names_a_route_that_exists() -> None:
    routes = set(object_routes())

    assert LISTED - routes == set()
    assert set(NO_PRIVATE_OBJECT) - routes == set()


def test_no_route_is_both_in_the_table_and_exempted() -> None:
    assert LISTED & set(NO_PRIVATE_OBJECT) == set()


@override_settings(ROOT_URLCONF="tests.access.route_table.urls_with_a_new_route")
def test_a_new_route_taking_an_id_without_a_row_fails_the_coverage_check_and_is_named() -> None:
    with pytest.raises(AssertionError, match=r"\['route-table/<int:pk>/secret/'\]"):
        assert_every_route_is_listed()
