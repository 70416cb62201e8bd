"""The search without PostgreSQL (SQLite, the one-command local run): whole words.

A query is read as web-search words: groups separated by ``or``, each a list of words that must
all be in the text, a ``-word`` one that must not; quotes are dropped (a phrase is its words).
A word matches a whole word of the text, case-folded (``words.py``): the same requests
PostgreSQL finds for such a query, without its stemming or trigram matching.
"""

from typing import Literal

from django.db.models import Q
from django.utils.html import escape

from requests_tracker.search.words import WORD, words_of

Column = Literal["public", "private"]
SNIPPET_WORDS = 30
SNIPPET_BEFORE = 10


def groups(text: str) -> list[tuple[list[str], list[str]]]:
    """The query's alternatives, each as (words required, words excluded)."""
    alternatives: list[tuple[list[str], list[str]]] = [([], [])]
    for token in text.replace('"', " ").split():
        if token.casefold() == "or":
            alternatives.append(([], []))
            continue
        required, excluded = alternatives[-1]
        if token.startswith("-"):
            excluded.extend(words_of(token))
        else:
            required.extend(words_of(token))
    return [group for group in alternatives if group[0]]


def condition(text: str, column: Column) -> Q:
    """Documents whose ``column`` words match the query ``text``."""
    field = f"{column}_words__contains"
    found = Q(pk__in=[])
    for required, excluded in groups(text):
        group = Q()
        for word in required:
            group &= Q(**{field: f" {word} "})
        for word in excluded:
            group &= ~Q(**{field: f" {word} "})
        found |= group
    return found


def highlight(text: str, query: str) -> str:
    """An escaped snippet of ``text`` around the first word the query names, each such word in
    ``<mark>``: about ``SNIPPET_WORDS`` words, the whole text when it is shorter."""
    wanted = {word for required, _excluded in groups(query) for word in required}
    spans = list(WORD.finditer(text))
    first = next((i for i, span in enumerate(spans) if span.group().casefold() in wanted), 0)
    start_word = max(0, min(first - SNIPPET_BEFORE, len(spans) - SNIPPET_WORDS))
    stop_word = min(len(spans), start_word + SNIPPET_WORDS)
    if not spans:
        return escape(text)
    start = 0 if start_word == 0 else spans[start_word].start()
    stop = len(text) if stop_word == len(spans) else spans[stop_word - 1].end()
    pieces: list[str] = []
    position = start
    for span in spans[start_word:stop_word]:
        pieces.append(escape(text[position : span.start()]))
        word = escape(span.group())
        pieces.append(f"<mark>{word}</mark>" if span.group().casefold() in wanted else word)
        position = span.end()
    pieces.append(escape(text[position:stop]))
    snippet = "".join(pieces).strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if stop < len(text) else ""
    return f"{prefix}{snippet}{suffix}"
