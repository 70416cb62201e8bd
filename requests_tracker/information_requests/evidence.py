"""What a file must be to serve as evidence: its size, and its type as read from its content.

The type is read from the content, never from the file name, and a file is kept only when its
content is one of the allowed types through and through: a PDF starts with ``%PDF-``, an image
with its signature, a DOCX or ODT is a ZIP holding the parts of one, an e-mail starts with its
headers, and text decodes as UTF-8. Nothing that a browser could run as a page is kept, whatever
it is called: HTML, SVG, XML or script, nor a polyglot (a PDF carrying ``<html>`` or ``<script>``).
"""

import io
import re
import zipfile
from email.parser import BytesHeaderParser
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from requests_tracker.core.errors import DomainError

# Types a body's answer, a receipt or a letter comes in.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "message/rfc822": "EML",
    "text/plain": "TXT",
}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

# Browsers decide what a resource is from its first bytes (the WHATWG MIME sniffing standard
# reads up to 1445 of them); markup there can turn any file into a page.
SNIFF_WINDOW = 1445
# A tag, a comment, a doctype or an XML declaration first (after a byte order mark and spaces);
# "<https://adilet.zan.kz>" or "<info@police.kz>" at the start of a text is no tag.
_STARTS_AS_MARKUP = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*<(?:/?[a-z][a-z0-9]*(?::[a-z0-9]+)?[\s/>]|[!?])", re.IGNORECASE
)
# Markup that runs or shows a page: refused in the first bytes of any file, and anywhere in a
# PDF (a PDF/HTML polyglot) or a text file.
_ACTIVE_MARKUP = re.compile(
    rb"<(?:script|html|svg|iframe|frame|object|embed|body|meta|!doctype\s+html)[\s/>]",
    re.IGNORECASE,
)
# In a text file, any tag at all: plain text holds no HTML.
# (A tag opens with a letter right after "<", as browsers read it: "a < b" is no tag, nor is a
# quoted address, "<https://example.org>" or "<info@example.org>".)
_TEXT_MARKUP = re.compile(
    r"</?(?:[a-z][a-z0-9]*(?::[a-z0-9]+)?[\s/>]|!doctype|\?xml|!\[cdata\[)", re.IGNORECASE
)
# Text has no control characters but tab, line feed, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_EMAIL_START = (b"Received:", b"From:", b"Return-Path:", b"MIME-Version:", b"Delivered-To:")
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def accepted_types() -> str:
    """The kept types, for a message to the user: "DOCX, EML, JPEG, ODT, PDF, PNG, TXT"."""
    return ", ".join(sorted(set(ALLOWED_TYPES.values())))


def has_markup(content: bytes) -> bool:
    """True when the content begins as markup or carries page markup in the bytes browsers sniff."""
    window = content[:SNIFF_WINDOW]
    return bool(_STARTS_AS_MARKUP.match(window) or _ACTIVE_MARKUP.search(window))


def zip_names(content: bytes | IO[bytes]) -> set[str]:
    """The member names of a ZIP archive (nothing is extracted), or none if it is not one."""
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    stream.seek(0)
    if stream.read(4) != b"PK\x03\x04":
        return set()
    try:
        with zipfile.ZipFile(stream) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return set()


def _zip_document_type(content: bytes) -> str | None:
    names = zip_names(content)
    if {"[Content_Types].xml", "word/document.xml"} <= names:
        return DOCX
    if {"mimetype", "content.xml"} <= names:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size <= 100 and archive.read(info).strip() == ODT.encode():
                return ODT
    return None


def _is_email(content: bytes) -> bool:
    if not content.startswith(_EMAIL_START):
        return False
    headers = BytesHeaderParser().parsebytes(content)
    return headers["From"] is not None and not headers.defects


def _text(content: bytes) -> str | None:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def is_plain_text(content: bytes) -> bool:
    """True for UTF-8 text, without control characters, that holds no tag of any markup language."""
    text = _text(content)
    return text is not None and not _CONTROL.search(text) and not _TEXT_MARKUP.search(text)


def carries_markup(content: bytes) -> bool:
    """True when the content is, or carries, HTML, SVG, XML or script: the reason it is refused."""
    if has_markup(content) or _ACTIVE_MARKUP.search(content):
        return True
    text = _text(content)
    return text is not None and _TEXT_MARKUP.search(text) is not None


def sniff_content_type(content: bytes) -> str | None:
    """The type the content really is, or None when it is none of the allowed ones."""
    if has_markup(content):
        return None
    for signature, content_type in _SIGNATURES:
        if content.startswith(signature):
            if content_type == "application/pdf" and _ACTIVE_MARKUP.search(content):
                return None  # a PDF that is also a page
            return content_type
    if content.startswith(b"PK\x03\x04"):
        return _zip_document_type(content)
    if _is_email(content):
        return "message/rfc822"
    return "text/plain" if is_plain_text(content) else None


def check_size(*, name: str, size: int) -> None:
    """Refuse a file over the limit, before anything reads it."""
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise DomainError(
            _("“%(name)s” is %(size)s MB; files up to %(limit)s MB are accepted.")
            % {"name": name, "size": f"{size / 1_000_000:.1f}", "limit": f"{limit / 1_000_000:.0f}"}
        )


def check_evidence(*, name: str, content: bytes) -> str:
    """The sniffed content type; raises DomainError with a message for the user otherwise."""
    check_size(name=name, size=len(content))
    content_type = sniff_content_type(content)
    if content_type is not None:
        return content_type
    if carries_markup(content):
        raise DomainError(
            _(
                "“%(name)s” contains web page or script markup (HTML, SVG, XML), which the "
                "tracker does not keep whatever the file is called; accepted types: %(types)s."
            )
            % {"name": name, "types": accepted_types()}
        )
    raise DomainError(
        _("“%(name)s” is not a file type the tracker keeps (%(types)s).")
        % {"name": name, "types": accepted_types()}
    )
