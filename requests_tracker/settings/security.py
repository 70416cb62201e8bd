"""Protections: login lockout (django-axes), rate limits, HTTPS and cookie flags, the CSP."""

from datetime import timedelta

from csp.constants import NONE, SELF

from requests_tracker.settings.base import DEBUG, env
from requests_tracker.settings.database import REDIS_URL

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
# Axes logs its version banner in every process that starts Django (each manage.py command, web,
# worker, beat) when verbose; `dev.py run` turns it on for its web process only.
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)

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
