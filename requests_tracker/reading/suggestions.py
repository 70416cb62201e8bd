"""The suggestion of a reply: what ``detect`` found in its message and in its files' text, stored
for the request page as a pre-filled event, never recorded until the journalist confirms it.

Computed in the worker once the files have their text (``pipeline.read_event``), again whenever
they are read again; a suggestion already confirmed or dismissed stays as decided.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from requests_tracker.bodies.models import PublicBody, normalize_search_text
from requests_tracker.information_requests.clock.replies import CLASSIFYING_KINDS
from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.status import TRANSITIONS, EventKind, Status
from requests_tracker.mail.models import IncomingEmail
from requests_tracker.reading.detection import Detection, Found, detect
from requests_tracker.reading.models import Suggestion, SuggestionState

# A sentence kept to show where a value was read: enough for any sentence a letter has, and a
# text without full stops (an OCR'd table) cannot fill the row.
MAX_SENTENCE = 400

# What a reply may be suggested as: what classifies it, or the registration it announces.
SUGGESTED_KINDS = (*CLASSIFYING_KINDS, EventKind.REGISTERED)


@dataclass(frozen=True)
class Reading:
    """One text of a reply and what ``detect`` found in it."""

    file_id: int | None  # the EvidenceFile, or None for the message itself
    text: str
    detection: Detection


@dataclass(frozen=True)
class Suggested:
    """What the readings of a reply suggest, before it is stored."""

    kind: str
    values: dict[str, Any]
    sources: dict[str, list[dict[str, Any]]]
    language: str


def source_of(reading: Reading, found: Found) -> dict[str, Any]:
    """Where ``found`` was read: the file (None: the message) and its sentence, with the match's
    offsets within the sentence, cut to MAX_SENTENCE around the match."""
    start, end = found.sentence_start, found.sentence_end
    if end - start > MAX_SENTENCE:
        room = max(MAX_SENTENCE - (found.end - found.start), 0)
        start = max(start, found.start - room // 2)
        end = max(min(end, start + MAX_SENTENCE), found.end)
    return {
        "file": reading.file_id,
        "sentence": reading.text[start:end],
        "start": found.start - start,
        "end": found.end - start,
    }


def suggest_from(readings: Sequence[Reading]) -> Suggested:
    """The kind and each value from the first reading that has it, the grounds from all.

    ``readings`` come files first, then the message: the signed letter is the body's act, the
    message only carries it.
    """
    kind, language = "", ""
    values: dict[str, Any] = {}
    sources: dict[str, list[dict[str, Any]]] = {}
    for reading in readings:
        detection = reading.detection
        if not kind and detection.kind:
            kind, language = detection.kind, detection.language
            if detection.kind_found is not None:
                sources["kind"] = [source_of(reading, detection.kind_found)]
        for name, found in (
            ("registration_number", detection.registration_number),
            ("registered_on", detection.registration_date),
            ("new_due_date", detection.new_due_date),
            ("to_body_name", detection.forwarded_to),
        ):
            if found is not None and name not in values:
                values[name] = found.value
                sources[name] = [source_of(reading, found)]
    # Every ground cited anywhere: a refusal may cite one in the letter and another in the
    # message.
    grounds = [(reading, ground) for reading in readings for ground in reading.detection.grounds]
    labels: list[str] = []
    codes: list[str] = []
    for reading, ground in grounds:
        if ground.label in labels:
            continue
        labels.append(ground.label)
        if ground.code not in codes:
            codes.append(ground.code)
        sources.setdefault("ground", []).append(source_of(reading, ground.found))
    if labels:
        values["ground"] = "; ".join(labels)
        values["ground_codes"] = codes
    if "to_body_name" in values:
        body = body_named(values["to_body_name"])
        values["to_body"] = body.slug if body is not None else ""
    return Suggested(kind=kind, values=values, sources=sources, language=language)


# --- Matching a body named in a letter to the directory ----------------------------------------

_QUOTES = str.maketrans("", "", "«»\"“”„'")
_PREPOSITIONS = ("в", "во")  # "направлено в Департамент полиции", "передано во ..."


def _words(name: str) -> list[str]:
    words = normalize_search_text(name.translate(_QUOTES)).split()
    if words and words[0] in _PREPOSITIONS:
        words = words[1:]
    return words


def _same_word(written: str, listed: str) -> bool:
    """The same word whatever its case ending: "прокуратуру" and "прокуратура", "департаментіне"
    and "департаменті" (a letter names the body it forwarded to in the accusative or dative)."""
    common = 0
    for a, b in zip(written, listed, strict=False):
        if a != b:
            break
        common += 1
    return common >= max(3, min(len(written), len(listed)) - 2)


def body_named(name: str, bodies: Iterable[PublicBody] | None = None) -> PublicBody | None:
    """The one active body whose Russian, Kazakh or English name is ``name`` as a letter wrote
    it; None when none is, or when more than one could be."""
    written = _words(name)
    if not written:
        return None
    candidates = PublicBody.objects.active() if bodies is None else bodies
    exact: list[PublicBody] = []
    close: list[PublicBody] = []
    for body in candidates:
        names = [_words(body_name) for body_name in (body.name_ru, body.name_kk, body.name_en)]
        if written in names:
            exact.append(body)
        elif any(
            len(listed) == len(written) and all(map(_same_word, written, listed))
            for listed in names
        ):
            close.append(body)
    found = exact or close
    return found[0] if len(found) == 1 else None


# --- Storing ----------------------------------------------------------------------------------


def is_decided_after(event: TimelineEvent, kind: str) -> bool:
    """An event saying what a reply was has been recorded after it: one that classifies it, or,
    for a reply read as a registration, the registration (a refusal read in a reply still
    stands when a registration was recorded meanwhile)."""
    kinds = (*CLASSIFYING_KINDS, EventKind.REGISTERED) if kind == EventKind.REGISTERED else None
    return TimelineEvent.objects.filter(
        information_request_id=event.information_request_id,
        kind__in=kinds or CLASSIFYING_KINDS,
        id__gt=event.pk,
    ).exists()


def can_follow(kind: str, status: str) -> bool:
    """An event of ``kind`` may be recorded on a request that is ``status``."""
    try:
        allowed_from = TRANSITIONS[EventKind(kind)][0]
    except (ValueError, KeyError):
        return False
    return Status(status) in allowed_from


def is_stale(suggestion: Suggestion, information_request: InformationRequest) -> bool:
    """The request moved on since the suggestion was made: its kind can no longer follow, or
    the reply has been classified."""
    return not can_follow(suggestion.kind, information_request.status) or is_decided_after(
        suggestion.event, suggestion.kind
    )


def readings_of(event: TimelineEvent) -> list[Reading]:
    """The texts of a reply, files first (by id), then its message's subject and text."""
    readings = [
        Reading(file_id=file_id, text=text, detection=detect(text))
        for file_id, text in EvidenceFile.objects.filter(event=event)
        .exclude(extracted_text="")
        .order_by("id")
        .values_list("id", "extracted_text")
    ]
    message = IncomingEmail.objects.filter(timeline_event=event).first()
    if message is not None:
        text = "\n\n".join(part for part in (message.subject, message.text_body) if part)
        if text:
            readings.append(Reading(file_id=None, text=text, detection=detect(text)))
    return readings


