"""The card of a reply's open suggestion, in "Replies to classify" on the request page."""

from datetime import date
from typing import Any

from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from requests_tracker.information_requests.models import EvidenceFile, TimelineEvent
from requests_tracker.information_requests.status import EventKind
from requests_tracker.reading.detection import ground_label
from requests_tracker.reading.forms import suggested_form
from requests_tracker.reading.models import Suggestion, SuggestionState
from requests_tracker.reading.suggestions import is_stale

register = template.Library()

# "It looks like ...": what each suggested event is, in a sentence.
LOOKS_LIKE = {
    EventKind.REGISTERED: _("a registration"),
    EventKind.EXTENDED: _("an extension of the period"),
    EventKind.FORWARDED: _("a forwarding to another body"),
    EventKind.CLARIFICATION_REQUESTED: _("a request for clarification"),
    EventKind.ANSWERED: _("an answer in full"),
    EventKind.PARTIALLY_ANSWERED: _("an answer in part"),
    EventKind.REFUSED: _("a refusal"),
}

VALUE_LABELS = {
    "kind": _("The sentence that says so"),
    "registration_number": _("Registration number"),
    "registered_on": _("Registration date"),
    "new_due_date": _("New date set by the body"),
    "to_body_name": _("Forwarded to"),
    "ground": _("Ground cited"),
}


# Values that are days, stored as ISO and shown as the pages show a day.
DATES = ("registered_on", "new_due_date")


def ground_named(values: dict[str, Any]) -> str:
    """The grounds in the page's language (``rules/grounds.yaml``), with the letter's words
    when they differ."""
    language = (translation.get_language() or "ru")[:2]
    names = [
        label for code in values.get("ground_codes", ()) if (label := ground_label(code, language))
    ]
    cited = values.get("ground", "")
    if not names:
        return str(cited)
    shown = ", ".join(names)
    return shown if cited in ("", shown) else f"{shown} ({cited})"


def highlighted(source: dict[str, Any], file_names: dict[int, str]) -> dict[str, Any]:
    """A sentence cut around its match, so the template marks the match and escapes all."""
    sentence, start, end = source["sentence"], source["start"], source["end"]
    file_id = source.get("file")
    return {
        "where": file_names.get(file_id, "") if file_id is not None else "",
        "before": sentence[:start],
        "match": sentence[start:end],
        "after": sentence[end:],
    }


def shown_values(suggestion: Suggestion) -> list[dict[str, Any]]:
    file_names = dict(
        EvidenceFile.objects.filter(event=suggestion.event).values_list("id", "original_name")
    )
    rows = []
    for name, label in VALUE_LABELS.items():
        sources = suggestion.sources.get(name, [])
        if name == "ground":
            value = ground_named(suggestion.values) if "ground" in suggestion.values else ""
        elif name in DATES and suggestion.values.get(name):
            value = date.fromisoformat(suggestion.values[name]).strftime("%d.%m.%Y")
        else:
            value = str(suggestion.values.get(name, ""))
        if not value and not sources:
            continue
        rows.append(
            {
                "name": name,
                "label": label,
                "value": value,
                "sources": [highlighted(source, file_names) for source in sources],
            }
        )
    return rows


@register.inclusion_tag("reading/suggestion.html", takes_context=True)
def reply_suggestion(context: template.Context, event: TimelineEvent) -> dict[str, Any]:
    """The open suggestion of ``event``, if any: what was read, where, and its pre-filled form
    for those who may change the request."""
    suggestion = (
        Suggestion.objects.filter(event=event, state=SuggestionState.OPEN)
        .select_related("event")
        .first()
    )
    if suggestion is None:
        return {"suggestion": None}
    information_request = context["information_request"]
    kind = EventKind(suggestion.kind)
    stale = is_stale(suggestion, information_request)
    editable = bool(context.get("editable"))
    return {
        "suggestion": suggestion,
        "information_request": information_request,
        "looks_like": LOOKS_LIKE.get(kind, kind.label),
        "ground": ground_named(suggestion.values) if kind == EventKind.REFUSED else "",
        "rows": shown_values(suggestion),
        "stale": stale,
        "kind_label": kind.label,
        "editable": editable,
        "form": suggested_form(suggestion) if editable and not stale else None,
        "to_body_unmatched": kind == EventKind.FORWARDED
        and suggestion.values.get("to_body_name")
        and not suggestion.values.get("to_body"),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }
