"""iCalendar feeds: each user's legal deadlines, for any calendar app to subscribe to.

The feed's address holds a random token and needs no login, because calendar apps cannot log in:
whoever has the address sees the user's deadlines, so the token is the secret.
"""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet

from requests_tracker.accounts.models import User
from requests_tracker.core.i18n import localized
from requests_tracker.information_requests.models import CalendarFeed, Deadline, DeadlineState

if TYPE_CHECKING:
    from icalendar import Event

# Running and paused deadlines may still be met; a passed one stays in the calendar as a record.
FEED_DEADLINE_STATES = (DeadlineState.RUNNING, DeadlineState.PAUSED, DeadlineState.PASSED)
PRODUCT_ID = "-//requests-tracker//deadlines//EN"


def calendar_feed_for(user: User) -> CalendarFeed:
    """The user's feed, created with a fresh token on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def feed_deadlines(feed: CalendarFeed) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        information_request__requester_id=feed.user_id,
        state__in=FEED_DEADLINE_STATES,
        is_legal_deadline=True,
    ).select_related("information_request__public_body", "legal_rule")


def render_calendar(feed: CalendarFeed) -> bytes:
    """The feed as an iCalendar document: one all-day event per legal deadline, with an alarm
    one day before."""
    # icalendar is imported where a feed is rendered, not at start-up, which every page and
    # worker would pay for nothing (tests/core/test_startup_imports.py).
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Information request deadlines")
    for deadline in feed_deadlines(feed):
        calendar.add_component(_event(deadline))
    return calendar.to_ical()


def _event(deadline: Deadline) -> "Event":
    from icalendar import Alarm, Event

    information_request = deadline.information_request
    body_name = localized(information_request.public_body, "name", information_request.language)
    url = f"{settings.SITE_URL.rstrip('/')}/requests/{information_request.pk}/"
    event = Event()
    event.add("uid", f"deadline-{deadline.pk}@requests-tracker")
    event.add("dtstamp", deadline.computed_at)
    event.add("dtstart", deadline.due_date)  # a date: an all-day event (VALUE=DATE)
    event.add("summary", f"Due: {information_request.subject} — {body_name}")
    event.add("description", f"Rule {deadline.legal_rule.rule_id}\n{url}")
    event.add("url", url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Due tomorrow: {information_request.subject}")
    alarm.add("trigger", timedelta(days=-1))
    event.add_component(alarm)
    return event
