"""Celery: the broker, how tasks run, and the beat schedule with each cron spelled out."""

from pathlib import Path

from celery.schedules import crontab
from kombu import Exchange, Queue

from requests_tracker.settings.base import VAR_DIR, env
from requests_tracker.settings.database import REDIS_URL

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://localhost//")
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
# Four queues; a worker started without -Q consumes all of them (dev.py's single worker, the
# tests), and docker-compose.yml runs one worker for "celery" and "sweep", one for "pdf" and one
# for "ocr".
# - "sweep": the tasks of the sweeps (the deadlines, the windows to complain, the registration
#   chase), so that their batches do not wait behind the thousands of alert sends a sweep queues
#   (nor those sends behind its batches).
# - "pdf": the emails to bodies, because building one renders its letter as a PDF (a CPU-heavy
#   step: a collective appeal queues one per addressee), so that PDFs never hold up the fan-out,
#   the sweep or the alerts.
# - "ocr": reading the text of the files bodies send (Tesseract takes seconds per scanned page),
#   so that a batch of scans never delays an alert or a sweep.
# - "celery": everything else.
CELERY_TASK_DEFAULT_QUEUE = "celery"
SWEEP_QUEUE = "sweep"
PDF_QUEUE = "pdf"
OCR_QUEUE = "ocr"
CELERY_TASK_QUEUES = tuple(
    Queue(name, Exchange(name), routing_key=name)
    for name in (CELERY_TASK_DEFAULT_QUEUE, SWEEP_QUEUE, PDF_QUEUE, OCR_QUEUE)
)
CELERY_TASK_ROUTES = {
    "requests_tracker.monitoring.tasks.sweep_deadlines_task": {"queue": SWEEP_QUEUE},
    "requests_tracker.monitoring.tasks.sweep_deadline_batch_task": {"queue": SWEEP_QUEUE},
    "requests_tracker.monitoring.tasks.chase_registrations_task": {"queue": SWEEP_QUEUE},
    "requests_tracker.monitoring.tasks.chase_registration_batch_task": {"queue": SWEEP_QUEUE},
    "requests_tracker.monitoring.tasks.sweep_appeal_windows_task": {"queue": SWEEP_QUEUE},
    "requests_tracker.monitoring.tasks.sweep_appeal_window_batch_task": {"queue": SWEEP_QUEUE},
    "requests_tracker.mail.tasks.send_request_email_task": {"queue": PDF_QUEUE},
    "requests_tracker.mail.tasks.send_due_request_emails_task": {"queue": PDF_QUEUE},
    "requests_tracker.reading.tasks.read_event_task": {"queue": OCR_QUEUE},
    "requests_tracker.reading.tasks.read_lost_files_task": {"queue": OCR_QUEUE},
}
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
    # Following (following/news.py): the public news the fast path missed, and the emails to
    # followers whose next attempt has come, from the database.
    "gather-follow-news": {
        "task": "requests_tracker.following.tasks.gather_follow_news_task",
        # Every minute.
        "schedule": crontab(
            minute="*", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"
        ),
    },
    "send-due-follow-notices": {
        "task": "requests_tracker.following.tasks.send_due_follow_notices_task",
        # Every minute (or every OUTBOX_SWEEP_SECONDS seconds when set).
        "schedule": OUTBOX_SWEEP_SECONDS
        or crontab(minute="*", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"),
    },
    # Search (search/indexing.py): documents for the requests created in bulk, without a
    # signal (a collective appeal's fan-out).
    "index-missing-search-documents": {
        "task": "requests_tracker.search.tasks.index_missing_documents_task",
        # Every ten minutes.
        "schedule": crontab(
            minute="*/10", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"
        ),
    },
    # Reading (reading/pipeline.py): the files whose reading was lost (a broker outage, a worker
    # killed), queued again, so that no file stays unread.
    "read-lost-files": {
        "task": "requests_tracker.reading.tasks.read_lost_files_task",
        # Every ten minutes, at minutes 5, 15, 25... (apart from the search's catch-up).
        "schedule": crontab(
            minute="5-59/10", hour="*", day_of_week="*", day_of_month="*", month_of_year="*"
        ),
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
