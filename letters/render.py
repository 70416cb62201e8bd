"""Rendering a letter: text (the email body), HTML (the preview), PDF and DOCX.

Every format comes from the text of one template. The text's layout conventions: the first block
(up to the first blank line) is the header, set flush right; the title is the one-line block after
the block that ends with the subject line ("Тема: …", "Тақырыбы: …", "Subject: …"), centred and
bold; other blocks are paragraphs. The text itself carries no markup: a title a template writes
as "# Title" is a plain line in the text, and a letter stored before keeps its title.
"""

import copy
import hashlib
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape

from letters.contexts import LetterContext
from letters.environment import default_template, render_staff_template

if TYPE_CHECKING:
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

# fpdf (with Pillow and fontTools) and python-docx (with lxml) are imported where a file is made,
# not at start-up, which most processes would pay for nothing (tests/core/test_startup_imports.py).
# Only third-party libraries are imported this way.

FONT_DIR = Path(__file__).resolve().parent / "fonts"


@dataclass(frozen=True)
class Block:
    kind: str  # "header" | "reference" (outgoing number, date, subject) | "title" | "paragraph"
    text: str


def render_text(context: LetterContext, staff_source: str | None = None) -> str:
    """The letter as plain text, from the staff template's source given (rendered in a child
    process within the memory and time budget) or from the default one, which ships with the
    code and renders here."""
    if staff_source is not None:
        text = render_staff_template(staff_source, context.as_template_data())
    else:
        text = default_template(context.kind, context.language).render(context.as_template_data())
    return plain(text)


SUBJECT_LABELS = ("Тема:", "Тақырыбы:", "Subject:")
TITLE_MARK = "# "


def plain(text: str) -> str:
    """``text`` without the Markdown title mark a template may use: the title is a plain line."""
    return "\n".join(
        line[len(TITLE_MARK) :] if line.startswith(TITLE_MARK) else line
        for line in text.split("\n")
    )


