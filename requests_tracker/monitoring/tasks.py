"""The sweeps scheduled by beat (the deadlines, the windows to complain, the registration chase):
each a coordinator that plans, and batch tasks on the sweep's queue that any worker takes."""

from datetime import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from requests_tracker.core.outbox import enqueue_each_quietly
from requests_tracker.monitoring.registration_chase import (
    chase_registration_batch,
    plan_registration_chases,
)
from requests_tracker.monitoring.sweep import (
    SweepReport,
    WindowReport,
    plan_appeal_windows,
    plan_sweep,
    sweep_batch,
    sweep_window_batch,
)


@shared_task(acks_late=True)
def sweep_deadlines_task() -> dict[str, int]:
    """Plan what is due now and queue one batch task a batch, and the registration chase.

    Beat runs it every few minutes. It writes nothing: a doubled run queues batches that find
    their rows done, a missed one leaves them due for the next, and a batch that could not be
    queued (the broker went away) is planned again then.
    """
    now = timezone.now()
    batches = plan_sweep(now=now, batch_size=settings.DEADLINE_SWEEP_BATCH_SIZE)
    queued = enqueue_each_quietly(
        sweep_deadline_batch_task,
        [(now.isoformat(), batch.deadline_ids, batch.parts) for batch in batches],
    )
    chase = enqueue_each_quietly(chase_registrations_task, [(now.isoformat(),)])
    return {
        "batches": len(batches),
        "queued": queued,
        "deadlines": sum(len(batch.deadline_ids) for batch in batches),
        "registration_chase_queued": chase,
    }


@shared_task(acks_late=True)
def sweep_deadline_batch_task(
    now: str, deadline_ids: list[int], parts: list[str]
) -> dict[str, int]:
    """One planned batch: its deadlines still due, as of the plan's moment; safe to run twice."""
    report = sweep_batch(
        now=datetime.fromisoformat(now),
        deadline_ids=deadline_ids,
        parts=parts,
        report=SweepReport(),
    )
    return {
        "reminders": report.reminders,
        "due_today": report.due_today,
        "passed": report.passed,
        "replies_to_classify": report.replies_to_classify,
        "findings": report.findings,
        "alerts": len(report.alerts),
    }


@shared_task(acks_late=True)
def chase_registrations_task(now: str) -> dict[str, int]:
    """Plan the submissions awaiting their registration and queue one batch task a batch.

    Queued by the deadline sweep's coordinator with its moment. It writes nothing: a doubled
    run queues batches that find their rows chased, a missed one leaves them for the next.
    """
    batches = plan_registration_chases(batch_size=settings.DEADLINE_SWEEP_BATCH_SIZE)
    queued = enqueue_each_quietly(
        chase_registration_batch_task, [(now, event_ids) for event_ids in batches]
    )
    return {
        "batches": len(batches),
        "queued": queued,
        "submissions": sum(len(event_ids) for event_ids in batches),
    }


@shared_task(acks_late=True)
def chase_registration_batch_task(now: str, event_ids: list[int]) -> dict[str, int]:
    """Submissions of one batch with no registration recorded in time: one alert each, as of
    the plan's moment; safe to run twice."""
    alerts = chase_registration_batch(now=datetime.fromisoformat(now), event_ids=event_ids)
    return {"registration_chases": len(alerts)}


@shared_task(acks_late=True)
def sweep_appeal_windows_task() -> dict[str, int]:
    """Plan the requesters' windows to open, remind and close now; queue one batch task a batch.

    Beat runs it every hour. It writes nothing, so a doubled or missed run is harmless.
    """
    now = timezone.now()
    batches = plan_appeal_windows(now=now, batch_size=settings.DEADLINE_SWEEP_BATCH_SIZE)
    queued = enqueue_each_quietly(
        sweep_appeal_window_batch_task,
        [(now.isoformat(), batch.deadline_ids, batch.parts) for batch in batches],
    )
    return {
        "batches": len(batches),
        "queued": queued,
        "deadlines": sum(len(batch.deadline_ids) for batch in batches),
    }


@shared_task(acks_late=True)
def sweep_appeal_window_batch_task(
    now: str, deadline_ids: list[int], parts: list[str]
) -> dict[str, int]:
    """One planned batch of windows to open, remind and close, as of the plan's moment; safe to
    run twice."""
    report = sweep_window_batch(
        now=datetime.fromisoformat(now),
        deadline_ids=deadline_ids,
        parts=parts,
        report=WindowReport(),
    )
    return {
        "opened": report.opened,
        "reminded": report.reminded,
        "closed": report.closed,
        "alerts": len(report.alerts),
    }
