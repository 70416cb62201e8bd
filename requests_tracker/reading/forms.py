"""The record form of a suggestion: the event form of its kind, pre-filled with what was read."""

from datetime import date, datetime, time
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.forms import EVENT_FORMS, EventForm
from requests_tracker.information_requests.status import EventKind
from requests_tracker.reading.models import Suggestion

MOMENT = "%Y-%m-%dT%H:%M"
LAST = ("occurred_at", "note")


def prefix_of(suggestion: Suggestion) -> str:
    """Apart from the record forms of the same page, whose prefix is the kind."""
    return f"suggestion-{suggestion.pk}"


def suggested_moment(suggestion: Suggestion) -> datetime:
    """When the event happened, as far as the reply says: the day the body registered the
    request (the end of that day, or the reply's own moment when that came first), else the
    moment the reply was sent."""
    received = timezone.localtime(suggestion.event.occurred_at)
    registered_on = suggestion.values.get("registered_on")
    if suggestion.kind != EventKind.REGISTERED or not registered_on:
        return received
    try:
        day = date.fromisoformat(registered_on)
    except ValueError:
        return received
    end_of_day = timezone.make_aware(datetime.combine(day, time(23, 59)))
    return min(end_of_day, received)


def initial_of(suggestion: Suggestion) -> dict[str, Any]:
    values = suggestion.values
    initial: dict[str, Any] = {
        "occurred_at": timezone.localtime(suggested_moment(suggestion)).strftime(MOMENT)
    }
    if suggestion.kind == EventKind.REGISTERED:
        initial["registration_number"] = values.get("registration_number", "")
    elif suggestion.kind == EventKind.EXTENDED:
        initial["new_due_date"] = values.get("new_due_date", "")
    elif suggestion.kind == EventKind.FORWARDED and values.get("to_body"):
        initial["to_body"] = PublicBody.objects.filter(slug=values["to_body"]).first()
    elif suggestion.kind == EventKind.REFUSED:
        initial["ground"] = values.get("ground", "")
    return initial


def suggested_form(
    suggestion: Suggestion,
    data: QueryDict | None = None,
    files: MultiValueDict[str, UploadedFile] | None = None,
) -> EventForm:
    """The event form of the suggestion's kind: pre-filled, or bound to what was posted; the
    values read come first, and no evidence field (the reply's files are already kept)."""
    form_class = EVENT_FORMS[EventKind(suggestion.kind)]
    form = form_class(data, files, prefix=prefix_of(suggestion), initial=initial_of(suggestion))
    del form.fields["evidence"]
    form.order_fields([*(name for name in form.fields if name not in LAST), *LAST])
    return form
