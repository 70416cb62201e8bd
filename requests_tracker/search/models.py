"""One search document per request: its public text, its private text, and its filter columns.

The public text is ``public_version.public_text()``: what the public page shows, with the
requester's personal data removed; it is the only text the public search reads. The private text
(the raw texts: questions, replies, notes, attachments' text) is read only by the requester's own
dashboard search. On PostgreSQL the migration adds two generated ``tsvector`` columns
(``public_vector``, ``private_vector``) and their GIN and trigram indexes, which the model does not
declare: SQLite has neither.

``SearchWord`` is the lexicon of the Kazakh words indexed (a word with a letter Russian lacks):
a Kazakh query word is looked up there by trigram similarity (pg_trgm's ``<%``, indexed), and the
words found ("әкімдігі", "әкімдігінің" for "әкімдік") are searched as whole words. Comparing
short words keeps that fast; comparing the word with every text would read them all.

Whether a request is published, and its status, are read from the request itself at query time,
not copied here: a visibility change (the request page's form) and the sweep's overdue status are
written by ``QuerySet.update()``, which fires no signal, so a copy could go stale.
"""

from django.db import models

from requests_tracker.bodies.models import PublicBody
from requests_tracker.information_requests.models import InformationRequest


class SearchDocument(models.Model):
    information_request = models.OneToOneField(
        InformationRequest,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    public_text = models.TextField(default="")
    private_text = models.TextField(default="")
    # The casefolded words of each text, each once, between spaces: the SQLite fallback's
    # whole-word match (`` word `` is in them) without a scan of the texts in Python.
    public_words = models.TextField(default="")
    private_words = models.TextField(default="")
    body = models.ForeignKey(PublicBody, on_delete=models.CASCADE, related_name="+")
    body_kind = models.CharField(max_length=16)
    region_code = models.CharField(max_length=8, blank=True)
    law_codes = models.CharField(max_length=400, blank=True)  # " KZ.ATI KZ.MEDIA "
    year = models.PositiveSmallIntegerField()
    indexed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=("year",), name="search_document_year")]

    def __str__(self) -> str:
        return f"search document of request #{self.information_request_id}"


class SearchWord(models.Model):
    """A Kazakh word seen in an indexed text, casefolded."""

    word = models.CharField(max_length=100, primary_key=True)

    def __str__(self) -> str:
        return self.word
