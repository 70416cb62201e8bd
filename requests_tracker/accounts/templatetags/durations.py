"""``{{ a_timedelta|duration }}``: a length of time in words ("1 hour"), in the active language."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def duration(value: timedelta) -> str:
    start = timezone.now()
    return timesince(start, start + value)
