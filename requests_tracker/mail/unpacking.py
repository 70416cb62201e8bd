"""The files inside an attachment: a winmail.dat (TNEF) and a ZIP archive, opened one level deep.

Outlook sends its attachments wrapped in one winmail.dat (MS-OXTNEF), and a body often packs its
answer in a ZIP. ``tnef_files`` and ``zip_files`` take the files out; ``reading.py`` then checks
each one like any other attachment. Nothing here refuses a message: a file that cannot be taken
out comes back with the reason it is not kept (``NotKept``), and it stays inside the raw message,
which is kept whole. The reasons are stored as codes and worded in the reader's language when shown
(``files_not_kept``, ``explain``).
"""

import enum
import io
import os
import re
import struct
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

# MS-OXTNEF §2.1.3.1: every TNEF stream starts with this signature (0x223E9F78, little-endian).
TNEF_SIGNATURE = b"\x78\x9f\x3e\x22"
TNEF_CONTENT_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
# tnefparse copies the rest of the stream for each attribute it reads, so its time grows with
# attributes × size (1,000 attributes before a 10 MB file take 2.5 s). A real winmail.dat has a
# dozen attributes and five to seven a file: past this many the stream is not read.
TNEF_MAX_ATTRIBUTES = 400
_TNEF_LEVELS = (1, 2)  # MS-OXTNEF §2.1.3.3: attributes of the message, of an attachment
# A name inside an archive is a path; a path that climbs out of its folder ("../x.pdf") or starts
# at a root ("/x.pdf", "C:\x.pdf") is not a name worth keeping.
_UNSAFE_PATH = re.compile(r"(?:^|[/\\])\.\.(?:[/\\]|$)|^[/\\]|^[A-Za-z]:")
# ZIP's "language encoding" flag (APPNOTE.TXT §4.4.4, bit 11): the name is UTF-8.
_ZIP_UTF8_FLAG = 0x800
_ZIP_ENCRYPTED_FLAG = 0x1


class NotKept(enum.StrEnum):
    """Why a file of a message is not kept as evidence (stored in the event's data)."""

    TYPE = "type"
    MARKUP = "markup"
    TOO_LARGE = "too_large"
    ARCHIVE_IN_ARCHIVE = "archive_in_archive"
    ENCRYPTED = "encrypted"
    UNREADABLE = "unreadable"


_REASONS = {reason.value for reason in NotKept}


@dataclass(frozen=True)
class InnerFile:
    """A file taken out of a winmail.dat or a ZIP, with the name it had there (a path, maybe)."""

    name: str
    content: bytes = b""
    reason: NotKept | None = None  # set when the file could not be taken out


def is_tnef(content: bytes) -> bool:
    return content.startswith(TNEF_SIGNATURE)


def _tnef_is_whole(content: bytes) -> bool:
    """The stream is complete: each attribute fits and has its checksum, and no more than
    TNEF_MAX_ATTRIBUTES of them (MS-OXTNEF §2.1.3.3: level, id, length, data, checksum)."""
    offset, attributes = 6, 0  # after the signature and the legacy key
    while offset < len(content):
        if content[offset] == 0 and content.count(b"\0", offset) == len(content) - offset:
            return attributes > 0  # padding after the last attribute
        if offset + 11 > len(content) or content[offset] not in _TNEF_LEVELS:
            return False
        (length,) = struct.unpack_from("<I", content, offset + 5)
        end = offset + 9 + length
        if end + 2 > len(content):
            return False  # truncated
        (checksum,) = struct.unpack_from("<H", content, end)
        if sum(memoryview(content)[offset + 9 : end]) & 0xFFFF != checksum:
            return False  # damaged on the way
        attributes += 1
        if attributes > TNEF_MAX_ATTRIBUTES:
            return False
        offset = end + 2
    return attributes > 0


def _tnef_name(attachment: Any, codepage: str | None) -> str:
    """The long file name when Outlook gave one, else the short title, else nothing."""
    try:
        long_name = attachment.long_filename()
    except (UnicodeError, ValueError):  # a title in the OEM code page, read by tnefparse as UTF-8
        long_name = ""
    if isinstance(long_name, str) and long_name.strip("\0").strip():
        return long_name.strip("\0")
    title = getattr(attachment, "_name", b"")
    if isinstance(title, bytes):
        try:
            return title.decode(codepage or "cp1252").strip("\0")
        except (LookupError, UnicodeError):
            return ""
    return str(title).strip("\0")