def content_hash(text: str) -> str:
    """SHA-256 of the letter's text: what was sent can be proved."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def blocks(text: str) -> list[Block]:
    parts = [part.strip("\n") for part in text.replace("\r\n", "\n").split("\n\n")]
    result: list[Block] = []
    follows_subject = False
    for index, part in enumerate(p for p in parts if p.strip()):
        if part.startswith(TITLE_MARK):  # a letter stored with the mark
            result.append(Block("title", part[len(TITLE_MARK) :].strip()))
        elif follows_subject and "\n" not in part:
            result.append(Block("title", part.strip()))
        elif index == 0:
            result.append(Block("header", part))
        elif part.rsplit("\n", 1)[-1].startswith(SUBJECT_LABELS):
            result.append(Block("reference", part))
        else:
            result.append(Block("paragraph", part))
        follows_subject = part.rsplit("\n", 1)[-1].startswith(SUBJECT_LABELS)
    return result


def render_html(text: str, *, language: str) -> str:
    """An HTML preview; every character of the letter is escaped."""
    body = []
    for block in blocks(text):
        lines = "<br>".join(str(escape(line)) for line in block.text.split("\n"))
        if block.kind == "title":
            body.append(f"<h1>{lines}</h1>")
        elif block.kind == "header":
            body.append(f'<p class="header">{lines}</p>')
        else:
            body.append(f"<p>{lines}</p>")
    return (
        f'<!doctype html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        "<style>body{font-family:'DejaVu Sans',sans-serif;max-width:40rem;margin:2rem auto;"
        "line-height:1.5}.header{text-align:right}h1{font-size:1.1rem;text-align:center}</style>"
        "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


FAMILY = "DejaVu"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}


@dataclass(frozen=True)
class ParsedFont:
    """A font file read and measured once per process: its metrics, character map and glyph
    ids (``face``), and its bytes, from which each PDF takes its own copy to subset."""

    face: "TTFFont"
    data: bytes


# Tables fpdf2 leaves out of every embedded subset (fpdf/output.py, ``_add_fonts``). Removed
# from each document's copy beforehand, they are not decompiled only to be thrown away.
TABLES_NEVER_EMBEDDED = ("FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix")


@cache
def parsed_font(style: str) -> ParsedFont:
    """The font of ``style`` ("" or "B"), parsed on the first PDF and kept by the process."""
    from fontTools import ttLib
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    prototype = FPDF()
    prototype.add_font(FAMILY, style, str(FONT_FILES[style]))
    face = prototype.fonts[f"{FAMILY.lower()}{style}"]
    assert isinstance(face, TTFFont)
    assert face.color_font is None  # DejaVu Sans has no colour glyphs to keep per document
    trimmed = ttLib.TTFont(FONT_FILES[style], recalcTimestamp=False, lazy=True)
    # fontTools' subsetter drops the legacy "kern" table of a font that has "GPOS" (its option
    # ``legacy_kern`` is off); without GPOS it would keep it.
    never = (*TABLES_NEVER_EMBEDDED, "kern") if "GPOS" in trimmed else TABLES_NEVER_EMBEDDED
    for tag in never:
        if tag in trimmed:
            del trimmed[tag]
    data = BytesIO()
    trimmed.save(data)
    return ParsedFont(face=face, data=data.getvalue())


def add_parsed_font(pdf: "FPDF", style: str) -> None:
    """What ``pdf.add_font(FAMILY, style, file)`` adds, without parsing the file again.

    The measurements are shared, read only; what a document changes is its own: the subset of
    glyphs it uses, and the font tables that subsetting rewrites in place (a lazily opened copy
    of the file's bytes, whose tables are read only when the PDF is written).
    """
    from fontTools import ttLib
    from fpdf.fonts import SubsetMap

    parsed = parsed_font(style)
    font = copy.copy(parsed.face)
    font.i = len(pdf.fonts) + 1
    font.ttfont = ttLib.TTFont(BytesIO(parsed.data), recalcTimestamp=False, lazy=True)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font


# A4 with the margins of Kazakh office correspondence, in millimetres: left 30, right 10, top and
# bottom 20. The addressee block sits in the right half, the outgoing number, date and subject
# flush left above the centred title; the body is justified.
PAGE_MM = (210, 297)
MARGINS_MM = {"left": 30, "right": 10, "top": 20, "bottom": 20}


def render_pdf(text: str, *, title: str) -> bytes:
    """An A4 PDF in DejaVu Sans, which carries Cyrillic and the Kazakh letters."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_margins(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"])
    pdf.set_auto_page_break(auto=True, margin=MARGINS_MM["bottom"])
    add_parsed_font(pdf, "")
    add_parsed_font(pdf, "B")
    pdf.add_page()
    width = pdf.epw
    for block in blocks(text):
        if block.kind == "header":
            pdf.set_font("DejaVu", "", 11)
            pdf.set_x(pdf.l_margin + width / 2)
            pdf.multi_cell(width / 2, 5.5, block.text, align="L")
        elif block.kind == "title":
            pdf.set_font("DejaVu", "B", 12)
            pdf.multi_cell(width, 6, block.text, align="C")
        elif block.kind == "reference":
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(width, 5.5, block.text, align="L")
        else:
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(width, 5.5, block.text, align="J")
        pdf.ln(3)
    return bytes(pdf.output())


def render_docx(text: str, *, title: str) -> bytes:
    """An editable DOCX with the same blocks."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    document.core_properties.title = title
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(11)
    for block in blocks(text):
        paragraph = document.add_paragraph()
        lines = block.text.split("\n")
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = block.kind == "title"
            if number < len(lines) - 1:
                run.add_break()
        if block.kind == "header":
            # The right half of the 170 mm text width.
            paragraph.paragraph_format.left_indent = Mm(85)
        elif block.kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "reference":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    output = BytesIO()
    document.save(output)
    return output.getvalue()
