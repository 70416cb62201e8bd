"""A registration number as the letter prints it, from the text Tesseract read.

A space Tesseract puts beside a separator, or a separator it doubles, is dropped ("05- -11/2475" is
"05-11/2475"); a number read all in lower case ("жт-2026-01301") is given in capitals, as bodies
print their numbers. Look-alikes are normalised only where the number itself shows which way:
- a number with a Cyrillic letter reads its Latin look-alikes as Cyrillic ("3T-Ж-123", Latin T,
  is the letter's "3Т-Ж-123"); a number of Latin letters and digits only is kept as read;
- in a segment of digits, a letter "О"/"O" is the digit 0 and a letter "З" the digit 3;
- a leading "З" before a letter ("ЗТ-Ж-123") is the digit 3 of the outgoing prefix "3Т", except
  before a year segment: the e-Otinish number "ЗТ-2026-01234" ("заңды тұлға") begins with the
  letter.
"""

import re

_LATIN_TO_CYRILLIC = str.maketrans("AaBCcEeHKkMOoPpTXxyY", "АаВСсЕеНКкМОоРрТХхуУ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SEPARATOR = re.compile(r"([-/.])")
_SPACED_SEPARATOR = re.compile(r"\s*([-/.])(?:\s*\1)*\s*")
_DIGIT_LOOK_ALIKES = str.maketrans("ОоOoЗ", "00003")
_YEAR = re.compile(r"20\d\d")


def _segment_of_digits(segment: str) -> str:
    if sum(character.isdigit() for character in segment) * 2 > len(segment):
        return segment.translate(_DIGIT_LOOK_ALIKES)
    return segment


def number_as_printed(raw: str) -> str:
    number = _SPACED_SEPARATOR.sub(r"\1", raw.strip().rstrip(".,;:"))
    if number.lower() == number:
        number = number.upper()
    if _CYRILLIC.search(number):
        number = number.translate(_LATIN_TO_CYRILLIC)
    parts = _SEPARATOR.split(number)
    parts = [part if index % 2 else _segment_of_digits(part) for index, part in enumerate(parts)]
    first = parts[0]
    next_segment = parts[2] if len(parts) > 2 else ""
    if (
        len(first) >= 2
        and first[0] == "З"
        and first[1].isalpha()
        and not _YEAR.fullmatch(next_segment)
    ):
        parts[0] = "3" + first[1:]
    return "".join(parts)
