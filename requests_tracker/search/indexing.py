"""Keeping each request's search document up to date.

``reindex(request_id)`` rebuilds one document from the database; ``reindex_on_commit()`` asks for
that once the current transaction commits (at once outside one). ``reindex_after_writes()``
connects it to the writes that change what a document says: a request saved or its legal basis
changed, a timeline event (every status change is one), a reply filed, an attachment stored.

A visibility change needs no reindex: the public search reads it from the request. A write that
fires no signal (``bulk_create``, ``QuerySet.update``) is caught up by the next write of the
request or by ``manage.py reindex_search``.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.utils import timezone

from requests_tracker.information_requests.models import (
    EvidenceFile,
    InformationRequest,
    TimelineEvent,
)
from requests_tracker.information_requests.public_version import public_text
from requests_tracker.mail.models import IncomingEmail
from requests_tracker.search.models import SearchDocument, SearchWord
from requests_tracker.search.words import kazakh_words, word_set_text

logger = logging.getLogger(__name__)

# A tsvector holds at most 1 MB; the texts indexed are cut well short of it.
MAX_TEXT_CHARS = 200_000
# Attachments whose text is read into the private text: plain text only, so far.
TEXT_ATTACHMENT_TYPES = ("text/plain",)
MAX_ATTACHMENT_BYTES = 200_000


def _attachment_texts(information_request: InformationRequest) -> list[str]:
    texts = []
    files = EvidenceFile.objects.filter(
        event__information_request=information_request,
        content_type__in=TEXT_ATTACHMENT_TYPES,
        size__lte=MAX_ATTACHMENT_BYTES,
    ).order_by("id")
    for evidence in files:
        try:
            with evidence.file.open("rb") as handle:
                texts.append(handle.read(MAX_ATTACHMENT_BYTES).decode("utf-8", errors="replace"))
        except OSError:
            logger.warning("search: attachment %s could not be read", evidence.pk)
    return texts


def private_text(information_request: InformationRequest) -> str:
    """The raw texts: subject, questions, every reply, the notes, the attachments' text."""
    replies = IncomingEmail.objects.filter(information_request=information_request).order_by(
        "received_at", "id"
    )
    notes = information_request.events.exclude(note="").order_by("occurred_at", "id")
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


def _reindex_logged(request_id: int) -> None:
    # After the commit the write has happened: a failure here must not turn it into an error
    # page; the document is rebuilt by the next write or by reindex_search.
    try:
        reindex(request_id)
    except Exception:
        logger.exception("search: request %s could not be reindexed", request_id)


def reindex_on_commit(request_id: int | None) -> None:
    if request_id is not None:
        transaction.on_commit(lambda: _reindex_logged(request_id))


def _request_saved(sender: Any, instance: InformationRequest, **kwargs: Any) -> None:
    reindex_on_commit(instance.pk)


def _legal_basis_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, InformationRequest
    ):
        reindex_on_commit(instance.pk)


def _event_saved(sender: Any, instance: TimelineEvent, **kwargs: Any) -> None:
    reindex_on_commit(instance.information_request_id)


def _reply_saved(sender: Any, instance: IncomingEmail, **kwargs: Any) -> None:
    reindex_on_commit(instance.information_request_id)


def _attachment_saved(sender: Any, instance: EvidenceFile, **kwargs: Any) -> None:
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
