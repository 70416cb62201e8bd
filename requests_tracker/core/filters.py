"""Filters shared by the API: strict, so that a value that means nothing is a 400, not ignored."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


class StrictBooleanFilter(django_filters.ChoiceFilter):
    """``true`` or ``false``; anything else is refused with a message (django-filter ignores it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", (("true", _("yes")), ("false", _("no"))))
        super().__init__(*args, **kwargs)

    def filter(self, queryset: QuerySet[Any], value: str) -> QuerySet[Any]:
        if value in ("", None):
            return queryset
        return queryset.filter(**{self.field_name: value == "true"})