def tnef_files(content: bytes) -> list[InnerFile] | None:
    """The files of a winmail.dat, or None when it is not a whole, readable TNEF stream."""
    if not is_tnef(content) or not _tnef_is_whole(content):
        return None
    # tnefparse is imported where a winmail.dat is opened, not at start-up, which every email's
    # delivery (``ingest_email``) would pay for nothing (tests/core/test_startup_imports.py).
    from tnefparse.tnef import TNEF

    try:
        tnef = TNEF(content)
    except Exception:  # a damaged stream fails tnefparse in many ways, none of them ours
        return None
    return [
        InnerFile(name=_tnef_name(attachment, tnef.codepage), content=bytes(attachment.data))
        for attachment in tnef.attachments
    ]


def _zip_member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & _ZIP_UTF8_FLAG:
        return info.filename
    # Without the flag, zipfile reads the name as CP437. Windows in Russian and Kazakh writes it
    # in its OEM code page, CP866 ("ответ.pdf", not "ÄÆóÑÆ.pdf"); some tools write UTF-8.
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp866")


def zip_files(content: bytes) -> list[InnerFile]:
    """The files of a ZIP archive already checked for a bomb; folders are left out.

    An encrypted or damaged file (a wrong CRC, an unknown compression method) comes back with
    its reason.
    """
    files: list[InnerFile] = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = _zip_member_name(info)
            if info.flag_bits & _ZIP_ENCRYPTED_FLAG:
                files.append(InnerFile(name=name, reason=NotKept.ENCRYPTED))
                continue
            try:
                # zipfile stops at the declared size (the bomb limits bound their sum) and
                # checks the CRC; a file over the limit is listed as such in attachments.py.
                data = archive.read(info)
            except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError):
                files.append(InnerFile(name=name, reason=NotKept.UNREADABLE))
                continue
            files.append(InnerFile(name=name, content=data))
    return files


def inner_name_is_plain(name: str) -> bool:
    """False for a path that climbs out of its folder or starts at a root: "../x.pdf"."""
    return _UNSAFE_PATH.search(name.strip()) is None


def inner_base_name(name: str) -> str:
    """The file name at the end of a path inside an archive: "docs/ответ.pdf" is "ответ.pdf"."""
    return re.split(r"[/\\]", name.strip())[-1]


# --- Shown to the reader ---------------------------------------------------------------------


@dataclass(frozen=True)
class FileNotKept:
    name: str
    reason: NotKept
    archive: str  # the winmail.dat or ZIP it was in, "" for a file of the message itself

    def explain(self) -> str:
        return explain(self.reason, self.name)


def explain(reason: NotKept, name: str) -> str:
    """Why the file is not kept, in the active language: "type not kept as evidence (.exe)"."""
    if reason == NotKept.TYPE:
        extension = os.path.splitext(name)[1].lower()
        if extension:
            return _("type not kept as evidence (%(extension)s)") % {"extension": extension}
        return _("type not kept as evidence")
    texts = {
        NotKept.MARKUP: _("contains web page or script markup"),
        NotKept.TOO_LARGE: _("larger than %(limit)s MB")
        % {"limit": f"{settings.EVIDENCE_MAX_BYTES / 1_000_000:.0f}"},
        NotKept.ARCHIVE_IN_ARCHIVE: _("archive inside an archive"),
        NotKept.ENCRYPTED: _("protected by a password"),
        NotKept.UNREADABLE: _("damaged, cannot be read"),
    }
    return texts[reason]


def files_not_kept(data: Mapping[str, Any]) -> list[FileNotKept]:
    """The files an event's message carried and the tracker did not keep, with the reason.

    Events recorded before the reasons were stored list names only; the one reason then was a
    type not kept as evidence.
    """
    found = []
    for item in data.get("attachments_not_kept") or []:
        if isinstance(item, str):
            found.append(FileNotKept(name=item, reason=NotKept.TYPE, archive=""))
        elif isinstance(item, Mapping):
            reason = str(item.get("reason", ""))
            found.append(
                FileNotKept(
                    name=str(item.get("name", "")),
                    reason=NotKept(reason) if reason in _REASONS else NotKept.TYPE,
                    archive=str(item.get("archive", "")),
                )
            )
    return found
