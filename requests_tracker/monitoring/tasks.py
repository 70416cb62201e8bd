"""The deadline sweep, scheduled by beat."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from requests_tracker.monitoring.registration_chase import sweep_registration_chases
from requests_tracker.monitoring.sweep import sweep_appeal_windows, sweep_deadlines


@shared_task(acks_late=True)
def sweep_deadlines_task() -> dict[str, int]:
    """Reminders, due-day alerts, passed deadlines and findings due now; safe to run twice."""
    report = sweep_deadlines(now=timezone.now(), batch_size=settings.DEADLINE_SWEEP_BATCH_SIZE)
    return {
        "reminders": report.reminders,
        "due_today": report.due_today,
        "passed": report.passed,
        "findings": report.findings,
        "alerts": len(report.alerts),
        # Submissions with no registration recorded in time: one alert each.
        "registration_chases": len(
            sweep_registration_chases(
                now=timezone.now(), batch_size=settings.DEADLINE_SWEEP_BATCH_SIZE
            )
        ),
    }


@shared_task(acks_late=True)
def sweep_appeal_windows_task() -> dict[str, int]:
    """Open, remind and close the requesters' windows to complain; safe to run twice."""
    report = sweep_appeal_windows(now=timezone.now(), batch_size=settings.DEADLINE_SWEEP_BATCH_SIZE)
    return {"opened": report.opened, "reminded": report.reminded, "closed": report.closed}
