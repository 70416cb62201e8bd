"""Optical character recognition with Tesseract (Russian, Kazakh and English data), for images and
for the PDF pages that carry no text layer (scans).

Tesseract is a program of the system (Debian's ``tesseract-ocr`` and its ``-rus``, ``-kaz`` and
``-eng`` data); where it is missing, ``ocr_available`` says so and nothing here is called. The
libraries (pytesseract, Pillow, pypdfium2) are imported when a file is read, never at start-up.
"""

import functools
import io
import logging
import os
import shutil
import subprocess
from typing import Any

logger = logging.getLogger(__name__)

LANGUAGES = ("rus", "kaz", "eng")
# Scans are rendered, and small images enlarged, to this resolution before they are read.
DPI = 300
# One core per page: Tesseract's own threads would take the cores the alerts and sweeps need.
THREADS = "1"


class OcrUnavailable(Exception):  # noqa: N818 (a state of the machine, not a failure of a file)
    """Tesseract, or one of its languages, is not installed here."""


@functools.cache
def ocr_available() -> bool:
    """True when the ``tesseract`` program and its Russian, Kazakh and English data are here."""
    program = shutil.which("tesseract")
    if program is None:
        return False
    try:
        listed = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    languages = set(listed.stdout.split())
    missing = set(LANGUAGES) - languages
    if missing:
        logger.warning("OCR: Tesseract lacks the languages %s", ", ".join(sorted(missing)))
    return not missing


def _read(image: Any) -> str:
    import pytesseract

    if not ocr_available():
        raise OcrUnavailable
    os.environ.setdefault("OMP_THREAD_LIMIT", THREADS)
    text: str = pytesseract.image_to_string(image.convert("L"), lang="+".join(LANGUAGES))
    return text.strip()


def read_image(content: bytes) -> str:
    """The text of a PNG or JPEG image (a photo of a letter, a scan)."""
    from PIL import Image

    with Image.open(io.BytesIO(content)) as opened:
        image: Image.Image = opened.copy()
        dpi = float(opened.info.get("dpi", (0, 0))[0] or DPI)
    if dpi < DPI:  # a 150 dpi scan reads better enlarged
        scale = DPI / dpi
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    return _read(image)


def pdf_page_count(content: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        return len(document)
    finally:
        document.close()


def read_pdf_page(content: bytes, index: int) -> str:
    """The text of page ``index`` (from 0) of a PDF, rendered as an image and read."""
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        bitmap = document[index].render(scale=DPI / 72)
        image = bitmap.to_pil()
    finally:
        document.close()
    return _read(image)