@transaction.atomic
def store_suggestion(
    *, event: TimelineEvent, readings: Sequence[Reading], now: datetime
) -> Suggestion | None:
    """The open suggestion of reply ``event``, replaced by what ``readings`` suggest; removed
    when they suggest nothing or the reply was classified since. A decided one is kept as is."""
    TimelineEvent.objects.select_for_update(of=("self",)).filter(pk=event.pk).first()
    existing = Suggestion.objects.filter(event=event).first()
    if existing is not None and not existing.is_open:
        return existing
    suggested = suggest_from(readings)
    if suggested.kind not in SUGGESTED_KINDS or is_decided_after(event, suggested.kind):
        Suggestion.objects.filter(event=event, state=SuggestionState.OPEN).delete()
        return None
    suggestion, _created = Suggestion.objects.update_or_create(
        event=event,
        defaults={
            "kind": suggested.kind,
            "values": suggested.values,
            "sources": suggested.sources,
            "language": suggested.language,
            "computed_at": now,
        },
    )
    return suggestion


def refresh_for_event(event_id: int) -> None:
    """(Re)compute the suggestion of reply ``event_id`` from its message and its files' text,
    once their text is read; idempotent. Any other event is left alone."""
    event = TimelineEvent.objects.filter(pk=event_id, kind=EventKind.REPLY_RECEIVED).first()
    if event is None:
        return
    store_suggestion(event=event, readings=readings_of(event), now=timezone.now())
