"""Whether a row's ``source_url`` is a web address: Django's ``URLValidator`` (http and https),
with a precompiled shortcut for the plain addresses nearly every row has.

The validator splits the address, parses it with ``urlsplit`` and matches a lazily compiled
pattern through a proxy: about 25 µs an address, as much as the rest of a row's check. The
shortcut accepts only what the validator accepts: a lower-case ``http://`` or ``https://``, an
ASCII host name with a top-level domain of letters (the validator's host pattern narrowed to
ASCII), an optional port, a path of no spaces, and neither the address past the validator's
2,048 characters nor the host past 253. Anything else (upper case, IDN, IP, ``localhost``,
user and password) goes to the validator itself, which decides.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

_validate_url = URLValidator(schemes=["http", "https"])
_PLAIN = re.compile(
    r"https?://"
    r"(?P<host>[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"  # the first label
    r"(?:\.(?!-)[a-zA-Z0-9-]{1,63}(?<!-))*"  # the labels between
    r"\.[a-zA-Z]{2,63}\.?)"  # the top-level domain
    r"(?::[0-9]{1,5})?"  # the port
    r"(?:[/?#][^\s]*)?"  # the path, query and fragment
    r"\Z"
)
# The longest host name RFC 1034 (section 3.1) allows, as the validator counts it.
_LONGEST_HOST = 253


def is_web_address(text: str) -> bool:
    """True when Django's URLValidator, for http and https, accepts ``text``."""
    plain = _PLAIN.match(text) if len(text) <= _validate_url.max_length else None
    if plain is not None and len(plain["host"]) <= _LONGEST_HOST:
        return True
    try:
        _validate_url(text)
    except ValidationError:
        return False
    return True
