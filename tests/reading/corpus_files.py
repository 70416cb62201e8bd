"""The files of the test corpus, made from a letter's known text: a PDF with a text layer, a
scanned PDF (an image only, no text layer), a photo, a DOCX and plain text.

A letter is a mapping read from ``tests/reading/corpus/<id>.yaml`` or
``tests/reading/ocr_samples/<id>.yaml``: ``id``, ``language`` (``ru`` or ``kk``), ``form`` (one of
``FORMS``), ``dpi`` (for scans and photos: 200 or 300) and ``text``. Every random choice (the
rotation, the noise, the lighting) is seeded by the letter's id, so a letter gives the same bytes
on every run and every machine with the same Pillow.

The page is A4 with the margins of an official letter (30 mm left, 15 mm right, 20 mm top and
bottom) in DejaVu Sans 12 pt, the font of the letters the tracker itself writes.
"""

import io
import random
import zlib
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "letters" / "fonts" / "DejaVuSans.ttf"
FOLDERS = (Path(__file__).parent / "corpus", Path(__file__).parent / "ocr_samples")
FORMS = ("text_pdf", "scan_pdf", "photo", "docx", "plain")
MIME_TYPES = {
    "text_pdf": "application/pdf",
    "scan_pdf": "application/pdf",
    "photo": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "plain": "text/plain",
}
SUFFIXES = {
    "text_pdf": ".pdf",
    "scan_pdf": ".pdf",
    "photo": ".jpg",
    "docx": ".docx",
    "plain": ".txt",
}

A4_MM = (210.0, 297.0)
MARGINS_MM = {"left": 30.0, "right": 15.0, "top": 20.0, "bottom": 20.0}
FONT_POINTS = 12.0
LINE_SPACING = 1.35  # of the font size
MM_PER_INCH = 25.4
FIXED_DATE = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # the files' own date, not the clock's

Letter = Mapping[str, Any]


def load_letters() -> list[dict[str, Any]]:
    """Every letter of both folders, sorted by id (a folder not there yet gives none)."""
    letters = []
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.yaml")):
            letter = yaml.safe_load(path.read_text(encoding="utf-8"))
            if letter["form"] not in FORMS:
                raise ValueError(f"{path.name}: unknown form {letter['form']!r}")
            letters.append(letter)
    return sorted(letters, key=lambda letter: str(letter["id"]))


def make_file(letter: Letter) -> bytes:
    """The bytes of ``letter`` in its form, the same on every call."""
    form = letter["form"]
    text = str(letter["text"])
    if form == "text_pdf":
        return text_pdf(text)
    if form == "scan_pdf":
        return scan_pdf(text, dpi=int(letter["dpi"]), seed=_seed(letter))
    if form == "photo":
        return photo(text, dpi=int(letter["dpi"]), seed=_seed(letter))
    if form == "docx":
        return docx(text)
    if form == "plain":
        return text.encode("utf-8")
    raise ValueError(f"unknown form {form!r}")


def file_name(letter: Letter) -> str:
    return f"{letter['id']}{SUFFIXES[letter['form']]}"


def _seed(letter: Letter) -> int:
    # Not hash(): it is salted per process, and the files must be the same on every run.
    return zlib.crc32(str(letter["id"]).encode("utf-8"))


def paragraphs(text: str) -> list[str]:
    """The lines of the letter as written (a blank line stays a blank line)."""
    return [line.rstrip() for line in text.strip("\n").split("\n")]


def text_pdf(text: str) -> bytes:
    """An A4 PDF with a text layer, as a body's office software exports it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"])
    pdf.set_auto_page_break(auto=True, margin=MARGINS_MM["bottom"])
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=FONT_POINTS)
    pdf.set_creation_date(FIXED_DATE)  # the same bytes on every run
    pdf.add_page()
    height = FONT_POINTS * LINE_SPACING * MM_PER_INCH / 72
    for line in paragraphs(text):
        pdf.multi_cell(0, height, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render_page(text: str, *, dpi: int) -> Any:
    """The letter drawn black on white on an A4 page at ``dpi`` (a grayscale PIL image)."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = (round(mm / MM_PER_INCH * dpi) for mm in A4_MM)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), size=round(FONT_POINTS / 72 * dpi))
    left, right, top = (
        round(MARGINS_MM[side] / MM_PER_INCH * dpi) for side in ("left", "right", "top")
    )
    line_height = round(FONT_POINTS / 72 * dpi * LINE_SPACING)
    y = top
    for line in _wrapped(paragraphs(text), font=font, width=width - left - right):
        draw.text((left, y), line, fill=0, font=font)
        y += line_height
    if y > height:
        raise ValueError("the letter is longer than one page")
    return page


def _wrapped(lines: list[str], *, font: Any, width: int) -> Iterator[str]:
    for line in lines:
        words = line.split(" ")
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if current and font.getlength(candidate) > width:
                yield current
                current = word
            else:
                current = candidate
        yield current


