"""The address sheet of a posted letter: an A4 page to print and glue on the envelope. Pure.

The recipient (the body's name and postal address) is set large in the lower right, where the
post reads it; the sender (name and address) small in the upper left, where a returned delivery
notice goes back to.
"""

from letters.render import add_parsed_font


def render_address_sheet(
    *,
    recipient_name: str,
    recipient_address: str,
    sender_name: str,
    sender_address: str,
    sender_heading: str,
    recipient_heading: str,
    title: str,
) -> bytes:
    """An A4 PDF in DejaVu Sans (Cyrillic and the Kazakh letters), from plain strings."""
    # fpdf is imported where a file is made, not at start-up (tests/core/test_startup_imports.py).
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    add_parsed_font(pdf, "")
    add_parsed_font(pdf, "B")
    pdf.add_page()
    half = pdf.epw / 2

    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(half, 5, sender_heading, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(half, 5.5, sender_name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(
        half, 5.5, sender_address or "_" * 40, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )

    pdf.set_y(150)
    pdf.set_x(pdf.l_margin + half)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(half, 6, recipient_heading, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(pdf.l_margin + half)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(half, 7.5, recipient_name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(pdf.l_margin + half)
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(half, 7.5, recipient_address, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
