"""Test data: a winmail.dat written byte by byte after [MS-OXTNEF], and a ZIP, each holding a PDF.

``python -m tests.mail.fixture_builders`` writes the two fixture messages in ``messages/``; the
tests check the files are still what these functions write.
"""

import base64
import io
import struct
import zipfile
from pathlib import Path

MESSAGES = Path(__file__).parent / "messages"

# The body's answer: a one-page PDF (its SHA-256 is worked out in the tests from these bytes).
ANSWER_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
    b"trailer\n<< /Size 4 /Root 1 0 R >>\n%%EOF\n"
)
ANSWER_NAME = "Ответ на запрос.pdf"

# MS-OXTNEF §2.1.3.1 and §2.1.3.3: the signature, then attributes of a level (message or
# attachment), each an id (its type in the high word), a length, the data and a checksum.
TNEF_SIGNATURE = 0x223E9F78
LEVEL_MESSAGE, LEVEL_ATTACHMENT = 0x01, 0x02
ATT_TNEF_VERSION = 0x00089006
ATT_OEM_CODEPAGE = 0x00069007
ATT_MESSAGE_CLASS = 0x00078008
ATT_MAPI_PROPS = 0x00069003
ATT_ATTACH_REND_DATA = 0x00069002
ATT_ATTACH_TITLE = 0x00018010
ATT_ATTACH_DATA = 0x0006800F
ATT_ATTACHMENT = 0x00069005
# MS-OXCDATA §2.11.1 property types and MS-OXPROPS tags.
PT_LONG, PT_STRING8, PT_UNICODE = 0x0003, 0x001E, 0x001F
PR_ATTACH_EXTENSION, PR_ATTACH_METHOD, PR_ATTACH_LONG_FILENAME = 0x3703, 0x3705, 0x3707
PR_INTERNET_CPID = 0x3FDE
ATTACH_BY_VALUE = 0x0001


def tnef_attribute(level: int, attribute_id: int, data: bytes) -> bytes:
    checksum = sum(data) & 0xFFFF  # §2.1.3.3: the sum of the data's bytes, modulo 65536
    return struct.pack("<BII", level, attribute_id, len(data)) + data + struct.pack("<H", checksum)


def mapi_properties(properties: list[tuple[int, int, int | bytes]]) -> bytes:
    """A MAPI property list (§2.1.3.4): the count, then each type, id and value (4-byte padded)."""
    out = struct.pack("<I", len(properties))
    for property_type, property_id, value in properties:
        out += struct.pack("<HH", property_type, property_id)
        if isinstance(value, int):
            out += struct.pack("<i", value)
        else:
            out += struct.pack("<II", 1, len(value)) + value + b"\0" * (-len(value) % 4)
    return out


def winmail_dat(files: list[tuple[str, bytes]], *, long_names: bool = True) -> bytes:
    """A winmail.dat as Outlook on Windows in Russian writes it (OEM code page 1251)."""
    stream = struct.pack("<IH", TNEF_SIGNATURE, 0x5D3A)  # the legacy key is any number
    stream += tnef_attribute(LEVEL_MESSAGE, ATT_TNEF_VERSION, struct.pack("<I", 0x00010000))
    stream += tnef_attribute(LEVEL_MESSAGE, ATT_OEM_CODEPAGE, struct.pack("<II", 1251, 0))
    stream += tnef_attribute(LEVEL_MESSAGE, ATT_MESSAGE_CLASS, b"IPM.Microsoft Mail.Note\0")
    stream += tnef_attribute(
        LEVEL_MESSAGE, ATT_MAPI_PROPS, mapi_properties([(PT_LONG, PR_INTERNET_CPID, 1251)])
    )
    for name, content in files:
        extension = name[name.rfind(".") :] if "." in name else ""
        # attAttachRendData first: an attached file (1), no position, no size, flags 0
        rendering = struct.pack("<HiHHI", 1, -1, 0xFFFF, 0xFFFF, 0)
        stream += tnef_attribute(LEVEL_ATTACHMENT, ATT_ATTACH_REND_DATA, rendering)
        stream += tnef_attribute(
            LEVEL_ATTACHMENT, ATT_ATTACH_TITLE, name.encode("cp1251", "replace") + b"\0"
        )
        stream += tnef_attribute(LEVEL_ATTACHMENT, ATT_ATTACH_DATA, content)
        properties: list[tuple[int, int, int | bytes]] = [
            (PT_LONG, PR_ATTACH_METHOD, ATTACH_BY_VALUE),
            (PT_STRING8, PR_ATTACH_EXTENSION, extension.encode("ascii") + b"\0"),
        ]
        if long_names:
            properties.append(
                (PT_UNICODE, PR_ATTACH_LONG_FILENAME, name.encode("utf-16-le") + b"\0\0")
            )
        stream += tnef_attribute(LEVEL_ATTACHMENT, ATT_ATTACHMENT, mapi_properties(properties))
    return stream