def scanned_page(text: str, *, dpi: int, seed: int) -> Any:
    """The page as an office scanner gives it: a little askew (within 1 degree), slightly
    blurred, on a grey paper tone, with speckles (dust and toner)."""
    from PIL import Image, ImageFilter

    chance = random.Random(seed)
    page = render_page(text, dpi=dpi)
    page = page.filter(ImageFilter.GaussianBlur(radius=0.6 * dpi / 300))
    # Paper is not white: the ink stays dark, the background goes grey.
    paper = chance.randint(205, 230)
    page = page.point(lambda value: 25 + value * (paper - 25) // 255)
    page = page.rotate(
        chance.uniform(-1.0, 1.0), resample=Image.Resampling.BICUBIC, fillcolor=paper
    )
    return _speckled(page, chance=chance, dpi=dpi)


def _speckled(page: Any, *, chance: random.Random, dpi: int) -> Any:
    """Sensor noise over the whole page and a few hundred dark specks."""
    from PIL import Image, ImageChops, ImageDraw

    # effect_noise draws from the C library's random generator, not from ``chance``; a tile
    # of noise drawn from ``chance`` keeps the file the same on every run.
    tile_size = 256
    tile = Image.frombytes(
        "L",
        (tile_size, tile_size),
        bytes(max(0, min(255, round(chance.gauss(128, 10)))) for _ in range(tile_size**2)),
    )
    noise = Image.new("L", page.size)
    for x in range(0, page.width, tile_size):
        for y in range(0, page.height, tile_size):
            noise.paste(tile.rotate(90 * chance.randrange(4)), (x, y))
    page = ImageChops.add(page, noise, scale=1.0, offset=-128)
    draw = ImageDraw.Draw(page)
    speck = max(1, round(dpi / 200))
    for _ in range(400):
        x, y = chance.randrange(page.width), chance.randrange(page.height)
        draw.ellipse(
            (x, y, x + chance.randint(1, 2) * speck, y + speck), fill=chance.randint(40, 120)
        )
    return page


def _jpeg(image: Any, *, quality: int, dpi: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return buffer.getvalue()


def scan_pdf(text: str, *, dpi: int, seed: int) -> bytes:
    """The scanned page (JPEG at quality 75) embedded in an A4 PDF: an image, no text layer."""
    from fpdf import FPDF

    image = _jpeg(scanned_page(text, dpi=dpi, seed=seed), quality=75, dpi=dpi)
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    pdf.image(io.BytesIO(image), x=0, y=0, w=A4_MM[0], h=A4_MM[1])
    return bytes(pdf.output())


def photo(text: str, *, dpi: int, seed: int) -> bytes:
    """A phone's photo of the letter: light falling off across the page, held a little off
    square (a slight perspective), noisy, saved as JPEG with ``dpi`` in its header."""
    from PIL import Image, ImageChops, ImageFilter

    chance = random.Random(seed)
    page = render_page(text, dpi=dpi)
    page = page.filter(ImageFilter.GaussianBlur(radius=0.8 * dpi / 300))
    # Uneven light: the lamp's spot near one corner, the far side up to a third darker.
    spot = Image.radial_gradient("L")  # 256 x 256, 0 at the centre, 255 at the rim and past it
    x, y = chance.choice(((64, 64), (192, 64), (64, 192), (192, 192)))
    falloff = spot.crop((x - 96, y - 96, x + 96, y + 96)).resize(
        page.size, Image.Resampling.BILINEAR
    )
    light = falloff.point(lambda value: 255 - value * 85 // 255)
    page = page.point(lambda value: 30 + value * 195 // 255)
    page = ImageChops.multiply(page, light)
    page = _perspective(page, chance=chance)
    page = _speckled(page, chance=chance, dpi=dpi)
    return _jpeg(page, quality=80, dpi=dpi)


def _perspective(page: Any, *, chance: random.Random) -> Any:
    """The page seen slightly from one side: its far edge up to 1.5 % narrower."""
    from PIL import Image

    width, height = page.size
    shrink = chance.uniform(0.005, 0.015) * width
    top_side = chance.random() < 0.5
    # The corners of the page (top-left, bottom-left, bottom-right, top-right) in the source
    # image that land on the corners of the output: the narrowed edge is seen stretched.
    corners = (
        (-shrink if top_side else 0, 0),
        (0 if top_side else -shrink, height),
        (width + (0 if top_side else shrink), height),
        (width + (shrink if top_side else 0), 0),
    )
    return page.transform(
        page.size,
        Image.Transform.QUAD,
        [coordinate for corner in corners for coordinate in corner],
        resample=Image.Resampling.BICUBIC,
        fillcolor=200,
    )


def docx(text: str) -> bytes:
    """A Word document, one paragraph a line."""
    from docx import Document

    document = Document()
    document.core_properties.created = FIXED_DATE
    document.core_properties.modified = FIXED_DATE
    for line in paragraphs(text):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return _zip_dated(buffer.getvalue())


def _zip_dated(content: bytes) -> bytes:
    """The same archive with every member dated ``FIXED_DATE`` (python-docx dates them now)."""
    import zipfile

    dated = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(dated, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=FIXED_DATE.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member))
    return dated.getvalue()
