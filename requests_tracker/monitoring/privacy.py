"""What publishing a violation would expose: the names its public text must not hold.

The open data shows a violation's public description (never the internal one), the legal ground
cited and the source. Publishing is refused while that text holds a word of the victim's name
when the victim has not agreed to be named, or a word of the name (or the email) of the requester
of the linked request: the words are checked against the names stored on the violation and the
requester's account, word by word, whatever the case, "ё" read as "е". Russian and Kazakh inflect
names ("Маричевой", "Маричеваға"), so a name of five letters or more is also found in a word that
starts with the name less its last letter and runs on for at most four more; a shorter name
("Дана", "Цой") only as itself, so that common words ("данные") are not taken for it. A name
spelt in another alphabet (Maricheva) is not found: staff read the text too.
"""

import re

from django.utils.translation import gettext as _

from requests_tracker.monitoring.models import Violation

_WORD = re.compile(r"\w+")
# A single letter is an initial, not a name: "М. Калдарбек" is found by its last name.
_SHORTEST_NAME_WORD = 2
_SHORTEST_INFLECTED_NAME = 5
_LONGEST_ENDING = 4


def _folded(word: str) -> str:
    return word.casefold().replace("ё", "е")


def _name_words(*names: str) -> set[str]:
    return {
        _folded(word)
        for name in names
        for word in _WORD.findall(name)
        if len(word) >= _SHORTEST_NAME_WORD and not word.isdigit()
    }


def _is_a_form_of(word: str, name: str) -> bool:
    """Whether ``word`` (folded) is ``name`` (folded) or, for a long name, an inflected form."""
    if word == name:
        return True
    if len(name) < _SHORTEST_INFLECTED_NAME:
        return False
    stem = name[:-1]
    return word.startswith(stem) and len(word) - len(stem) <= _LONGEST_ENDING


def public_text(violation: Violation) -> str:
    """Every text of ``violation`` that the open data shows."""
    return "\n".join(
        (violation.public_description, violation.legal_ground_cited, violation.source_url)
    )


def names_in_public_text(violation: Violation) -> list[str]:
    """The words of the public text that name a victim without consent or the requester, in the
    order they stand in the text (each once); an email is given whole."""
    text = public_text(violation)
    protected: set[str] = set()
    emails: list[str] = []
    if not violation.victim_consents_to_publication:
        protected |= _name_words(violation.victim_name)
    if violation.information_request_id is not None:
        requester = violation.information_request.requester  # type: ignore[union-attr]
        protected |= _name_words(requester.first_name, requester.last_name)
        if requester.email.strip():
            emails.append(requester.email.strip())
    found = [
        word
        for word in _WORD.findall(text)
        if any(_is_a_form_of(_folded(word), name) for name in protected)
    ]
    found += [email for email in emails if email.casefold() in text.casefold()]
    return list(dict.fromkeys(found))


def publishing_refusal(violation: Violation) -> str | None:
    """Why ``violation`` cannot be published as it stands, naming the words; None when it can."""
    if words := names_in_public_text(violation):
        return _(
            "The public text names a victim who has not agreed to be named, or the requester of "
            "the linked request: %(words)s. Remove these words before publishing."
        ) % {"words": ", ".join(f"“{word}”" for word in words)}
    return None
