"""Services of the shared kernel."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from requests_tracker.core.models import Heartbeat


@transaction.atomic
def record_heartbeat(*, hostname: str) -> Heartbeat:
    """Touch this worker's heartbeat row; the count only grows."""
    now = timezone.now()
    heartbeat, created = Heartbeat.objects.get_or_create(
        hostname=hostname, defaults={"last_beat_at": now, "beats": 1}
    )
    if not created:
        Heartbeat.objects.filter(pk=heartbeat.pk).update(last_beat_at=now, beats=F("beats") + 1)
        heartbeat.refresh_from_db()
    return heartbeat
