"""Settings for every deployment: ``DJANGO_SETTINGS_MODULE=requests_tracker.settings``.

Deploy-specific values come from the environment (django-environ); `.env.example` documents each
variable. Without any variable set, the tracker runs on the embedded default: a SQLite file and a
filesystem Celery broker under ``var/``, mail printed to the console.

One module a topic; each imports the values of another that it reads:

- ``base``: folders, the secret, apps, middleware, templates, languages, static and media files;
- ``database``: the database, Redis and the cache;
- ``security``: login lockout, rate limits, HTTPS and cookies, the Content-Security-Policy;
- ``workers``: Celery, its broker and the beat schedule;
- ``mail``: outgoing and incoming email, the outbox's retries;
- ``api``: the REST API and its schema.
"""

from requests_tracker.settings.api import *  # noqa: F403
from requests_tracker.settings.base import *  # noqa: F403
from requests_tracker.settings.database import *  # noqa: F403
from requests_tracker.settings.mail import *  # noqa: F403
from requests_tracker.settings.security import *  # noqa: F403
from requests_tracker.settings.workers import *  # noqa: F403
