"""Input refused at the edge, before any view: text that no field may hold is a 400.

A NUL character (raw, or percent-encoded as ``%00``) and a lone UTF-16 surrogate (``\\ud800``,
which JSON can spell) are not text: PostgreSQL refuses to store either, and no form, filter or
lookup of the tracker means them. They are looked for in the path, the query string, form fields
(names and values) and the strings of a JSON body, so that a new view or field is
covered without thinking of it.
"""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

from requests_tracker.core.text import is_text

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _json_strings(value: Any) -> Iterator[str]:
    """Every string of a decoded JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _json_body_strings(request: HttpRequest) -> Iterator[str]:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if length <= 0 or (limit is not None and length > limit):
        return  # too large: the view's own parser refuses it, with its own message
    body = request.body
    if b"\x00" in body:
        yield "\x00"
        return
    try:
        document = json.loads(body)
    except ValueError:
        return  # not JSON: the view's parser answers 400 for it
    yield from _json_strings(document)


def _form_strings(request: HttpRequest) -> Iterator[str]:
    # Django parses a form body only for POST; a URL-encoded PUT or PATCH is read here. (A
    # multipart body of another method is left to the view: reading it would use up the stream.)
    if request.method == "POST":
        form = request.POST
    elif request.content_type == "application/x-www-form-urlencoded":
        form = QueryDict(request.body)
    else:
        return
    for key, values in form.lists():
        yield key
        yield from values
    # Uploaded file names need no look: Django's parser drops unprintable characters from them.
    yield from request.FILES


def _strings(request: HttpRequest) -> Iterator[str]:
    """What a view may read as text: path, query, and the fields of a form or JSON body."""
    yield request.path_info
    yield request.META.get("QUERY_STRING", "").replace("%00", "\x00")
    for key, values in request.GET.lists():
        yield key
        yield from values
    if request.method not in _BODY_METHODS:
        return
    content_type = request.content_type or ""
    if content_type in _FORM_TYPES:
        yield from _form_strings(request)
    elif content_type == "application/json" or content_type.endswith("+json"):
        yield from _json_body_strings(request)


class RefuseNonTextMiddleware:
    """Answers 400, in the user's language, to a request carrying a NUL byte or a lone surrogate."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if all(is_text(value) for value in _strings(request)):
            return self.get_response(request)
        # Placed before LocaleMiddleware, so the language is chosen here the same way.
        with translation.override(translation.get_language_from_request(request)):
            message = _(
                "The request contains a NUL character or another character that is not text; "
                "remove it and try again."
            )
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
