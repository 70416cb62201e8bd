"""/api/v1/health/: 200 only when the database, the broker and beat with a worker all answer."""

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from requests_tracker.celery import app as celery_app
from requests_tracker.core.api import check_broker
from requests_tracker.core.models import Heartbeat

URL = "/api/v1/health/"
NOW = datetime(2026, 3, 20, 4, 0, tzinfo=UTC)
CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def heartbeat_every_minute(settings: SettingsWrapper) -> None:
    settings.HEARTBEAT_INTERVAL_SECONDS = 60


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> str:
    """The test run's own broker: Redis with REDIS_URL, the embedded filesystem one without."""
    if celery_app.conf.broker_url.startswith("redis"):
        monkeypatch.setitem(
            celery_app.conf, "broker_url", request.getfixturevalue("redis_broker_url")
        )
    return str(celery_app.conf.broker_url).split("://", 1)[0]


def beat(seconds_ago: int) -> None:
    Heartbeat.objects.create(
        hostname="worker-1", last_beat_at=NOW - timedelta(seconds=seconds_ago), beats=7
    )


@pytest.mark.django_db
def test_all_checks_pass_with_a_fresh_heartbeat(client: Client, broker: str) -> None:
    beat(seconds_ago=30)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "reasons": {},
        "database": connection.vendor,
        "broker": broker,
        "last_heartbeat_at": "2026-03-20T08:59:30+05:00",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seconds_ago", "expected_status"),
    [(180, 200), (181, 503)],  # three missed heartbeats of 60 s
)
def test_a_heartbeat_is_stale_after_three_intervals(
    client: Client, broker: str, seconds_ago: int, expected_status: int
) -> None:
    beat(seconds_ago=seconds_ago)

    response = client.get(URL)

    assert response.status_code == expected_status
    assert response.json()["failing"] == ([] if expected_status == 200 else ["heartbeat"])


@pytest.mark.django_db
def test_a_stale_heartbeat_answers_503_naming_it(client: Client, broker: str) -> None:
    beat(seconds_ago=3600)

    response = client.get(URL)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["failing"] == ["heartbeat"]
    assert body["reasons"] == {"heartbeat": "The last heartbeat is 3600 s old."}
    assert body["last_heartbeat_at"] == "2026-03-20T08:00:00+05:00"


@pytest.mark.django_db
def test_no_heartbeat_yet_answers_503(client: Client, broker: str) -> None:
    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["reasons"] == {
        "heartbeat": "No heartbeat yet: are beat and a worker running?"
    }


@pytest.mark.django_db
def test_a_broker_that_does_not_answer_gives_503_naming_the_broker_within_seconds(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a fresh heartbeat, and a broker where nothing listens
    beat(seconds_ago=30)
    monkeypatch.setitem(celery_app.conf, "broker_url", CLOSED_PORT_BROKER)

    # when
    started = time.monotonic()
    response = client.get(URL)
    took = time.monotonic() - started

    # then
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["reasons"] == {"broker": "OperationalError"}
    assert body["broker"] == "redis"
    assert took < 5


@pytest.fixture
def silent_broker() -> Iterator[str]:
    """A server that accepts connections and never answers (a hung Redis, a dropped route)."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()
    for connection_to_client in accepted:
        connection_to_client.close()


def test_a_broker_that_hangs_fails_the_check_within_the_timeout(
    monkeypatch: pytest.MonkeyPatch, silent_broker: str
) -> None:
    # given: a broker that accepts the connection and never answers
    monkeypatch.setitem(celery_app.conf, "broker_url", silent_broker)
    outcome: list[BaseException | None] = []

    def check() -> None:
        try:
            check_broker()
        except Exception as error:
            outcome.append(error)
        else:
            outcome.append(None)

    # when: (in a thread, so that a check without a timeout fails this test instead of hanging it)
    started = time.monotonic()
    thread = threading.Thread(target=check, daemon=True)
    thread.start()
    thread.join(timeout=15)

    # then: two attempts of at most 2 s each, and their set-up
    assert not thread.is_alive(), "the broker check did not give up"
    assert time.monotonic() - started < 10
    assert len(outcome) == 1
    assert isinstance(outcome[0], Exception)


@pytest.mark.django_db(transaction=True, available_apps=["requests_tracker.core"])
def test_a_database_that_does_not_answer_gives_503_naming_it(client: Client, broker: str) -> None:
    # given: the web worker's database connection goes to where nothing answers
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    else:
        connection.settings_dict["NAME"] = "/nonexistent/tracker.sqlite3"
    try:
        # when
        response = client.get(URL)
    finally:
        connection.close()
        connection.settings_dict.update(saved)

    # then
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database", "heartbeat"]
    assert body["reasons"] == {
        "database": "OperationalError",
        "heartbeat": "Unknown: the database did not answer.",
    }
    assert body["last_heartbeat_at"] is None


@pytest.mark.django_db
def test_the_schema_documents_both_answers(client: Client) -> None:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    responses = response.json()["paths"]["/api/v1/health/"]["get"]["responses"]
    assert sorted(responses) == ["200", "503"]
    for answer in responses.values():
        assert answer["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Health"
        }
