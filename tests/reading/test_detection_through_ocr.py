"""The detector survives the noise real OCR puts in a scan: letters of the corpus, rendered as a
300 dpi page (slightly rotated, blurred, speckled) and read by Tesseract, give their answer key."""

import io
import random
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from requests_tracker.reading.detection import detect
from requests_tracker.reading.ocr import read_image

CORPUS = Path(__file__).resolve().parent / "corpus"
FONT = Path(__file__).resolve().parents[2] / "letters" / "fonts" / "DejaVuSans.ttf"
DPI = 300


def scanned_page(text: str, seed: str) -> bytes:
    """An A4 page at 300 dpi carrying ``text`` in 12 pt, as a scanner gives it."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    noise = random.Random(seed)
    width, height, margin, line_height = 2480, 3508, 200, 62
    font = ImageFont.truetype(str(FONT), 44)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    lines = [
        line for paragraph in text.split("\n") for line in textwrap.wrap(paragraph, 80) or [""]
    ]
    for number, line in enumerate(lines):
        draw.text(
            (margin, margin + number * line_height), line, font=font, fill=noise.randint(0, 40)
        )
    page = page.rotate(noise.uniform(-0.8, 0.8), fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    pixels = page.load()
    assert pixels is not None
    for _ in range(width * height // 400):  # specks of dust and toner
        pixels[noise.randrange(width), noise.randrange(height)] = noise.choice((0, 90, 200))
    out = io.BytesIO()
    page.save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def letter(identifier: str) -> dict[str, Any]:
    with (CORPUS / f"{identifier}.yaml").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


@pytest.mark.parametrize(
    "identifier",
    [
        "ru-07-refused-cpc201",
        "kk-07-refused-cpc201",
        "ru-03-extended-numeric",
        "kk-05-forwarded-prosecutor",
    ],
)
def test_a_scanned_letter_read_by_tesseract_gives_its_answer_key(identifier: str) -> None:
    # given: the letter as a scanned page, read by Tesseract
    known = letter(identifier)
    text = read_image(scanned_page(known["text"], identifier))

    # when
    detection = detect(text)

    # then
    found = {
        "kind": detection.kind,
        "registration_number": detection.registration_number,
        "registration_date": detection.registration_date,
        "new_due_date": detection.new_due_date,
        "forwarded_to": detection.forwarded_to,
    }
    values = {name: getattr(value, "value", value) for name, value in found.items()}
    values["grounds"] = [ground.code for ground in detection.grounds]
    assert values == known["key"]
