"""Rate limits on sign-up, password reset and API token creation: per client IP and per address
typed. A refused attempt gets 429 in the visitor's language and changes nothing; the count starts
again once the window (an hour here) has passed.

Each test counts in a cache of its own: a fresh in-memory one, and the same tests again on the
test run's Redis database (under a prefix of the test's within the run's, deleted afterwards)
when there is one.
"""

import hashlib
import logging
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from requests_tracker.accounts.models import ApiToken, User
from requests_tracker.accounts.rate_limits import client_ip, client_network
from requests_tracker.accounts.templatetags.durations import duration
from requests_tracker.notifications.sending import send_due_alerts
from tests.factories import UserFactory
from tests.redis_keys import delete_run_keys, run_prefix, run_redis_url

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

ALMATY = ZoneInfo("Asia/Almaty")
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY)
PASSWORD = "Ашық-ақпарат-2026"
pytestmark = pytest.mark.django_db


@pytest.fixture(params=["memory", "redis"])
def rate_limit_cache(request: pytest.FixtureRequest, settings: Settings) -> Iterator[None]:
    """The limits of the documented defaults, counted in a cache no other test sees."""
    prefix = f"{run_prefix()}:rate-limit-test-{uuid.uuid4().hex}"
    if request.param == "memory":
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}
    elif run_redis_url():
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": run_redis_url(),
            "KEY_PREFIX": prefix,
        }
    else:
        pytest.skip("needs REDIS_URL or TEST_REDIS_URL")
    settings.CACHES = {**settings.CACHES, "rate-limit-test": backend}
    settings.RATELIMIT_USE_CACHE = "rate-limit-test"
    settings.TRUSTED_PROXY_COUNT = 0
    settings.RATE_LIMITS = {
        "signup": {"ip": "5/h", "address": "3/h"},
        "password_reset": {"ip": "5/h", "address": "3/h"},
        "token": {"ip": "10/h", "address": "10/h"},
    }
    yield
    if request.param == "redis":
        delete_run_keys(run_redis_url(), prefix)


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def sign_up(client: Client, number: int, *, ip: str, email: str = "") -> "TestResponse":
    password = f"{PASSWORD}-{number}"
    form = {
        "username": f"reporter{number}",
        "email": email or f"reporter{number}@example.kz",
        "first_name": "Айгерим",
        "last_name": "Садыкова",
        "password1": password,
        "password2": password,
        "preferred_language": "ru",
    }
    return client.post("/accounts/signup/", form, REMOTE_ADDR=ip)


def reset(client: Client, email: str, *, ip: str) -> "TestResponse":
    return client.post("/accounts/password-reset/", {"email": email}, REMOTE_ADDR=ip)


def ask_token(client: Client, username: str, password: str, *, ip: str) -> "TestResponse":
    return client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def emails_to(address: str) -> int:
    """How many emails the site has sent to ``address``: account emails leave from the outbox,
    so its sweep runs first (the one place that knows how mail is observed in tests)."""
    send_due_alerts(now=timezone.now())
    return sum(address in message.to for message in mail.outbox)


def message_in(language: str, *parts: str) -> str:
    with translation.override(language):
        return " ".join(translation.gettext(part) for part in parts)


# --- Sign-up ----------------------------------------------------------------------------------


