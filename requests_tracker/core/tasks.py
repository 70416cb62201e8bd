"""Periodic housekeeping tasks run by beat."""

import socket

from celery import shared_task
from django.core import management

from requests_tracker.core.services import record_heartbeat


@shared_task
def record_heartbeat_task() -> None:
    """Record that a worker executed a beat-scheduled task."""
    record_heartbeat(hostname=socket.gethostname())


@shared_task
def clear_expired_sessions_task() -> None:
    """Delete expired sessions; running it twice is harmless."""
    management.call_command("clearsessions")
