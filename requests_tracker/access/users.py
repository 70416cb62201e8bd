"""The signed-in user of a page, as the ``User`` model, for views behind ``login_required``."""

from django.http import HttpRequest

from requests_tracker.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind ``login_required``."""
    assert isinstance(request.user, User)
    return request.user
