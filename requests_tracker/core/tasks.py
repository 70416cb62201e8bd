"""Periodic housekeeping tasks run by beat."""

import socket

from celery import shared_task
from django.core import management
from django.utils import timezone

from requests_tracker.core.idempotency import prune_keys
from requests_tracker.core.services import record_heartbeat


@shared_task
def record_heartbeat_task() -> None:
    """Record that a worker executed a beat-scheduled task."""
    record_heartbeat(hostname=socket.gethostname())


@shared_task
def clear_expired_sessions_task() -> None:
    """Delete expired sessions; running it twice is harmless."""
    management.call_command("clearsessions")


@shared_task
def prune_idempotency_keys_task() -> None:
    """Forget the answers of actions done more than two days ago."""
    prune_keys(now=timezone.now())
