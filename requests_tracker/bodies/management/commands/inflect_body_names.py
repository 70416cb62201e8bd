"""Write the grammatical forms of every body's name into the directory file, once.

The letters address "Руководителю <genitive>" and "<genitive> басшысына": the forms are generated
here (pymorphy3 for Russian, the Kazakh suffix rules below), written next to each body's ``name:``
block in ``kz_directory.yaml``, read by eye and corrected by hand there. A body that already has
its forms keeps them (a hand correction survives a second run); ``--overwrite`` regenerates all.
Nothing inflects a name when a letter is rendered: the letters read the stored forms.
"""

import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from requests_tracker.bodies.services import DATA_DIR

FORMS = ("ru_genitive", "ru_dative", "kk_genitive", "kk_dative")
RU_CASES = {"ru_genitive": "gent", "ru_dative": "datv"}

BACK_VOWELS = set("аоұыяАОҰЫЯ")
FRONT_VOWELS = set("әөүіеэӘӨҮІЕЭ")
VOWELS = BACK_VOWELS | FRONT_VOWELS | set("июёИЮЁ")
VOICELESS = set("кқпстфхцчшщ")
SONORANT = set("лрйужз")  # -дың/-дің; after м, н, ң the genitive is -ның/-нің


def _front(word: str) -> bool:
    """Vowel harmony: the last vowel that has a harmony decides (и, у, ю follow the word)."""
    for letter in reversed(word.lower()):
        if letter in FRONT_VOWELS:
            return True
        if letter in BACK_VOWELS:
            return False
    return False


def kazakh_form(name: str, case: str) -> str:
    """The genitive (-ның/-нің after a vowel or м, н, ң; -дың/-дің after л, р, й, у, ж, з;
    -тың/-тің after the others) or dative (-на/-не/-ға/-ге/-қа/-ке) of a
    name: only the last word takes the ending; a final -ы/-і is the possessive, after which the
    genitive is -ның/-нің and the dative -на/-не ("басқармасы" -> "басқармасына")."""
    if name.endswith(")") and " (" in name:
        # The suffix goes on the name, before its parenthesised alias: "агенттігінің (…)".
        inner, _open, alias = name.rpartition(" (")
        return f"{kazakh_form(inner, case)} ({alias}"
    head, _space, last = name.rpartition(" ")
    word = last.rstrip('»"')
    closing = last[len(word) :]
    front = _front(word)
    final = word[-1].lower()
    if final in "ыі":
        suffix = ("нің" if front else "ның") if case == "genitive" else ("не" if front else "на")
    elif case == "genitive":
        if final in VOWELS or final in "мнң":
            suffix = "нің" if front else "ның"
        elif final in SONORANT:
            suffix = "дің" if front else "дың"
        else:
            suffix = "тің" if front else "тың"
    elif final in VOICELESS:
        suffix = "ке" if front or final == "к" else "қа"
    else:
        suffix = "ге" if front else "ға"
    if word.isupper() and len(word) > 1:
        suffix = "-" + suffix  # an abbreviation: "АҚ-ның"
    return f"{head}{_space}{word}{suffix}{closing}"


def _restore_capitals(original: str, inflected: str) -> str:
    """Each hyphenated part keeps its capital: "Премьер-Министр" -> "Премьер-Министра"."""
    parts = inflected.split("-")
    originals = original.split("-")
    if len(parts) != len(originals):
        originals = [original]
    return "-".join(
        part[:1].upper() + part[1:] if source[:1].isupper() else part
        for part, source in zip(parts, originals + originals[-1:] * len(parts), strict=False)
    )


def russian_form(morph: Any, name: str, case: str) -> str:
    """The head noun phrase in ``case``: the adjectives before the head noun agree with it, and
    everything from the first word after the head noun (a genitive complement, a preposition, a
    quoted name) stays as it is."""
    words = name.split(" ")
    head_at = None
    parses = []
    for index, word in enumerate(words):
        if not re.fullmatch(r"[А-ЯЁа-яё-]+", word) or (word.isupper() and len(word) > 1):
            break
        candidates = [p for p in morph.parse(word) if "nomn" in p.tag]
        noun = next((p for p in candidates if p.tag.POS == "NOUN"), None)
        # "Высшая" is its own adjective, not the superlative of "высокий".
        adjective = next(
            (
                p
                for p in candidates
                if p.tag.POS in ("ADJF", "PRTF") and "Supr" not in p.tag and "Cmp2" not in p.tag
            ),
            next((p for p in candidates if p.tag.POS in ("ADJF", "PRTF")), None),
        )
        if adjective is not None and (noun is None or index + 1 < len(words)):
            following = words[index + 1] if index + 1 < len(words) else ""
            if following and any(
                "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF")
                for p in morph.parse(following)
            ):
                parses.append(adjective)
                continue
        if noun is None:
            break
        parses.append(noun)
        head_at = index
        break
    if head_at is None:
        return name
    head = parses[head_at]
    agreement = {"plur"} if "plur" in head.tag else {head.tag.gender}
    out = []
    for index, parse in enumerate(parses):
        wanted = {case} if index == head_at else {case} | agreement
        inflected = parse.inflect(wanted)
        if inflected is None:
            return name
        out.append(_restore_capitals(words[index], inflected.word))
    return " ".join(out + words[head_at + 1 :])


def name_forms(morph: Any, ru: str, kk: str) -> dict[str, str]:
    return {
        "ru_genitive": russian_form(morph, ru, "gent"),
        "ru_dative": russian_form(morph, ru, "datv"),
        "kk_genitive": kazakh_form(kk, "genitive"),
        "kk_dative": kazakh_form(kk, "dative"),
    }


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquoted(value: str) -> str:
    return value.strip().strip('"').replace('\\"', '"').replace("\\\\", "\\")


def inflect_file(path: Path, *, overwrite: bool) -> int:
    """Add (or, with ``overwrite``, replace) each body's ``name_forms:`` block; returns how many
    bodies were written."""
    import pymorphy3  # type: ignore[import-untyped]

    morph = pymorphy3.MorphAnalyzer()
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    written = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        if line != "    name:":
            continue
        names = {}
        while index < len(lines) and lines[index].startswith("      "):
            key, _colon, value = lines[index].strip().partition(":")
            names[key] = _unquoted(value)
            out.append(lines[index])
            index += 1
        has_forms = index < len(lines) and lines[index] == "    name_forms:"
        if has_forms:
            block_end = index + 1
            while block_end < len(lines) and lines[block_end].startswith("      "):
                block_end += 1
            if not overwrite:
                out.extend(lines[index:block_end])
                index = block_end
                continue
            index = block_end
        forms = name_forms(morph, names["ru"], names["kk"])
        out.append("    name_forms:")
        out.extend(f"      {key}: {_quoted(forms[key])}" for key in FORMS)
        written += 1
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return written


class Command(BaseCommand):
    help = "Write the genitive and dative of every body's name (ru, kk) into the directory file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=DATA_DIR / "kz_directory.yaml")
        parser.add_argument("--overwrite", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        written = inflect_file(options["path"], overwrite=options["overwrite"])
        self.stdout.write(f"{written} bodies given their name forms.")
