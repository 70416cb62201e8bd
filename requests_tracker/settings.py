"""Settings for every deployment. Deploy-specific values come from the environment (django-environ).

`.env.example` documents each variable. Without any variable set, the tracker runs on the embedded
default: a SQLite file and a filesystem Celery broker under ``var/``, mail printed to the console.
"""

import os
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

# Lets admin and DRF generics be subscripted at run time, as the type stubs describe them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("TRACKER_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# A secret never has a default in production: without DEBUG, start-up fails unless it is set.
SECRET_KEY = (
    env.str("DJANGO_SECRET_KEY")
    if not DEBUG
    else env.str("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "requests_tracker.core",
    "requests_tracker.accounts",
    "requests_tracker.laws",
    "requests_tracker.bodies",
    "requests_tracker.information_requests",
    "requests_tracker.monitoring",
    "requests_tracker.notifications",
    "requests_tracker.correspondence",
    "requests_tracker.mail",
    "requests_tracker.collective",
    "requests_tracker.web",
    "axes",
    "csp",
    "django_ratelimit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that every response (the lockout page and redirects too) carries the policy.
    "csp.middleware.CSPMiddleware",
    "requests_tracker.core.middleware.RefuseNonTextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a flagged login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "requests_tracker.urls"
WSGI_APPLICATION = "requests_tracker.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
# The axes backend only refuses locked-out attempts; ModelBackend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Brute-force protection (django-axes) -----------------------------------------------------
# Off only in the test suite, where `client.login()` authenticates without a request.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Failed logins for one username from one address before that pair is locked out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=env.float("AXES_COOLOFF_TIME", default=1))
AXES_RESET_ON_SUCCESS = True
# Username and address together: a guesser elsewhere cannot lock the owner out of their account.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "requests_tracker.accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tracker.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The local run shares the file between the web server, the worker and beat: WAL lets readers
    # and one writer work at once, and IMMEDIATE transactions wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # Tests use a file, not memory, so that a real Celery worker process can share the database;
    # one per test run, so that two runs at once on one checkout do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test_tracker_{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    # A persistent connection is checked before each request reuses it: one dropped by a database
    # restart or a proxy is replaced, instead of failing the first request on every worker.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        # The rate limits' counters, shared by every web process (see RATE_LIMITS).
        "rate-limits": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rate-limits",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "rate-limits": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rate-limits",
        },
    }