def zip_archive(files: list[tuple[str, bytes]]) -> bytes:
    """A ZIP with the given members, dated 12 March 2026 so that its bytes never change."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 12, 15, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def _base64_lines(content: bytes) -> str:
    text = base64.b64encode(content).decode()
    return "\n".join(text[i : i + 76] for i in range(0, len(text), 76))


def _message(*, message_id: str, attachment: str) -> str:
    return (
        "From: =?UTF-8?B?0JrQsNC90YbQtdC70Y/RgNC40Y8g0JTQnw==?= <kense@police.gov.kz>\n"
        "To: {{REPLY_ADDRESS}}\n"
        "Subject: =?UTF-8?B?0J7RgtCy0LXRgiDQvdCwINC30LDQv9GA0L7RgQ==?=\n"
        "Date: Thu, 12 Mar 2026 15:20:00 +0500\n"
        f"Message-ID: <{message_id}@police.gov.kz>\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="_000_answer_"\n'
        "\n"
        "--_000_answer_\n"
        'Content-Type: text/plain; charset="utf-8"\n'
        "Content-Transfer-Encoding: base64\n"
        "\n"
        f"{_base64_lines('Ответ во вложении.'.encode())}\n"
        "\n"
        "--_000_answer_\n"
        f"{attachment}\n"
        "--_000_answer_--\n"
    )


def tnef_message() -> str:
    """A reply from Outlook: its text, and the answer inside winmail.dat (application/ms-tnef)."""
    return _message(
        message_id="20260312152000.tnef",
        attachment=(
            'Content-Type: application/ms-tnef; name="winmail.dat"\n'
            "Content-Transfer-Encoding: base64\n"
            'Content-Disposition: attachment; filename="winmail.dat"\n'
            "\n"
            f"{_base64_lines(winmail_dat([(ANSWER_NAME, ANSWER_PDF)]))}\n"
        ),
    )


def zip_message() -> str:
    """A reply with the answer inside документы.zip."""
    return _message(
        message_id="20260312152000.zip",
        attachment=(
            'Content-Type: application/zip; name="=?UTF-8?B?0LTQvtC60YPQvNC10L3RgtGLLnppcA==?="\n'
            "Content-Transfer-Encoding: base64\n"
            "Content-Disposition: attachment;\n"
            ' filename="=?UTF-8?B?0LTQvtC60YPQvNC10L3RgtGLLnppcA==?="\n'
            "\n"
            f"{_base64_lines(zip_archive([(ANSWER_NAME, ANSWER_PDF)]))}\n"
        ),
    )


FIXTURES = {"winmail_dat_with_pdf.eml": tnef_message, "zip_with_pdf.eml": zip_message}

if __name__ == "__main__":
    for file_name, build in FIXTURES.items():
        (MESSAGES / file_name).write_text(build(), encoding="utf-8")
        print(f"wrote {MESSAGES / file_name}")  # noqa: T201 (a script run by hand)
