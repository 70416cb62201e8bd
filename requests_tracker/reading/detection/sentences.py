"""A letter cut into sentences, as spans of the text given, so that a finding can be highlighted
in the sentence it came from.

A sentence ends at a blank line, or at ".", "!" or "?" followed by space and a capital letter
(or an opening quote), unless the word before the period is an abbreviation of the rules
("г.", "ст.", "Исх.", "ж.") or a single capital (an initial: "А. Б. Серіков"). A single line break
does not end a sentence: scans and photos break lines inside sentences; nor does a blank line
before a lower-case word, specks aside (Tesseract reads blank lines inside a paragraph).
"""

import re

from requests_tracker.reading.detection.folding import fold_character

_BOUNDARY = re.compile(r"\n[ \t]*\n\s*|(?<=[.!?…])\s+(?=[«\"(]?[^\W\d_])")
_LETTER = re.compile(r"[^\W_]")
_WORD_BEFORE = re.compile(r"([^\s.]+)\.$")


def _is_abbreviation(text: str, stop: int, abbreviations: frozenset[str]) -> bool:
    match = _WORD_BEFORE.search(text[max(0, stop - 20) : stop])
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial
        return True
    return "".join(fold_character(character) for character in word) in abbreviations


def _next_letter(text: str, start: int) -> str:
    """The first letter or digit from ``start``, past the specks Tesseract reads ("=. үшін")."""
    found = _LETTER.search(text, start, start + 6)
    return found.group() if found else ""


def split_sentences(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """The spans (start, end) of the sentences of ``text``, white space trimmed, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group().count("\n") >= 2:
            if _next_letter(text, match.end()).islower():
                continue
        else:
            if not _next_letter(text, match.end()).isupper():  # "«о доступе" goes on
                continue
            if _is_abbreviation(text, match.start(), abbreviations):
                continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if begin < end:
            trimmed.append((begin, end))
    return trimmed
