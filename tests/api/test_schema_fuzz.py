"""Every operation of the OpenAPI schema, fuzzed through the WSGI app by schemathesis.

Three callers: anonymous, a journalist and NGO staff (both by token). For each, a bounded and
derandomized set of generated requests per operation must never get a 5xx, and every response
must match the schema's description of it. The test runs inside the test's transaction (the
WSGI app serves on the test's own database connection), so what the fuzzing creates is undone.

A small world is seeded so that paths with ids sometimes hit real objects (the ids are small:
each test's rows get fresh ones, and the generated ids start low): the journalist's submitted
request, a message held for staff with it as the suggestion, a draft and a published violation,
a pending contact proposal, and a published version of the month's report.
"""

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from pytest_django.fixtures import Settings as SettingsWrapper
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from requests_tracker.accounts.models import Membership, OrganizationKind, Role, User
from requests_tracker.bodies.models import ContactKind, ContactProposal, PublicBody
from requests_tracker.information_requests.services import record_event
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.incoming import ingest_message
from requests_tracker.monitoring.models import ReviewState, Violation
from requests_tracker.monitoring.report.versions import publish
from tests.api.tokens import token_for
from tests.factories import OrganizationFactory, UserFactory, make_request

ALMATY = ZoneInfo("Asia/Almaty")
MESSAGES = Path(__file__).parent.parent / "mail" / "messages"

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


def seed_world(journalist: User, staff: User) -> None:
    """The objects the paths with ids may hit."""
    information_request = make_request(requester=journalist)
    record_event(
        information_request=information_request,
        kind=EventKind.SUBMITTED,
        occurred_at=datetime(2026, 3, 2, 11, 0, tzinfo=ALMATY),
        recorded_by=journalist,
    )
    raw = (MESSAGES / "no_address_of_ours.eml").read_bytes().replace(b"{{SUBJECT}}", b"Re")
    held = ingest_message(raw=raw, source="pipe", now=datetime(2026, 3, 20, tzinfo=ALMATY))
    held.incoming.suggested_request = information_request
    held.incoming.save(update_fields=["suggested_request"])
    body = PublicBody.objects.get(slug="police-kz-75")
    Violation.objects.create(
        block="B", category="refusal", occurred_on=date(2026, 3, 10), public_body=body
    )
    Violation.objects.create(
        block="A",
        category="threat",
        occurred_on=date(2026, 3, 11),
        review_state=ReviewState.PUBLISHED,
        public_description="Угрозы редакции",
    )
    ContactProposal.objects.create(
        body=body,
        kind=ContactKind.EMAIL,
        value="kanc@police.example.kz",
        source_note="Указан на сайте департамента",
        proposed_by=journalist,
    )
    publish(year=2026, month=3, user=staff, note="", now=datetime(2026, 4, 1, tzinfo=ALMATY))


@pytest.fixture
def tokens(
    db: None, same_connection: None, settings: SettingsWrapper, tmp_path: Path
) -> dict[str, str]:
    """A token for each caller who has one: a journalist with a request, and NGO staff."""
    settings.MEDIA_ROOT = tmp_path / "media"
    outlet = OrganizationFactory.create(slug="vlast")
    journalist: User = UserFactory.create(username="dana")
    Membership.objects.create(user=journalist, organization=outlet, role=Role.JOURNALIST)
    ngo = OrganizationFactory.create(
        slug="adil-soz", kind=OrganizationKind.NGO, keeps_monitoring_dataset=True
    )
    staff: User = UserFactory.create(username="timur")
    Membership.objects.create(user=staff, organization=ngo, role=Role.NGO_STAFF)
    seed_world(journalist, staff)
    return {"journalist": token_for(journalist), "ngo_staff": token_for(staff)}


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
