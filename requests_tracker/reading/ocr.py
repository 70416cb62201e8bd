"""Optical character recognition with Tesseract (Russian, Kazakh and English data), for images and
for the PDF pages that carry no text layer (scans).

Tesseract is a program of the system (Debian's ``tesseract-ocr`` and its ``-rus``, ``-kaz`` and
``-eng`` data); where it is missing, ``ocr_available`` says so and nothing here is called. The
libraries (pytesseract, Pillow, pypdfium2) are imported when a file is read, never at start-up.

Measured on the test corpus's scans and photos (tests/reading/test_ocr_accuracy.py) and kept out:
page segmentation modes 4 (same) and 6 (three to five times the errors) instead of the default 3;
``--oem 1`` (the same text: the packaged models are read by the LSTM engine already); Tesseract's
Sauvola threshold (worse than the flattening below); choosing the languages per page (Russian
pages read as rus+eng, Kazakh as kaz+eng, even knowing the language: no better than kaz+rus+eng
for all); deskewing (the scans are within 1 degree, which Tesseract's own layout analysis takes).
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
# The order of the languages matters, and neither order suits both languages. Kazakh first, the
# Russian letters lose what Kazakh rarely writes (щ read as ш: "обрашения"); Russian first, the
# Kazakh letters come back as their Russian look-alikes (қ as к, ұ as у, і as |). So a page is
# read Russian first, and read again Kazakh first when what came back has Kazakh letters.
# Measured on the test corpus (tests/reading/test_ocr_accuracy.py): a Russian page reads once,
# a Kazakh one twice (about twice the seconds, far under the 10 s a page).
RUSSIAN_FIRST = "rus+kaz+eng"
KAZAKH_FIRST = "kaz+rus+eng"
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# As many Kazakh letters as this in a page read Russian first make it a Kazakh page: a Russian
# letter may quote a Kazakh name or two.
KAZAKH_LETTERS_OF_A_KAZAKH_PAGE = 8
# Scans are rendered, and small images enlarged, to this resolution before they are read.
DPI = 300
# An image is enlarged no further than this many pixels on its longer side (A4 at 300 dpi is
# 3,508): phones write 72 dpi in photos of many megapixels, which need no enlarging.
LONGEST_SIDE = 4200
# The median filter's width in pixels at 300 dpi: it removes specks up to 2 pixels across and
# keeps the strokes of 10 to 12 pt text (3 to 4 pixels wide).
MEDIAN = 5
# After the paper is made white (255), ink lies far below it; when Otsu's two classes are closer
# than this, the page has no ink, only the paper's grain, and is read as blank.
LEAST_INK_CONTRAST = 64
# One core per page: Tesseract's own threads would take the cores the alerts and sweeps need.
THREADS = "1"
# Tesseract runs at the lowest CPU priority (``nice -n 19``), so that the work sharing its process
# group goes first. Between containers (or sessions, with Linux's autogroup) nice decides nothing:
# there the cgroup's CPU weight does (bench/ocr_pages.py measured the sweep during OCR at 1.7-1.8
# times its time alone, workers in separate sessions, with and without it).
NICENESS = 19


class OcrUnavailable(Exception):  # noqa: N818 (a state of the machine, not a failure of a file)
    """Tesseract, or one of its languages, is not installed here."""


class UnreadableFileError(ValueError):
    """The file is damaged or not what it says (not an image, a truncated JPEG, a broken PDF):
    no reading will ever get text out of it, so it is not worth a retry."""


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


def prepared(image: Any) -> Any:
    """The page as Tesseract reads it best: grey, the paper's shading removed, black on white,
    specks gone.

    Measured on the test corpus (tests/reading/test_ocr_accuracy.py): Tesseract's own global
    threshold fails on a photo lit unevenly (three quarters of the page read as nothing) and the
    specks of a scan come back as stray letters and commas. Flattening the background, Otsu's
    threshold and a 5-pixel median filter took the character error rate of the 300 dpi scans from
    4-10 % to under 1 %.
    """
    from PIL import ImageFilter

    black_and_white = _otsu(_flattened(image.convert("L")))
    return black_and_white.filter(ImageFilter.MedianFilter(MEDIAN))


def _flattened(grey: Any) -> Any:
    """``grey`` divided by its paper's brightness, so that the paper is white all over.

    The paper is what is left of the page at an eighth of its size after a maximum filter 56
    pixels wide at full size (wider than any letter's stroke at 300 dpi), smoothed."""
    from PIL import Image, ImageFilter, ImageMath

    paper = (
        grey.reduce(8)
        .filter(ImageFilter.MaxFilter(7))
        .filter(ImageFilter.GaussianBlur(3))
        .resize(grey.size, Image.Resampling.BILINEAR)
    )
    return ImageMath.lambda_eval(
        lambda names: names["convert"](names["page"] * 255 / (names["paper"] + 1), "L"),
        page=grey,
        paper=paper,
    )


def _otsu(grey: Any) -> Any:
    """Black and white at Otsu's threshold (the level that best separates ink from paper); all
    white when the two sides are too alike to be ink and paper (a blank page)."""
    histogram = grey.histogram()
    total = sum(histogram)
    weighted_total = sum(level * count for level, count in enumerate(histogram))
    below = weighted_below = 0
    best_spread, threshold, contrast = -1.0, 127, 0.0
    for level, count in enumerate(histogram):
        below += count
        weighted_below += level * count
        above = total - below
        if below == 0 or above == 0:
            continue
        mean_below = weighted_below / below
        mean_above = (weighted_total - weighted_below) / above
        spread = below * above * (mean_above - mean_below) ** 2
        if spread > best_spread:
            best_spread, threshold, contrast = spread, level, mean_above - mean_below
    if contrast < LEAST_INK_CONTRAST:
        return grey.point(lambda _value: 255)
    return grey.point(lambda value: 255 if value > threshold else 0)


def _read(image: Any) -> str:
    import pytesseract

    if not ocr_available():
        raise OcrUnavailable
    os.environ.setdefault("OMP_THREAD_LIMIT", THREADS)
    page = prepared(image)
    text: str = pytesseract.image_to_string(page, lang=RUSSIAN_FIRST, nice=NICENESS)
    if sum(letter in KAZAKH_LETTERS for letter in text) >= KAZAKH_LETTERS_OF_A_KAZAKH_PAGE:
        text = pytesseract.image_to_string(page, lang=KAZAKH_FIRST, nice=NICENESS)
    return text.strip()


def read_image(content: bytes) -> str:
    """The text of a PNG or JPEG image (a photo of a letter, a scan).

    Raises ``UnreadableFileError`` when the bytes are not an image Pillow can decode whole."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as opened:
            image: Image.Image = opened.copy()  # decodes it all: a truncated file fails here
            dpi = float(opened.info.get("dpi", (0, 0))[0] or DPI)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise UnreadableFileError(f"not a readable image: {error}") from error
    scale = min(DPI / dpi, LONGEST_SIDE / max(image.size))
    if scale > 1:  # a 150 or 200 dpi scan reads better enlarged
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    return _read(image)


def pdf_page_count(content: bytes) -> int:
    """The number of pages of a PDF; ``UnreadableFileError`` when it is broken."""
    document = _pdf(content)
    try:
        return len(document)
    finally:
        document.close()


def read_pdf_page(content: bytes, index: int) -> str:
    """The text of page ``index`` (from 0) of a PDF, rendered as an image and read.

    Raises ``UnreadableFileError`` when the PDF is broken or the page cannot be rendered."""
    import pypdfium2

    document = _pdf(content)
    try:
        bitmap = document[index].render(scale=DPI / 72)
        image = bitmap.to_pil()
    except pypdfium2.PdfiumError as error:
        raise UnreadableFileError(
            f"page {index + 1} of the PDF cannot be rendered: {error}"
        ) from error
    finally:
        document.close()
    return _read(image)


def _pdf(content: bytes) -> Any:
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError as error:
        raise UnreadableFileError(f"not a readable PDF: {error}") from error
