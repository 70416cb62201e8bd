"""The files of a received message, checked before anything is saved.

A file over the limit or a ZIP bomb refuses the message (MessageRefused). A winmail.dat (TNEF)
and a ZIP are opened, one level of archive deep (``unpacking.py``), and each file inside is
checked like a file of the message. A file of a type not kept as evidence, an archive inside an
archive, a damaged or encrypted file are not kept, each with its reason; they stay inside the raw
message, which is kept whole. Names that are not plain file names are replaced here, before they
reach the storage.
"""

import io
import os
import re
import zipfile
from dataclasses import dataclass
from email.message import Message

from django.conf import settings
from django.utils.translation import gettext as _

from requests_tracker.core.errors import DomainError
from requests_tracker.information_requests.evidence import (
    carries_markup,
    check_evidence,
    check_size,
    sniff_content_type,
)
from requests_tracker.mail.refusals import MessageRefused
from requests_tracker.mail.unpacking import (
    TNEF_CONTENT_TYPES,
    InnerFile,
    NotKept,
    inner_base_name,
    inner_name_is_plain,
    is_tnef,
    tnef_files,
    zip_files,
)

# A ZIP attachment (DOCX and ODT are ZIPs too) is refused as a ZIP bomb past these limits.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_RATIO = 100
ZIP_MAX_TOTAL_FACTOR = 10  # times EVIDENCE_MAX_BYTES, uncompressed
# An attachment is stored under the name it came with only when that is a plain file name: no
# path, no control character, at least one letter or digit, at most this long (the storage path,
# "evidence/YYYY/MM/<name>" plus a suffix against a clash, must fit in its 100 characters).
ATTACHMENT_NAME_MAX_LENGTH = 64
_SAFE_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}")


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes  # empty for a file not kept
    is_kept: bool  # False: it stays inside the raw message only, for the reason given
    reason: NotKept | None = None
    archive: str = ""  # the winmail.dat or ZIP it came out of, "" for a file of the message


def attachments_of(message: Message) -> list[Attachment]:
    """Every file of the message; those inside a winmail.dat or a ZIP in the archive's place."""
    found: list[Attachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()  # RFC 2047 and RFC 2231 names come decoded
        if name is None:  # a body part; an empty name is still a file, renamed below
            continue
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        number = len(found) + 1
        found += _check_attachment(
            safe_attachment_name(name, number=number),
            content,
            number=number,
            labelled_tnef=part.get_content_type() in TNEF_CONTENT_TYPES,
        )
    return found


def safe_attachment_name(name: str, *, number: int) -> str:
    """The name an attachment is stored under: its own when plain, else ``attachment-N.ext``.

    ".", "..", an empty name, a path ("../../x.pdf"), a NUL or another control character never
    reach the storage; the extension is kept when it is letters and digits. A long plain name is
    shortened, keeping its extension.
    """
    stripped = name.strip()
    stem, extension = os.path.splitext(stripped)
    if not _SAFE_EXTENSION.fullmatch(extension):
        stem, extension = stripped, ""
    is_plain = (
        stripped.isprintable()
        and "/" not in stripped
        and "\\" not in stripped
        and re.search(r"\w", stem) is not None
    )
    if not is_plain:
        return f"attachment-{number}{extension}"
    if len(stripped) <= ATTACHMENT_NAME_MAX_LENGTH:
        return stripped
    return stem[: ATTACHMENT_NAME_MAX_LENGTH - len(extension)].rstrip() + extension


def _check_attachment(
    name: str,
    content: bytes,
    *,
    number: int,
    labelled_tnef: bool = False,
    archive: str = "",
    opens_zip: bool = True,
) -> list[Attachment]:
    """The attachment checked, or the files inside it when it is a winmail.dat or a ZIP.

    A file of the message over the limit, or a ZIP bomb anywhere, refuses the message. One level
    of archive is opened: a winmail.dat of the message, a ZIP of the message or of its
    winmail.dat; an archive inside a ZIP is listed as not kept. ``archive`` names the file this
    one came out of.
    """
    try:
        check_size(name=name, size=len(content))
    except DomainError as error:
        if not archive:
            raise MessageRefused(str(error)) from error
        return [_not_kept(name, NotKept.TOO_LARGE, archive)]
    if labelled_tnef or is_tnef(content):
        if archive:
            return [_not_kept(name, NotKept.ARCHIVE_IN_ARCHIVE, archive)]
        files = tnef_files(content)
        if files is None:
            return [_not_kept(name, NotKept.UNREADABLE, archive)]
        return _inner(files, number=number, archive=name, opens_zip=True)
    if zipfile.is_zipfile(io.BytesIO(content)):
        is_document = sniff_content_type(content) is not None  # a DOCX or an ODT is a ZIP too
        if not is_document and not opens_zip:
            return [_not_kept(name, NotKept.ARCHIVE_IN_ARCHIVE, archive)]  # never opened
        if not _check_zip(name, content):
            return [_not_kept(name, NotKept.UNREADABLE, archive)]
        if not is_document:
            return _inner(zip_files(content), number=number, archive=name, opens_zip=False)
    try:
        check_evidence(name=name, content=content)
    except DomainError:
        # Not a type kept as evidence (an old .doc, a spreadsheet): the reply is still filed,
        # and the file stays inside the raw message, which is kept whole.
        reason = NotKept.MARKUP if carries_markup(content) else NotKept.TYPE
        return [_not_kept(name, reason, archive)]
    return [Attachment(name=name, content=content, is_kept=True, archive=archive)]


def _not_kept(name: str, reason: NotKept, archive: str) -> Attachment:
    return Attachment(name=name, content=b"", is_kept=False, reason=reason, archive=archive)


def _inner(
    files: list[InnerFile], *, number: int, archive: str, opens_zip: bool
) -> list[Attachment]:
    """The files out of an archive, each checked, named safely from the end of its path."""
    found: list[Attachment] = []
    for file in files:
        at = number + len(found)
        plain = inner_base_name(file.name) if inner_name_is_plain(file.name) else file.name
        name = safe_attachment_name(plain, number=at)
        if file.reason is not None:
            found.append(_not_kept(name, file.reason, archive))
            continue
        found += _check_attachment(
            name, file.content, number=at, archive=archive, opens_zip=opens_zip
        )
    return found


def _check_zip(name: str, content: bytes) -> bool:
    """Refuse a ZIP bomb, from the sizes the archive declares, before any member is read.

    False when the archive cannot be read at all (its directory is damaged).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return False
    if len(members) > ZIP_MAX_MEMBERS:
        raise MessageRefused(
            _("The archive “%(name)s” has more than %(count)s files.")
            % {"name": name, "count": ZIP_MAX_MEMBERS}
        )
    total = sum(member.file_size for member in members)
    too_compressed = any(
        member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1) for member in members
    )
    if too_compressed or total > ZIP_MAX_TOTAL_FACTOR * settings.EVIDENCE_MAX_BYTES:
        raise MessageRefused(
            _("The archive “%(name)s” unpacks to too much data to be accepted.") % {"name": name}
        )
    return True


def not_kept_records(attachments: list[Attachment]) -> list[dict[str, str]]:
    """The files not kept, as an event's data stores them (read back by ``files_not_kept``)."""
    return [
        {
            "name": attachment.name,
            "reason": str(attachment.reason or NotKept.TYPE),
            **({"archive": attachment.archive} if attachment.archive else {}),
        }
        for attachment in attachments
        if not attachment.is_kept
    ]