# --- Rate limits (requests_tracker/accounts/rate_limits.py, counted by django-ratelimit) -------
# Attempts per client IP ("ip") and per email or username typed ("address"), as "count/period"
# (s, m, h or d; "5/h" is five an hour). Every attempt counts; the next one gets a 429 page (or
# JSON for the API) and changes nothing until the window has passed.
RATE_LIMITS = {
    "signup": {
        "ip": env.str("RATE_LIMIT_SIGNUP_PER_IP", default="5/h"),
        "address": env.str("RATE_LIMIT_SIGNUP_PER_EMAIL", default="3/h"),
    },
    "password_reset": {
        "ip": env.str("RATE_LIMIT_PASSWORD_RESET_PER_IP", default="5/h"),
        "address": env.str("RATE_LIMIT_PASSWORD_RESET_PER_EMAIL", default="3/h"),
    },
    "token": {
        "ip": env.str("RATE_LIMIT_TOKEN_PER_IP", default="10/h"),
        "address": env.str("RATE_LIMIT_TOKEN_PER_USER", default="10/h"),
    },
}
RATELIMIT_USE_CACHE = "rate-limits"
RATELIMIT_CACHE_PREFIX = "rl:"
# How many reverse proxies in front of the app append the client's address to X-Forwarded-For.
# 0 (the default): the header is ignored and the client is REMOTE_ADDR, because any client can
# send the header. Set 1 behind one proxy (e.g. nginx in front of docker compose's web service)
# that sets X-Forwarded-For; never more than really are there.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# django-ratelimit does not list Django's own RedisCache, which does increment atomically.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL:
    # The local run (SQLite, no Redis) counts in process memory: one runserver process, so the
    # count is whole. Any deployment with several processes sets REDIS_URL.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker: messages are files in one folder, read by the worker. No server needed.
    _broker_dir = Path(env.str("CELERY_FILESYSTEM_BROKER_DIR", default=str(VAR_DIR / "broker")))
    (_broker_dir / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # Longer than any task's time limit, so an unacknowledged task is not redelivered while it runs.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TIMEZONE = "Asia/Almaty"
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How often beat asks the worker to record a heartbeat, proving both run (seconds).
HEARTBEAT_INTERVAL_SECONDS = env.int("HEARTBEAT_INTERVAL_SECONDS", default=60)
# How often beat runs the deadline sweep (minutes, a divisor of 60).
DEADLINE_SWEEP_MINUTES = env.int("DEADLINE_SWEEP_MINUTES", default=5)
# How many working days before a requester's window to complain closes they are reminded.
APPEAL_WINDOW_REMINDER_WORKING_DAYS = env.int("APPEAL_WINDOW_REMINDER_WORKING_DAYS", default=10)
# Minutes during which a scheduled collective appeal can still be cancelled.
COLLECTIVE_UNDO_MINUTES = env.int("COLLECTIVE_UNDO_MINUTES", default=10)
# Addressees a collective appeal's fan-out turns into requests in one transaction.
COLLECTIVE_FANOUT_BATCH_SIZE = env.int("COLLECTIVE_FANOUT_BATCH_SIZE", default=100)
# Deadlines the sweep takes in one transaction.
DEADLINE_SWEEP_BATCH_SIZE = env.int("DEADLINE_SWEEP_BATCH_SIZE", default=1000)
# How often beat runs the outbox's sweep, in seconds; unset (0), every minute. The fault tests
# set it to a second.
OUTBOX_SWEEP_SECONDS = env.int("OUTBOX_SWEEP_SECONDS", default=0)
CELERY_BEAT_SCHEDULE = {
    "record-heartbeat": {
        "task": "requests_tracker.core.tasks.record_heartbeat_task",
        "schedule": HEARTBEAT_INTERVAL_SECONDS,
    },
    "sweep-deadlines": {
        "task": "requests_tracker.monitoring.tasks.sweep_deadlines_task",
        # Every DEADLINE_SWEEP_MINUTES minutes (default 5): minute */5 of every hour, every day.
        "schedule": crontab(
            minute=f"*/{DEADLINE_SWEEP_MINUTES}",
            hour="*",
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
        ),
    },
    "sweep-appeal-windows": {
        "task": "requests_tracker.monitoring.tasks.sweep_appeal_windows_task",
        # At minute 20 of every hour.
        "schedule": crontab(
            minute="20", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"
        ),
    },
    "fan-out-collective-appeals": {
        "task": "requests_tracker.collective.tasks.fan_out_due_appeals_task",
        # Every minute: starts the appeals whose undo window closed, resumes interrupted ones.
        "schedule": crontab(
            minute="*", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"
        ),
    },
    # The outbox (core/outbox.py): every email and alert whose next attempt has come, from the
    # database, so that a broker or SMTP outage delays them, never loses them.
    "send-due-request-emails": {
        "task": "requests_tracker.mail.tasks.send_due_request_emails_task",
        # Every minute (or every OUTBOX_SWEEP_SECONDS seconds when set).
        "schedule": OUTBOX_SWEEP_SECONDS
        or crontab(minute="*", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"),
    },
    "send-due-alerts": {
        "task": "requests_tracker.notifications.tasks.send_due_alerts_task",
        # Every minute (or every OUTBOX_SWEEP_SECONDS seconds when set).
        "schedule": OUTBOX_SWEEP_SECONDS
        or crontab(minute="*", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"),
    },
    "prune-idempotency-keys": {
        "task": "requests_tracker.core.tasks.prune_idempotency_keys_task",
        # 03:45 Asia/Almaty every day.
        "schedule": crontab(
            minute="45", hour="3", day_of_week="*", day_of_month="*", month_of_year="*"
        ),
    },
    "clear-expired-sessions": {
        "task": "requests_tracker.core.tasks.clear_expired_sessions_task",
        # 03:15 Asia/Almaty every day.
        "schedule": crontab(
            minute="15", hour="3", day_of_week="*", day_of_month="*", month_of_year="*"
        ),
    },
}

# --- Email ------------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tracker@localhost")
# Replies from bodies come to <REPLY_PREFIX>+<request id>-<code>@<REPLY_DOMAIN>; the code is a keyed
# hash of the id (with SECRET_KEY), so an address cannot be guessed.
REPLY_PREFIX = env.str("REPLY_PREFIX", default="reply")
REPLY_DOMAIN = env.str("REPLY_DOMAIN", default="localhost")
# Inbound email webhooks (django-anymail): the provider and its signing secret.
ANYMAIL = {
    "MAILGUN_WEBHOOK_SIGNING_KEY": env.str("MAILGUN_WEBHOOK_SIGNING_KEY", default=""),
}
# A signed webhook is accepted only this close to its timestamp (seconds, either way); each token
# is accepted once, and tokens are kept this long.
MAILGUN_WEBHOOK_MAX_AGE_SECONDS = env.int("MAILGUN_WEBHOOK_MAX_AGE_SECONDS", default=300)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The outbox retries a failed email after 1, 2, 4 ... minutes, then every hour, until it is sent or
# a person gives up (requests_tracker/core/retry.py).
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=3600)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="ru")
LANGUAGES = [("ru", _("Russian")), ("kk", _("Kazakh")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Almaty")
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
MEDIA_URL = "media/"
# The largest evidence file accepted (bytes); uploads are read into memory up to this size.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = EVIDENCE_MAX_BYTES + 1_000_000
FILE_UPLOAD_MAX_MEMORY_SIZE = EVIDENCE_MAX_BYTES + 1_000_000
# A body's public figures are shown once it has at least this many published requests.
PUBLIC_BODY_MIN_REQUESTS = env.int("PUBLIC_BODY_MIN_REQUESTS", default=5)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security (production defaults: `manage.py check --deploy` is clean with DEBUG off) ---
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp) on every response: scripts and styles only from our own
# static files, so an injected <script>, on*= handler or style attribute does not run. No
# template has inline script or style (tests/web/test_csp.py reads them all); the API docs page
# gets its start-up script as a file (SpectacularSwaggerSplitView) and its styles from static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an unauthenticated call gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "requests_tracker.core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Access-to-information request tracker API",
    "DESCRIPTION": "Public bodies, laws and their deadline rules, working-day calendars, requests.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LetterKindEnum": "requests_tracker.correspondence.models.LETTER_KIND_CHOICES",
        "BodyKindEnum": "requests_tracker.bodies.models.BodyKind",
        "RegionKindEnum": "requests_tracker.bodies.models.RegionKind",
        "LanguageEnum": "letters.contexts.LANGUAGES",
        "AppealStateEnum": "requests_tracker.collective.models.AppealState",
        "AddresseeStateEnum": "requests_tracker.collective.selectors.AddresseeState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # fontTools logs every font subset of every PDF at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}
