"""The text of an evidence file, read so that publishing can look in it for personal data.

A file whose whole text was read is "checked": it is published only when no personal data is
found in it (else only its redacted text is shown). A file that could not be read through and
through is "unchecked" and is published only when the requester confirms it on the publishing
preview: an image or a scan, a PDF with a page without a text layer (a scanned page), a DOCX
carrying pictures, an ODT or an e-mail (whose own attachments are not read), a damaged file.

The PDF and DOCX libraries are imported when a file is read, never at start-up.
"""

import io
import logging
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_tracker.information_requests.evidence import DOCX, zip_names

logger = logging.getLogger(__name__)

# Enough for any answer a body writes; a longer text is cut, and the file stays unchecked.
MAX_TEXT_LENGTH = 200_000


# The properties of a PDF that people write (its dates and producer are the software's).
PDF_PROPERTIES = ("/Author", "/Title", "/Subject", "/Keywords", "/Creator")


class TextStatus(models.TextChoices):
    NOT_READ = "", _("Not read yet")
    EXTRACTED = "extracted", _("Text read")
    NO_TEXT = "no_text", _("Not all of it is text (an image, a scan)")
    FAILED = "failed", _("The text could not be read")


class OcrState(models.TextChoices):
    """Where the optical reading of a file's images (a photo, a scanned page) stands."""

    NONE = "", _("No OCR needed, or not decided yet")
    QUEUED = "queued", _("Waiting to be read")
    RUNNING = "running", _("Being read")
    DONE = "done", _("Read")
    UNAVAILABLE = "unavailable", _("OCR is not installed on this server")
    FAILED = "failed", _("Could not be read")


# The types whose pages may be images without text, read by OCR (reading/pipeline.py).
OCR_TYPES = ("application/pdf", "image/png", "image/jpeg")


class EvidenceText(models.Model):
    """The fields of ``EvidenceFile`` that publishing reads (its text, and the confirmation), and
    how its reading in the worker stands.

    ``extracted_text`` is the file's whole text, its text layers and its OCR'd pages in order;
    ``text_status`` says whether all of it came from a text layer, so a scan read by OCR stays
    NO_TEXT and its requester still confirms it before it is published (OCR may misread a name).
    """

    extracted_text = models.TextField(_("text of the file"), blank=True, editable=False)
    text_status = models.CharField(
        _("text"), max_length=16, choices=TextStatus.choices, blank=True, editable=False
    )
    public_confirmed_at = models.DateTimeField(
        _("confirmed for the public page at"), null=True, blank=True, editable=False
    )
    ocr_state = models.CharField(
        _("OCR"), max_length=16, choices=OcrState.choices, blank=True, editable=False
    )
    ocr_pages_done = models.PositiveSmallIntegerField(
        _("pages read by OCR"), default=0, editable=False
    )
    ocr_pages_total = models.PositiveSmallIntegerField(
        _("pages to read by OCR"), default=0, editable=False
    )
    text_read_at = models.DateTimeField(_("text read at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def needs_ocr(self) -> bool:
        """True for a type that may hold images of text (a photo, a scan)."""
        return self.content_type in OCR_TYPES  # type: ignore[attr-defined]

    @property
    def is_image(self) -> bool:
        return str(self.content_type).startswith("image/")  # type: ignore[attr-defined]

    @property
    def ocr_page_being_read(self) -> int:
        """The page OCR reads now, counted among the pages it reads (from 1)."""
        return min(self.ocr_pages_done + 1, self.ocr_pages_total)

    @property
    def text_source(self) -> str:
        """Where the stored text came from: "ocr" (some of it read from images), "text_layer",
        or "" (no text)."""
        if not self.extracted_text.strip():
            return ""
        return "ocr" if self.ocr_state == OcrState.DONE else "text_layer"

    @property
    def is_checked(self) -> bool:
        """True when the whole text was read, so it could be looked at for personal data."""
        return self.text_status == TextStatus.EXTRACTED


def pdf_layers(content: bytes) -> tuple[list[str], list[str]] | None:
    """The text layer of each page of a PDF ("" for a scanned page) and the properties people
    write in it; None for an encrypted PDF. Raises for a damaged one."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        return None
    pages = [(page.extract_text() or "").strip() for page in reader.pages]
    # The document's properties (author, title) can name the requester too.
    metadata: dict[str, object] = dict(reader.metadata or {})
    properties = [str(metadata[key]) for key in PDF_PROPERTIES if str(metadata.get(key) or "")]
    return pages, properties


def _pdf_text(content: bytes) -> tuple[TextStatus, str]:
    layers = pdf_layers(content)
    if layers is None:
        return TextStatus.FAILED, ""
    pages, properties = layers
    text = "\n\n".join([*pages, *properties])
    if not pages or any(not page.strip() for page in pages):
        return TextStatus.NO_TEXT, text  # a page with no text layer is a scan
    return TextStatus.EXTRACTED, text


def _docx_text(content: bytes) -> tuple[TextStatus, str]:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts: list[Any] = []
    for section in document.sections:
        parts += section.header.paragraphs + section.footer.paragraphs
    parts += document.paragraphs
    for table in document.tables:
        for row in table.rows:
            parts += list(row.cells)
    core = document.core_properties
    properties = (core.author, core.last_modified_by, core.title, core.subject, core.comments)
    # A paragraph of the document is a paragraph of the text: a blank line ends it, as a reader
    # (and the reading of replies, ``reading.detection``) expects, however Word spaced it.
    text = "\n\n".join(
        [*(part.text for part in parts if part.text.strip()), *filter(None, properties)]
    )
    if any(name.startswith("word/media/") for name in zip_names(content)):
        return TextStatus.NO_TEXT, text  # its pictures cannot be read
    return (TextStatus.EXTRACTED if text.strip() else TextStatus.NO_TEXT), text


def _html_text(content: bytes) -> tuple[TextStatus, str]:
    import html

    import nh3

    text = html.unescape(nh3.clean(content.decode("utf-8-sig"), tags=set()))
    return TextStatus.EXTRACTED, text


def extract_text(*, content_type: str, content: bytes) -> tuple[TextStatus, str]:
    """The file's text and whether all of it was read; never raises for a bad file."""
    readers = {
        "text/plain": lambda data: (TextStatus.EXTRACTED, data.decode("utf-8-sig")),
        "text/html": _html_text,
        "application/pdf": _pdf_text,
        DOCX: _docx_text,
    }
    reader = readers.get(content_type)
    if reader is None:
        return TextStatus.NO_TEXT, ""
    try:
        status, text = reader(content)
    except Exception:  # a damaged file of any kind: the libraries raise many different errors
        logger.info("could not read the text of a %s file", content_type, exc_info=True)
        return TextStatus.FAILED, ""
    text = text.replace("\x00", "")
    if len(text) > MAX_TEXT_LENGTH:
        return TextStatus.NO_TEXT, text[:MAX_TEXT_LENGTH]
    return status, text
