"""Each field of a ``Detection``, found by the rules of one language in the folded sentences."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from requests_tracker.reading.detection.dates import read_date
from requests_tracker.reading.detection.folding import Folded, as_written, fold
from requests_tracker.reading.detection.numbers import number_as_printed
from requests_tracker.reading.detection.results import Detection, Found, Ground
from requests_tracker.reading.detection.rules import LanguageRules, Rule, Rules
from requests_tracker.reading.detection.sentences import split_sentences

_WORD = re.compile(r"[^\W\d_]+")
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
# Grounds are read only in a letter that refuses, in full or in part: an answer that mentions
# "персональные данные" or "ст. 11 Закона о доступе к информации" cites no ground.
REFUSING_KINDS = ("refused", "partially_answered")
T = TypeVar("T")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    folded: Folded

    def found(self, match: re.Match[str], group: str | int, value: str) -> Found:
        start, end = self.folded.span(*match.span(group))
        return Found(value, self.start + start, self.start + end, self.start, self.end)


@dataclass(frozen=True)
class Letter:
    text: str
    sentences: tuple[Sentence, ...]
    whole: Folded  # the letter folded in one piece, for the phrases a stray period may cut

    def matches(self, rules: tuple[Rule, ...]) -> Iterator[tuple[Rule, Sentence, re.Match[str]]]:
        """Every match of ``rules``, sentence by sentence, in the order of the text."""
        for sentence in self.sentences:
            for rule in rules:
                for match in rule.pattern.finditer(sentence.folded.text):
                    yield rule, sentence, match

    def original(self, sentence: Sentence, match: re.Match[str], group: str | int) -> str:
        start, end = sentence.folded.span(*match.span(group))
        return self.text[sentence.start + start : sentence.start + end]

    def found_in_whole(self, match: re.Match[str]) -> Found:
        """A match in ``whole``, with the sentence it begins in."""
        start, end = self.whole.span(*match.span())
        sentence = next(
            (sentence for sentence in reversed(self.sentences) if sentence.start <= start),
            Sentence(0, len(self.text), self.whole),
        )
        return Found(as_written(self.text[start:end]), start, end, sentence.start, sentence.end)


def read_letter(text: str, rules: Rules) -> Letter:
    abbreviations = frozenset().union(*(lang.abbreviations for lang in rules.languages.values()))
    return Letter(
        text,
        tuple(
            Sentence(start, end, fold(text[start:end]))
            for start, end in split_sentences(text, abbreviations)
        ),
        fold(text),
    )


def language_of(letter: Letter, rules: Rules) -> str:
    """The language with more of its marker words (a Kazakh letter counts its own letters too);
    Russian on a tie, as most letters of Kazakh bodies are."""
    words = [word for sentence in letter.sentences for word in _WORD.findall(sentence.folded.text)]
    scores = {
        code: sum(word in language.markers for word in words)
        for code, language in rules.languages.items()
    }
    if len(_KAZAKH_LETTERS.findall(letter.text)) >= 2:
        scores["kk"] = scores.get("kk", 0) + 3
    return max(sorted(scores, reverse=True), key=lambda code: scores[code])


def find_registration(letter: Letter, language: LanguageRules) -> tuple[Found | None, Found | None]:
    """The number and date the body gave: the best priority, then the first in the text."""
    best: tuple[int, int, Found, Found | None] | None = None
    for rule, sentence, match in letter.matches(language.registration):
        number = number_as_printed(letter.original(sentence, match, "number"))
        if not any(character.isdigit() for character in number):
            continue
        dated = None
        if "date" in match.groupdict() and match.group("date"):
            iso = read_date(match.group("date"), language.months)
            dated = sentence.found(match, "date", iso) if iso else None
        key = (rule.priority, sentence.start + match.start())
        if best is None or key < best[:2]:
            best = (*key, sentence.found(match, "number", number), dated)
    return (best[2], best[3]) if best else (None, None)


def find_new_due_date(letter: Letter, language: LanguageRules) -> Found | None:
    for _rule, sentence, match in letter.matches(language.extension):
        iso = read_date(match.group("date"), language.months)
        if iso:
            return sentence.found(match, "date", iso)
    return None


def find_forwarded_to(letter: Letter, language: LanguageRules) -> Found | None:
    for _rule, sentence, match in letter.matches(language.forwarding):
        body = as_written(letter.original(sentence, match, "body")).strip(" .,:;")
        if body:
            return sentence.found(match, "body", body)
    return None


def find_kind(letter: Letter, language: LanguageRules) -> tuple[str, Found | None]:
    """The kind first in the language's priority with a phrase in the letter."""
    first: dict[str, Found] = {}
    for rule, sentence, match in letter.matches(language.kinds):
        if rule.kind not in first:
            first[rule.kind] = sentence.found(
                match, 0, as_written(letter.original(sentence, match, 0))
            )
    for kind in language.kind_priority:
        if kind in first:
            return kind, first[kind]
    return "", None


def find_grounds(letter: Letter, rules: Rules, language: str) -> tuple[Ground, ...]:
    """Each ground cited, once, labelled in the letter's language; patterns of both languages are
    tried (a Kazakh letter may cite "ст. 201 УПК" in Russian). A citation is sought in the whole
    letter, as Tesseract may put a period inside it ("ст. 201.\nУголовно-процессуального")."""
    found: dict[str, Ground] = {}
    for ground in rules.grounds:
        matches = (
            match
            for code in rules.languages
            for rule in ground.patterns[code]
            if (match := rule.pattern.search(letter.whole.text))
        )
        first = min(matches, key=lambda match: match.start(), default=None)
        if first is not None:
            found[ground.code] = Ground(
                ground.code,
                ground.labels[language],
                letter.found_in_whole(first),
                law=ground.law,
                article=ground.article,
            )
    cited = [
        found[rule.code]
        for rule in rules.grounds
        if rule.code in found and not rule.excluded_by & found.keys()
    ]
    if not cited:
        for _rule, sentence, match in letter.matches(rules.languages[language].other_ground):
            citation = as_written(letter.original(sentence, match, "citation")).rstrip(" .")
            cited.append(Ground("other", citation, sentence.found(match, "citation", citation)))
            break
    return tuple(sorted(cited, key=lambda ground: ground.found.start))


def _first(
    finder: Callable[[Letter, LanguageRules], T], letter: Letter, order: list[LanguageRules]
) -> T:
    """What ``finder`` finds by the rules of the letter's language, else by the other's."""
    result = finder(letter, order[0])
    if result is None or result == (None, None) or result == ("", None):
        return finder(letter, order[1])
    return result


def detect_in(text: str, rules: Rules) -> Detection:
    letter = read_letter(text, rules)
    language = language_of(letter, rules)
    order = [rules.languages[language]] + [
        rules.languages[code] for code in rules.languages if code != language
    ]
    kind, kind_found = _first(find_kind, letter, order)
    number, registered_on = _first(find_registration, letter, order)
    new_due_date = _first(find_new_due_date, letter, order)
    forwarded_to = _first(find_forwarded_to, letter, order)
    # No phrase of a kind, but a new date or a named body: the letter is what they say.
    if not kind and new_due_date:
        kind, kind_found = "extended", new_due_date
    elif not kind and forwarded_to:
        kind, kind_found = "forwarded", forwarded_to
    grounds = find_grounds(letter, rules, language) if kind in REFUSING_KINDS else ()
    return Detection(
        kind=kind,
        kind_found=kind_found,
        registration_number=number,
        registration_date=registered_on,
        new_due_date=new_due_date,
        forwarded_to=forwarded_to,
        grounds=grounds,
        language=language,
    )
