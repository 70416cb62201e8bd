"""Every URL pattern of the resolver, including any added later, survives a NUL and a bad id.

The routes are read from the resolver when the tests are collected, so a new route is tried
without anyone listing it: each parameter is given a NUL byte, a word where an id goes, and an id
too large for any column, and the page must answer 400 or 404 (or a redirect), never 500.
"""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from requests_tracker.accounts.models import Membership, OrganizationKind, Role, User
from tests.factories import OrganizationFactory, UserFactory

PARAMETER = "\x01"  # stands for a parameter of the route until a value is put in its place
_ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?\w+>")
BAD_VALUES = {
    "nul": "a\x00b",
    "word": "abc",
    "huge": "9" * 30,
}


def _from_regex(regex: str) -> str:
    """An address the regex matches, with PARAMETER for each named group ("^a/(?P<pk>\\d+)/$")."""
    out: list[str] = []
    index = 0
    while index < len(regex):
        char = regex[index]
        if regex.startswith("(?P<", index):
            depth, index = 1, index + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(regex[index], 0)
                index += 2 if regex[index] == "\\" else 1
            out.append(PARAMETER)
            continue
        if char == "\\":
            out.append(regex[index + 1])
            index += 2
            continue
        if char not in "^$?":
            out.append(char)
        index += 1
    return "".join(out)


def _template(pattern: RegexPattern | RoutePattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _ROUTE_PARAMETER.sub(PARAMETER, str(pattern))
    return _from_regex(str(pattern))


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "/") -> Iterator[str]:
    for entry in patterns:
        template = prefix + _template(entry.pattern)  # type: ignore[arg-type]
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, template)
        else:
            yield template


ROUTES = sorted(set(_routes(get_resolver().url_patterns)))
ROUTES_WITH_PARAMETERS = [route for route in ROUTES if PARAMETER in route]


def _addresses(route: str, value: str) -> set[str]:
    """Every parameter bad at once, and each bad in turn while the others are "1"."""
    count = route.count(PARAMETER)
    addresses = {route.replace(PARAMETER, value)}
    pieces = route.split(PARAMETER)
    for bad in range(count):
        values = [value if position == bad else "1" for position in range(count)]
        addresses.add(
            "".join(piece + text for piece, text in zip(pieces, [*values, ""], strict=True))
        )
    return addresses


@pytest.fixture
def staff_client(db: None) -> Client:
    """An NGO staff member who is also a superuser, so that admin pages reach their lookups."""
    ngo = OrganizationFactory.create(
        slug="adil-soz", kind=OrganizationKind.NGO, keeps_monitoring_dataset=True
    )
    user: User = UserFactory.create(username="timur", is_staff=True, is_superuser=True)
    Membership.objects.create(user=user, organization=ngo, role=Role.NGO_STAFF)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_the_resolver_lists_the_routes_this_test_relies_on() -> None:
    assert "/api/v1/collective-appeals/\x01/" in ROUTES
    assert "/collective/\x01/cosigners/\x01/confirm/" in ROUTES
    assert "/calendar/\x01.ics" in ROUTES
    assert "/open-data/violations.\x01" in ROUTES
    assert len(ROUTES_WITH_PARAMETERS) > 50


@pytest.mark.parametrize("route", ROUTES_WITH_PARAMETERS)
@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_a_bad_parameter_is_never_a_server_error(
    staff_client: Client, route: str, value: str
) -> None:
    for address in sorted(_addresses(route, value)):
        for method in ("get", "post"):
            response = getattr(staff_client, method)(address)

            assert response.status_code < 500, (method, address, response.status_code)
            if "\x00" in address:
                assert response.status_code == 400, (method, address)


@pytest.mark.parametrize("route", ROUTES)
def test_a_nul_in_the_query_of_any_route_is_a_400(staff_client: Client, route: str) -> None:
    address = route.replace(PARAMETER, "1")

    response = staff_client.get(address, {"q": "a\x00b"})

    assert response.status_code == 400, address