def test_the_sixth_sign_up_from_one_ip_in_an_hour_is_refused_and_creates_no_user(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    accepted = [sign_up(client, number, ip="203.0.113.7").status_code for number in range(1, 6)]

    refused = sign_up(client, 6, ip="203.0.113.7")

    assert accepted == [302, 302, 302, 302, 302]
    assert refused.status_code == 429
    assert User.objects.filter(username__startswith="reporter").count() == 5
    assert not User.objects.filter(username="reporter6").exists()
    assert emails_to("reporter6@example.kz") == 0


def test_another_ip_may_sign_up_while_one_is_refused(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    for number in range(1, 7):
        sign_up(client, number, ip="203.0.113.7")

    elsewhere = sign_up(client, 7, ip="198.51.100.20")

    assert elsewhere.status_code == 302
    assert User.objects.filter(username="reporter7").exists()


def test_the_fourth_sign_up_for_one_email_from_different_ips_is_refused(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    email = "target@example.kz"
    answered = [
        sign_up(client, number, ip=f"203.0.113.{number}", email=email).status_code
        for number in range(1, 4)
    ]
    users_before, emails_before = User.objects.count(), emails_to(email)

    refused = sign_up(client, 4, ip="203.0.113.4", email=email.upper())

    assert 429 not in answered
    assert refused.status_code == 429
    assert (User.objects.count(), emails_to(email)) == (users_before, emails_before)
    assert not User.objects.filter(username="reporter4").exists()


def test_the_sign_up_limit_starts_again_after_the_hour(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    for number in range(1, 6):
        sign_up(client, number, ip="203.0.113.7")
    refused = sign_up(client, 6, ip="203.0.113.7")

    frozen.shift(timedelta(hours=1, seconds=1))
    later = sign_up(client, 6, ip="203.0.113.7")

    assert refused.status_code == 429
    assert later.status_code == 302
    assert User.objects.filter(username="reporter6").exists()


def test_the_refusal_page_says_when_to_try_again_in_the_visitors_language(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    client.cookies["django_language"] = "kk"
    for number in range(1, 6):
        sign_up(client, number, ip="203.0.113.7")

    refused = sign_up(client, 6, ip="203.0.113.7")

    page = refused.content.decode()
    wait = timedelta(seconds=int(refused["Retry-After"]))
    assert 1 <= wait.total_seconds() <= 3600
    with translation.override("kk"):
        try_again = translation.gettext("Try again in %(wait)s.") % {"wait": duration(wait)}
    assert "<h1>Тым көп әрекет</h1>" in page
    assert message_in("kk", "Too many attempts") == "Тым көп әрекет"
    assert try_again in page


# --- Password reset ---------------------------------------------------------------------------


def test_the_fourth_reset_for_one_email_from_different_ips_is_refused_and_sends_nothing(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    UserFactory.create(username="victim", email="victim@example.kz")
    answered = [
        reset(client, "victim@example.kz", ip=f"203.0.113.{number}").status_code
        for number in range(1, 4)
    ]

    refused = reset(client, "Victim@Example.kz", ip="203.0.113.4")

    assert answered == [302, 302, 302]
    assert refused.status_code == 429
    assert emails_to("victim@example.kz") == 3


def test_the_limit_for_one_email_does_not_block_another(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    UserFactory.create(username="victim", email="victim@example.kz")
    UserFactory.create(username="dana", email="dana@example.kz")
    for number in range(1, 5):
        reset(client, "victim@example.kz", ip=f"203.0.113.{number}")

    other = reset(client, "dana@example.kz", ip="203.0.113.5")

    assert other.status_code == 302
    assert emails_to("dana@example.kz") == 1
    assert emails_to("victim@example.kz") == 3


def test_the_sixth_reset_from_one_ip_is_refused_and_sends_nothing(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    for number in range(1, 7):
        UserFactory.create(username=f"user{number}", email=f"user{number}@example.kz")
    answered = [
        reset(client, f"user{number}@example.kz", ip="203.0.113.7").status_code
        for number in range(1, 6)
    ]

    refused = reset(client, "user6@example.kz", ip="203.0.113.7")

    assert answered == [302, 302, 302, 302, 302]
    assert refused.status_code == 429
    assert [emails_to(f"user{number}@example.kz") for number in range(1, 7)] == [1, 1, 1, 1, 1, 0]


def test_the_reset_limit_starts_again_after_the_hour(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    UserFactory.create(username="victim", email="victim@example.kz")
    for number in range(1, 5):
        reset(client, "victim@example.kz", ip=f"203.0.113.{number}")

    frozen.shift(timedelta(hours=1, seconds=1))
    later = reset(client, "victim@example.kz", ip="203.0.113.9")

    assert later.status_code == 302
    assert emails_to("victim@example.kz") == 4


# --- API tokens -------------------------------------------------------------------------------


def test_the_eleventh_token_attempt_for_one_user_is_refused_even_with_the_right_password(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    user = UserFactory.create(username="dana")
    user.set_password(PASSWORD)
    user.save()
    guesses = [
        ask_token(client, "dana", f"guess-{number}", ip=f"203.0.113.{number}").status_code
        for number in range(1, 11)
    ]

    refused = ask_token(client, "dana", PASSWORD, ip="198.51.100.20")

    assert guesses == [400] * 10
    assert refused.status_code == 429
    wait = timedelta(seconds=int(refused["Retry-After"]))
    assert 1 <= wait.total_seconds() <= 3600
    with translation.override("ru"):
        try_again = translation.gettext("Try again in %(wait)s.") % {"wait": duration(wait)}
    assert refused.json() == {
        "detail": "Слишком много попыток получить токен из вашей сети или для этой учётной "
        f"записи. {try_again}"
    }
    assert not ApiToken.objects.filter(user=user).exists()


def test_the_eleventh_token_attempt_from_one_ip_is_refused(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    user = UserFactory.create(username="dana")
    user.set_password(PASSWORD)
    user.save()
    guesses = [
        ask_token(client, f"someone{number}", "guess", ip="203.0.113.7").status_code
        for number in range(1, 11)
    ]

    refused = ask_token(client, "dana", PASSWORD, ip="203.0.113.7")
    elsewhere = ask_token(client, "dana", PASSWORD, ip="198.51.100.20")

    assert guesses == [400] * 10
    assert refused.status_code == 429
    assert elsewhere.status_code == 200
    key = elsewhere.json()["token"]
    assert ApiToken.objects.get(user=user).key_hash == hashlib.sha256(key.encode()).hexdigest()


def test_the_token_limit_starts_again_after_the_hour(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    user = UserFactory.create(username="dana")
    user.set_password(PASSWORD)
    user.save()
    for number in range(1, 12):
        ask_token(client, "dana", "guess", ip=f"203.0.113.{number}")

    frozen.shift(timedelta(hours=1, seconds=1))
    later = ask_token(client, "dana", PASSWORD, ip="203.0.113.1")

    assert later.status_code == 200
    assert ApiToken.objects.filter(user=user).count() == 1


def test_a_json_token_request_is_counted_by_its_username(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    for number in range(1, 11):
        client.post(
            "/api/v1/auth/token/",
            {"username": "dana", "password": "guess"},
            content_type="application/json",
            REMOTE_ADDR=f"203.0.113.{number}",
        )

    refused = client.post(
        "/api/v1/auth/token/",
        ["not", "an", "object"],
        content_type="application/json",
        REMOTE_ADDR="203.0.113.7",
    )
    by_name = client.post(
        "/api/v1/auth/token/",
        {"username": "dana", "password": "guess"},
        content_type="application/json",
        REMOTE_ADDR="198.51.100.20",
    )

    assert refused.status_code == 400
    assert by_name.status_code == 429


# --- Who the client is ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "proxies", "expected"),
    [
        ("203.0.113.7", "", 0, "203.0.113.7"),
        ("172.18.0.5", "198.51.100.20", 0, "172.18.0.5"),  # header not trusted by default
        ("172.18.0.5", "198.51.100.20", 1, "198.51.100.20"),
        ("172.18.0.5", "6.6.6.6, 198.51.100.20", 1, "198.51.100.20"),  # client wrote 6.6.6.6
        ("172.18.0.5", "198.51.100.20, 10.0.0.2", 2, "198.51.100.20"),
        ("172.18.0.5", "", 1, "172.18.0.5"),  # no header: the connection's address
        ("172.18.0.5", "not-an-address", 1, "172.18.0.5"),
        ("", "", 0, ""),
    ],
)
def test_the_client_ip_trusts_x_forwarded_for_only_as_far_as_the_setting_says(
    remote_addr: str, forwarded_for: str, proxies: int, expected: str, settings: Settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("remote_addr", "expected"),
    [
        ("203.0.113.7", "203.0.113.7/32"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
        ("", "unknown"),
    ],
)
def test_a_client_is_counted_by_its_address_or_its_ipv6_network(
    remote_addr: str, expected: str, settings: Settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_network(RequestFactory().get("/", REMOTE_ADDR=remote_addr)) == expected


def test_behind_a_trusted_proxy_each_client_is_counted_apart(
    rate_limit_cache: None,
    frozen: time_machine.Traveller,
    client: Client,
    settings: Settings,
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1

    def through_proxy(number: int, client_address: str) -> int:
        return client.post(
            "/accounts/password-reset/",
            {"email": f"user{number}@example.kz"},
            REMOTE_ADDR="172.18.0.5",
            HTTP_X_FORWARDED_FOR=client_address,
        ).status_code

    first = [through_proxy(number, "203.0.113.7") for number in range(1, 6)]
    refused = through_proxy(6, "6.6.6.6, 203.0.113.7")
    other_client = through_proxy(7, "198.51.100.20")

    assert first == [302, 302, 302, 302, 302]
    assert refused == 429
    assert other_client == 302


def test_an_untrusted_x_forwarded_for_does_not_escape_the_limit(
    rate_limit_cache: None, frozen: time_machine.Traveller, client: Client
) -> None:
    answers = [
        client.post(
            "/accounts/password-reset/",
            {"email": f"user{number}@example.kz"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        ).status_code
        for number in range(1, 7)
    ]

    assert answers == [302, 302, 302, 302, 302, 429]


# --- Faults -----------------------------------------------------------------------------------


def test_with_the_cache_unreachable_sign_up_still_works_and_the_miss_is_logged(
    client: Client, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # Port 1 has no Redis: every count fails to connect.
    settings.CACHES = {
        **settings.CACHES,
        "rate-limit-test": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        },
    }
    settings.RATELIMIT_USE_CACHE = "rate-limit-test"

    with caplog.at_level(logging.WARNING, logger="requests_tracker.accounts.rate_limits"):
        response = sign_up(client, 1, ip="203.0.113.7")

    assert response.status_code == 302
    assert User.objects.filter(username="reporter1").exists()
    assert [record.getMessage() for record in caplog.records] == [
        "Rate limit signup:ip not counted: the cache is unreachable",
        "Rate limit signup:address not counted: the cache is unreachable",
    ]
