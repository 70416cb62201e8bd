"""Scans made for the tests: a known text drawn in DejaVu Sans at 300 dpi, saved as a PNG photo
or as a one-page PDF without a text layer (an image only), as a body's scanner would."""

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "letters" / "fonts" / "DejaVuSans.ttf"
DPI = 300


def _page(lines: list[str]) -> object:
    from PIL import Image, ImageDraw, ImageFont

    # A4 at 300 dpi is 2480 pixels wide (a body's line of 75 letters fits); a few lines high.
    image = Image.new("L", (2480, 200 + 110 * len(lines)), color=255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 48)  # 48 px at 300 dpi: an 11.5 pt letter
    for number, line in enumerate(lines):
        draw.text((120, 100 + 110 * number), line, font=font, fill=0)
    return image


def scanned_png(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    _page(lines).save(buffer, format="PNG", dpi=(DPI, DPI))  # type: ignore[attr-defined]
    return buffer.getvalue()


def scanned_pdf(lines: list[str]) -> bytes:
    """A one-page PDF holding only the image of the page (no text layer)."""
    buffer = io.BytesIO()
    _page(lines).save(buffer, format="PDF", resolution=DPI)  # type: ignore[attr-defined]
    return buffer.getvalue()


def scanned_pdf_of_pages(pages: list[list[str]]) -> bytes:
    """A PDF of one scanned page (an image only) for each list of lines."""
    images = [_page(lines) for lines in pages]
    buffer = io.BytesIO()
    first, *others = images
    first.save(  # type: ignore[attr-defined]
        buffer, format="PDF", resolution=DPI, save_all=True, append_images=others
    )
    return buffer.getvalue()


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer, as a word processor exports it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVuSans", fname=str(FONT))
    pdf.set_font("DejaVuSans", size=12)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def two_page_pdf(scanned_lines: list[str]) -> bytes:
    """Page 1 typed ("Первая страница набрана", a text layer), page 2 scanned (an image only)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVuSans", fname=str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVuSans", size=12)
    pdf.cell(0, 10, "Первая страница набрана")
    pdf.add_page()
    pdf.image(io.BytesIO(scanned_png(scanned_lines)), x=10, y=10, w=148)
    return bytes(pdf.output())
