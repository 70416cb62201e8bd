"""What a file must be to serve as evidence: its size, and its type as sniffed from its content."""

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from requests_tracker.core.errors import DomainError

# Types a body's answer, a receipt or a letter comes in. The type is read from the content,
# never from the file name.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "message/rfc822": "EML",
    "text/plain": "TXT",
}


def sniff_content_type(content: bytes) -> str | None:
    """The type the content really is, or None when it is none of the allowed ones."""
    kind = filetype.guess(content)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    if content.startswith((b"Received:", b"From:", b"Return-Path:", b"MIME-Version:")):
        return "message/rfc822"
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


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
    if content_type is None:
        raise DomainError(
            _("“%(name)s” is not a file type the tracker keeps (%(types)s).")
            % {"name": name, "types": ", ".join(sorted(set(ALLOWED_TYPES.values())))}
        )
    return content_type
