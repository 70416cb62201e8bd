"""Every operation of the OpenAPI schema, fuzzed through the WSGI app by schemathesis.

Three callers: anonymous, a journalist and NGO staff (both by token). For each, a bounded and
derandomized set of generated requests per operation must never get a 5xx, and every response
must match the schema's description of it. The test runs inside the test's transaction (the
WSGI app serves on the test's own database connection), so what the fuzzing creates is undone.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from requests_tracker.accounts.models import Membership, OrganizationKind, Role, User
from requests_tracker.accounts.tokens import create_api_token
from tests.factories import OrganizationFactory, UserFactory, make_request

application = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application).exclude(
    # Answers 503 by design while the broker or beat is down, as they are in this test; its
    # answers are tested with real processes in tests/core.
    path="/api/v1/health/"
)

CALLERS = ("anonymous", "journalist", "ngo_staff")


@pytest.fixture
def same_connection() -> Iterator[None]:
    """The WSGI app keeps the test's connection, as Django's test client does.

    Django closes a connection at the end of each request when it is in a transaction it did not
    open; here that transaction is the test's own, so the close is switched off meanwhile.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db: None, same_connection: None) -> dict[str, str]:
    """A token for each caller who has one: a journalist with a request, and NGO staff."""
    outlet = OrganizationFactory.create(slug="vlast")
    journalist: User = UserFactory.create(username="dana")
    Membership.objects.create(user=journalist, organization=outlet, role=Role.JOURNALIST)
    make_request(requester=journalist)
    ngo = OrganizationFactory.create(
        slug="adil-soz", kind=OrganizationKind.NGO, keeps_monitoring_dataset=True
    )
    staff: User = UserFactory.create(username="timur")
    Membership.objects.create(user=staff, organization=ngo, role=Role.NGO_STAFF)
    return {
        "journalist": create_api_token(user=journalist, name="fuzz", now=timezone.now()).key,
        "ngo_staff": create_api_token(user=staff, name="fuzz", now=timezone.now()).key,
    }


@pytest.mark.parametrize("caller", CALLERS)
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_gives_a_server_error_or_breaks_its_schema(
    case: schemathesis.Case, caller: str, tokens: dict[str, str]
) -> None:
    headers = {"Authorization": f"Token {tokens[caller]}"} if caller in tokens else {}

    case.call_and_validate(
        headers=headers, checks=[not_a_server_error, response_schema_conformance]
    )
