"""Keeping each request's search document up to date.

``reindex(request_id)`` rebuilds one document from the database; ``reindex_on_commit()`` asks for
that once the current transaction commits (at once outside one). ``reindex_after_writes()``
connects it to the writes that change what a document says: a request saved or its legal basis
changed, a note recorded, a reply filed, a file stored or its text read.

A visibility or status change needs no reindex: the search reads both from the request. A write that
fires no signal (``bulk_create``, ``QuerySet.update``) is caught up by the next write of the
request or by ``manage.py reindex_search``.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_save
from django.utils import timezone

from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.public_version import public_text
from requests_tracker.information_requests.status import EventKind
from requests_tracker.mail.models import IncomingEmail
from requests_tracker.search.models import SearchDocument, SearchWord
from requests_tracker.search.words import kazakh_words, word_set_text

logger = logging.getLogger(__name__)

# A tsvector holds at most 1 MB; the texts indexed are cut well short of it.
MAX_TEXT_CHARS = 200_000
# A file not read yet by the worker (reading/pipeline.py) whose text is read from the storage.
TEXT_ATTACHMENT_TYPES = ("text/plain",)
MAX_ATTACHMENT_BYTES = 200_000
# A delivery report on our own email (its text, the reason on its event) is no one's words.
DELIVERY_REPORTS = (EventKind.EMAIL_BOUNCED, EventKind.EMAIL_DELAYED)


def _attachment_texts(information_request: InformationRequest) -> list[str]:
    """Each file's text as the worker read it (text layers and OCR); a plain text file not read
    yet, from the storage."""
    texts = []
    files = EvidenceFile.objects.filter(event__information_request=information_request)
    for evidence in files.order_by("id"):
        if evidence.text_read_at is not None or evidence.extracted_text:
            texts.append(evidence.extracted_text)
            continue
        if evidence.content_type not in TEXT_ATTACHMENT_TYPES or (
            evidence.size > MAX_ATTACHMENT_BYTES
        ):
            continue
        try:
            with evidence.file.open("rb") as handle:
                texts.append(handle.read(MAX_ATTACHMENT_BYTES).decode("utf-8", errors="replace"))
        except OSError:
            logger.warning("search: attachment %s could not be read", evidence.pk)
    return texts


def private_text(information_request: InformationRequest) -> str:
    """The raw texts: subject, questions, every reply, the notes, the attachments' text."""
    replies = (
        IncomingEmail.objects.filter(information_request=information_request)
        .exclude(timeline_event__kind__in=DELIVERY_REPORTS)
        .order_by("received_at", "id")
    )
    notes = (
        information_request.events.exclude(note="")
        .exclude(kind__in=DELIVERY_REPORTS)
        .order_by("occurred_at", "id")
    )
    parts = [
        information_request.subject,
        information_request.text,
        *replies.values_list("text_body", flat=True),
        *notes.values_list("note", flat=True),
        *_attachment_texts(information_request),
    ]
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def document_fields(information_request: InformationRequest) -> dict[str, Any]:
    """The columns of ``information_request``'s search document."""
    public = public_text(information_request)[:MAX_TEXT_CHARS]
    private = private_text(information_request)[:MAX_TEXT_CHARS]
    body = information_request.public_body
    codes = sorted(set(information_request.legal_rules.values_list("instrument__code", flat=True)))
    return {
        "public_text": public,
        "private_text": private,
        "public_words": word_set_text(public),
        "private_words": word_set_text(private),
        "body": body,
        "body_kind": body.kind,
        "region_code": body.region.code if body.region is not None else "",
        "law_codes": f" {' '.join(codes)} " if codes else "",
        "year": timezone.localtime(information_request.created_at).year,
        "indexed_at": timezone.now(),
    }


def reindex(request_id: int) -> SearchDocument | None:
    """Rebuild the search document of request ``request_id`` (none once the request is gone)."""
    information_request = (
        InformationRequest.objects.select_related("public_body__region")
        .filter(pk=request_id)
        .first()
    )
    if information_request is None:
        return None
    fields = document_fields(information_request)
    document, _created = SearchDocument.objects.update_or_create(
        information_request=information_request, defaults=fields
    )
    words = kazakh_words(fields["public_text"]) | kazakh_words(fields["private_text"])
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(words)], ignore_conflicts=True
    )
    return document


