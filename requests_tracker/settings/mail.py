"""Outgoing email (SMTP from EMAIL_URL), reply addresses, inbound webhooks, the outbox's retries."""

from requests_tracker.settings.base import env

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
