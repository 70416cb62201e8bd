"""The project itself: where it lives, its secret, apps, middleware, templates, languages, files.

Every deploy-specific value comes from the environment (django-environ); `.env.example` explains
each variable. The other modules of this package read ``env`` and the folders from here.
"""

from pathlib import Path

import django_stubs_ext
import environ
from django.utils.translation import gettext_lazy as _

# Lets admin and DRF generics be subscripted at run time, as the type stubs describe them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# The local .env (`dev.py run` writes one with DEBUG on and a secret of its own; the Docker image
# holds none). TRACKER_ENV_FILE names another file, or none when empty (the test suite). A variable
# already set in the environment wins over the file.
ENV_FILE = env.str("TRACKER_ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    env.read_env(ENV_FILE)
VAR_DIR = Path(env.str("TRACKER_VAR_DIR", default=str(BASE_DIR / "var")))

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
    "requests_tracker.following",
    "requests_tracker.search",
    "requests_tracker.reading",
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
# List pages (the dashboard, published requests, the dataset): rows per page, and how many rows a
# page counts exactly before it says "more than" (counting further would read every row).
LIST_PAGE_SIZE = env.int("LIST_PAGE_SIZE", default=50)
LIST_COUNT_LIMIT = env.int("LIST_COUNT_LIMIT", default=10_000)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # fontTools logs every font subset of every PDF at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}
