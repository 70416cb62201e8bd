"""The text the rules match: folded so that OCR noise and spelling variants read alike, with a map
from every folded character back to the text ``detect`` was given.

Folding keeps one character per kept character, so offsets map back through ``origins``:
- lower case;
- Latin look-alikes read as Cyrillic (Tesseract mixes А/A, Е/E, О/O, Р/P, С/C, Т/T, Х/X, К/K, М/M,
  Н/H, В/B, У/y inside one word);
- Kazakh letters read as the Russian ones Tesseract puts in their place ("ҚР" read as "КР",
  "ұ"/"ү" as "у", "ә" as "а" or "э", "і" as "i"), and "ё" as "е" (so "э" reads as "а", in
  patterns as in the text);
- a word hyphenated at a line end is joined ("про-\\nдлён" reads "продлён");
- a hyphen Tesseract splits from its ending ("ММ- ге") or doubles ("05- -11") is one hyphen;
- a stray period (or colon, semicolon) Tesseract reads between two words ("құзыреті. бойынша",
  "2026. жылғы", "қызметтік: пайдалану") is dropped: after two letters or digits and before a
  lower-case word it ends no sentence (one letter before a period keeps it: "г.", "ж.");
- specks Tesseract reads as marks are dropped: a lone mark between spaces ("запрос ‹ о",
  "ограниченным |", "қарау =. үшін"), a mark stuck to the start of a word ("№ .04-1", "ст. :17"),
  and apostrophes, back quotes and English quotes (“ ” „),
  which letters in either language do not print (they quote with « »);
- runs of white space, line breaks inside a sentence among them, read as one space.
"""

import re
from dataclasses import dataclass

_LOOK_ALIKES = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "t": "т", "x": "х", "k": "к", "m": "м",
    "h": "н", "b": "в", "y": "у", "i": "і",
}  # fmt: skip
_KAZAKH = {
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
    "ё": "е", "э": "а",
}  # fmt: skip
# A hyphen at a line end between two letters: the word goes on on the next line.
_HYPHENATION = re.compile(r"(?<=[^\W\d_])[-\u00ad]\s*\n\s*(?=[^\W\d_])")
_SPACE_AFTER_HYPHEN = re.compile(r"(?<=[^\W_]-)[ \t]+(?=[^\W_])")
_MARKS = '|‹›«»"“”„_~©®•¦=.:;'
_SPECK = re.compile(rf"(?<=\s)[{_MARKS}]+(?=\s)|(?<=\s)[.,:;](?=[^\W_])|[‘’`´“”„]")
# The word after a period, past any specks: the period is stray when that word is in lower case.
_STRAY_PERIOD = re.compile(rf"(?<=[^\W_]{{2}})[.:;](?=[\s{_MARKS}]*\s[\s{_MARKS}]*([^\W\d_]))")
_DOUBLED_HYPHEN = re.compile(r"(?<=[^\W_]-)\s*-+(?=\s*[^\W_])")
_SPACES = re.compile(r"\s+")


def _noise(text: str) -> list[tuple[int, int]]:
    spans = [match.span() for match in _HYPHENATION.finditer(text)]
    spans += [match.span() for match in _DOUBLED_HYPHEN.finditer(text)]
    spans += [match.span() for match in _SPACE_AFTER_HYPHEN.finditer(text)]
    spans += [match.span() for match in _SPECK.finditer(text)]
    spans += [match.span() for match in _STRAY_PERIOD.finditer(text) if match.group(1).islower()]
    return spans


def fold_character(character: str) -> str:
    lower = character.lower()
    if len(lower) != 1:  # "İ" lowers to two characters: keep it as it is
        lower = character
    lower = _LOOK_ALIKES.get(lower, lower)
    return _KAZAKH.get(lower, lower)


@dataclass(frozen=True)
class Folded:
    text: str
    origins: tuple[int, ...]  # origins[i]: the offset in the given text of folded character i
    length: int  # of the given text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the given text that folded characters ``start``..``end`` come from."""
        if start >= end:
            origin = self.origins[start] if start < len(self.origins) else self.length
            return origin, origin
        return self.origins[start], self.origins[end - 1] + 1


def fold(text: str) -> Folded:
    dropped = [False] * len(text)
    for start, end in _noise(text):
        for index in range(start, end):
            dropped[index] = True
    characters: list[str] = []
    origins: list[int] = []
    for index, character in enumerate(text):
        if dropped[index]:
            continue
        if character.isspace():
            if characters and characters[-1] == " ":
                continue
            character = " "
        characters.append(fold_character(character))
        origins.append(index)
    return Folded(text="".join(characters), origins=tuple(origins), length=len(text))


def fold_pattern(pattern: str) -> str:
    """A rule's regular expression with its literal characters folded as the text is, leaving
    escapes (``\\d``, ``\\S``), group names and group flags untouched."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        character = pattern[index]
        if character == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if pattern.startswith("(?P<", index):
            close = pattern.index(">", index)
            out.append(pattern[index : close + 1])
            index = close + 1
            continue
        if pattern.startswith("(?", index):
            out.append("(?")
            index += 2
            continue
        out.append(" " if character == " " else fold_character(character))
        index += 1
    return "".join(out)


def squeeze(text: str) -> str:
    """White space as one space, ends trimmed."""
    return _SPACES.sub(" ", text).strip()


def as_written(text: str) -> str:
    """A piece of the letter as it prints: the noise ``fold`` drops dropped (a word broken at a
    line end joined, specks and stray periods gone), white space as one space."""
    dropped: set[int] = set()
    for start, end in _noise(text):
        dropped.update(range(start, end))
    return squeeze("".join(c for index, c in enumerate(text) if index not in dropped))
