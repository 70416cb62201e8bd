"""What a reply says, found in its text by rules kept as data (``rules/<language>.yaml`` and
``rules/grounds.yaml``). Pure: no database, no Django models; the caller matches a named body to
the directory.

- ``folding``: the text as the rules read it (OCR look-alikes, Kazakh letters, line breaks);
- ``sentences``: the sentences a finding is highlighted in;
- ``rules``: the rules files, read once and checked;
- ``dates``: a date as written, read as ISO;
- ``finders``: each field found by the rules of one language;
- ``results``: the dataclasses ``detect`` returns.
"""

from requests_tracker.reading.detection.finders import detect_in
from requests_tracker.reading.detection.results import Detection, Found, Ground
from requests_tracker.reading.detection.rules import current_rules

__all__ = ["Detection", "Found", "Ground", "detect", "ground_label"]


def detect(text: str) -> Detection:
    """What ``text`` says: the kind of reply, the registration, the extension, the forwarding and
    the grounds of a refusal, each with its offsets in ``text``. Found by the rules of the
    letter's language, a field missing there sought with the other language's rules."""
    return detect_in(text, current_rules())


def ground_label(code: str, language: str) -> str:
    """How the tracker names ground ``code`` in ``language`` (ru, kk, en: ``rules/grounds.yaml``);
    "" for a code the rules do not know ("other": the letter's own words are shown)."""
    for ground in current_rules().grounds:
        if ground.code == code:
            return ground.labels.get(language) or ground.labels.get("ru", "")
    return ""
