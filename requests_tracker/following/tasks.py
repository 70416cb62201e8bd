"""The followers' news and emails in the worker: the fast path after a commit, beat's sweeps.

No Celery retries: each step is recorded in the database (announcements, email rows with their
next attempt) and beat's sweeps pick up whatever a lost message or a failure left.
"""

from celery import shared_task
from django.utils import timezone

from requests_tracker.core.outbox import enqueue_each_quietly
from requests_tracker.following.news import gather_news
from requests_tracker.following.sending import send_due_notices, send_notice


@shared_task(acks_late=True)
def gather_request_news_task(information_request_id: int) -> None:
    """The news of one request just committed (published, an event): found and its emails sent."""
    queue_notices(gather_news(now=timezone.now(), request_ids=[information_request_id]))


@shared_task(acks_late=True)
def gather_follow_news_task() -> None:
    """Beat, every minute: whatever news the fast path missed, and its emails."""
    queue_notices(gather_news(now=timezone.now()))


@shared_task(acks_late=True)
def send_follow_notice_task(notice_id: int) -> None:
    """Send one email if due; a redelivered or repeated task sends nothing twice."""
    send_notice(notice_id=notice_id)


@shared_task(acks_late=True)
def send_follow_notices_task(notice_ids: list[int]) -> None:
    """Fan a batch out into one send task per email, for the worker's processes to share."""
    enqueue_each_quietly(send_follow_notice_task, [(notice_id,) for notice_id in notice_ids])


@shared_task(acks_late=True)
def send_due_follow_notices_task() -> None:
    """Beat, every minute: every email whose next attempt has come."""
    send_due_notices(now=timezone.now())


def queue_notices(notice_ids: list[int]) -> None:
    if notice_ids:
        enqueue_each_quietly(send_follow_notice_task, [(pk,) for pk in notice_ids])
