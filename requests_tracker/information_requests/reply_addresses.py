"""A request's reply address: <prefix>+<request id>-<code>@<domain>, the code a keyed hash.

It lives with the request, below both the letters (which ask for the answer there) and the mail
(which writes from it and files replies by it); ``mail.addresses`` parses it.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

_SALT = "requests_tracker.mail.reply"
CODE_LENGTH = 10


def reply_code(request_id: int) -> str:
    """The code that proves an address was issued by us for this request."""
    return salted_hmac(_SALT, str(request_id)).hexdigest()[:CODE_LENGTH]


def reply_address(request_id: int) -> str:
    """The address a body replies to for one request."""
    return f"{settings.REPLY_PREFIX}+{request_id}-{reply_code(request_id)}@{settings.REPLY_DOMAIN}"
