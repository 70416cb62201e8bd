"""The API's router: an object looked up by its id matches only digits, so "abc" is a 404."""

from typing import Any

from rest_framework.routers import DefaultRouter

INTEGER_LOOKUPS = ("pk", "id")


class IntegerIdRouter(DefaultRouter):
    """DRF's DefaultRouter, except that a lookup by ``pk`` or ``id`` takes digits only.

    DRF's default (``[^/.]+``) lets any text reach ``int()`` in the queryset and fail there; every
    primary key of the tracker is an integer. A viewset looking up by another field (a slug, a
    code) keeps the default or its own ``lookup_value_regex``.
    """

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if lookup_field in INTEGER_LOOKUPS and not hasattr(viewset, "lookup_value_regex"):
            lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
            return f"(?P<{lookup_prefix}{lookup_url_kwarg}>[0-9]+)"
        return super().get_lookup_regex(viewset, lookup_prefix)
