"""View decorators that ask the access rules: ``staff_only`` for the pages of NGO staff."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from requests_tracker.accounts.roles import is_ngo_staff

View = Callable[..., HttpResponse]


def staff_only(view: View) -> View:
    """Only NGO staff reach ``view``: anyone else signed in gets a 404, an anonymous visitor the
    sign-in page (the page's existence is no secret, but nothing on it is theirs)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_ngo_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