def reindex_many(request_ids: Iterable[int]) -> int:
    count = 0
    for request_id in request_ids:
        if reindex(request_id) is not None:
            count += 1
    return count


def index_missing(*, limit: int | None = None) -> int:
    """Index the requests that have no document (the ones a collective appeal's fan-out
    creates in bulk: no signal fires), oldest first, at most ``limit``; returns how many."""
    missing = InformationRequest.objects.filter(search_document__isnull=True).order_by("pk")
    ids = missing.values_list("pk", flat=True)
    return reindex_many(list(ids[:limit]) if limit is not None else ids.iterator(chunk_size=1000))


def _reindex_logged(request_id: int) -> None:
    # After the commit the write has happened: a failure here must not turn it into an error
    # page; the document is rebuilt by the next write or by reindex_search.
    try:
        reindex(request_id)
    except Exception:
        logger.exception("search: request %s could not be reindexed", request_id)


def _pending(request_id: int) -> bool:
    """A reindex of ``request_id`` is already waiting for this transaction's commit. (A callback
    discarded with a rolled-back savepoint is gone from the list, so this never skips one; one
    that ran is marked done, for the tests' transaction, whose list is never cleared.)"""
    return any(
        getattr(callback, "search_request_id", None) == request_id
        and not getattr(callback, "search_done", False)
        for callback in (entry[1] for entry in connection.run_on_commit)
    )


def reindex_on_commit(request_id: int | None) -> None:
    """Reindex ``request_id`` once the transaction commits: once, however many writes ask."""
    if request_id is None or _pending(request_id):
        return

    def callback() -> None:
        callback.search_done = True  # type: ignore[attr-defined]
        _reindex_logged(request_id)

    callback.search_request_id = request_id  # type: ignore[attr-defined]
    transaction.on_commit(callback)


def _request_saved(sender: Any, instance: InformationRequest, **kwargs: Any) -> None:
    reindex_on_commit(instance.pk)


def _legal_basis_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, InformationRequest
    ):
        reindex_on_commit(instance.pk)


def _event_saved(sender: Any, instance: TimelineEvent, **kwargs: Any) -> None:
    # Only a note is indexed from an event: the status is read from the request at query time.
    if instance.note and instance.kind not in DELIVERY_REPORTS:
        reindex_on_commit(instance.information_request_id)


def _reply_saved(sender: Any, instance: IncomingEmail, **kwargs: Any) -> None:
    if instance.information_request_id is None:
        return  # held for staff: indexed once it is filed on a request
    is_report = (
        instance.timeline_event_id is not None
        and TimelineEvent.objects.filter(
            pk=instance.timeline_event_id, kind__in=DELIVERY_REPORTS
        ).exists()
    )
    if not is_report:
        reindex_on_commit(instance.information_request_id)


def _attachment_saved(sender: Any, instance: EvidenceFile, **kwargs: Any) -> None:
    # Stored, or its text read by the worker (a save naming its fields).
    reindex_on_commit(
        TimelineEvent.objects.filter(pk=instance.event_id)
        .values_list("information_request_id", flat=True)
        .first()
    )


def reindex_after_writes() -> None:
    """Connect the reindexing to the writes (once: the receivers have fixed ids)."""
    post_save.connect(_request_saved, sender=InformationRequest, dispatch_uid="search-request")
    m2m_changed.connect(
        _legal_basis_changed,
        sender=InformationRequest.legal_rules.through,
        dispatch_uid="search-legal-rules",
    )
    post_save.connect(_event_saved, sender=TimelineEvent, dispatch_uid="search-event")
    post_save.connect(_reply_saved, sender=IncomingEmail, dispatch_uid="search-reply")
    post_save.connect(_attachment_saved, sender=EvidenceFile, dispatch_uid="search-attachment")
