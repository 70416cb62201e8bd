"""What counts as text the tracker stores: no NUL character, no lone surrogate."""

import re

# NUL, and the surrogate code points, which only a broken encoder or a JSON escape produces;
# PostgreSQL refuses to store either.
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def is_text(value: str) -> bool:
    """False when ``value`` holds a NUL character or a lone surrogate."""
    return _NOT_TEXT.search(value) is None
