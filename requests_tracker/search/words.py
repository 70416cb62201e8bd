"""The words of a text as the SQLite fallback compares them: casefolded, each once.

PostgreSQL's ``simple`` configuration lowercases each word and keeps it whole; this does the same
in Python (SQLite folds the case of ASCII letters only), so a whole-word query finds the same
requests on both.
"""

import re

WORD = re.compile(r"\w+")

# Letters of the Kazakh alphabet that Russian lacks: a word with one is Kazakh, and Russian
# stemming does not apply to it (trigram matching does).
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
MAX_WORD = 100  # SearchWord.word


def words_of(text: str) -> list[str]:
    """The casefolded words of ``text`` in order, repeats kept."""
    return WORD.findall(text.casefold())


def word_set_text(text: str) -> str:
    """Each word of ``text`` once, between spaces: ``" бюджет акимата "``."""
    unique = dict.fromkeys(words_of(text))
    return f" {' '.join(unique)} " if unique else ""


def is_kazakh(word: str) -> bool:
    return any(letter in KAZAKH_LETTERS for letter in word.casefold())


def kazakh_words(text: str) -> set[str]:
    """The Kazakh words of ``text``, casefolded, each once (for the lexicon)."""
    return {word for word in words_of(text) if is_kazakh(word) and len(word) <= MAX_WORD}
