"""Settings for the test suite: the project's settings, with the few values tests must fix.

Everything else (DATABASE_URL, REDIS_URL) still comes from the environment, so the same suite runs
on SQLite and the embedded broker, or on PostgreSQL and Redis.
"""

import os
from pathlib import Path

# The suite reads no local .env: a developer's (`dev.py run` writes one) must not change a test.
os.environ.setdefault("TRACKER_ENV_FILE", "")
# Tests talk plain HTTP to the test client and need no real secret.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# `client.login()` calls authenticate() without a request, which django-axes refuses; the lockout
# tests turn axes back on with the `settings` fixture and log in through the real login view.
os.environ.setdefault("AXES_ENABLED", "false")

from requests_tracker.settings import *  # noqa: F403
from requests_tracker.settings import (
    CELERY_BROKER_TRANSPORT_OPTIONS,
    CELERY_BROKER_URL,
    REDIS_URL,
    SILENCED_SYSTEM_CHECKS,
    VAR_DIR,
)
from tests.redis_keys import broker_transport_options, choose_run_prefix, run_redis_url

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker that a fault test starts sends to that test's own SMTP server (EMAIL_URL pointing at
# 127.0.0.1); any other EMAIL_URL in the environment is ignored, so tests never send real mail.
if os.environ.get("EMAIL_URL", "").startswith("smtp://127.0.0.1:"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# A test that moves the media root elsewhere hands it to the worker it starts (tests/workers.py).
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT") or VAR_DIR / "test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Redis: the run's own database (TEST_REDIS_URL, else REDIS_URL's) and a key prefix of the run's
# own (tests/redis_keys.py), inherited by the workers tests start: the run writes no other key.
_prefix = choose_run_prefix()
if REDIS_URL:
    CACHES = {
        **CACHES,  # noqa: F405
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": run_redis_url(),
            "KEY_PREFIX": _prefix,
        },
    }
    if CELERY_BROKER_URL == REDIS_URL:  # no broker of its own given: the run's database
        CELERY_BROKER_URL = run_redis_url()
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        **broker_transport_options(),
    }
# The rate limits count in memory of the test process, never in a shared Redis: the autouse
# fixture in tests/conftest.py empties this cache (and only this one) before every test.
CACHES = {
    **CACHES,
    "rate-limits": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rate-limits-tests",
    },
}
# A cache of one process is whole for the test run (django-ratelimit warns of it for deployments).
if "django_ratelimit.E003" not in SILENCED_SYSTEM_CHECKS:
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]
