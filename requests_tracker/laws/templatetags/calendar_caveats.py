"""``{% calendar_caveats deadline as reasons %}``: why the calendar behind a stored deadline is
not confirmed, in the page's language; empty when it is."""

from collections.abc import Sequence
from typing import Protocol

from django import template
from django.utils import translation

from requests_tracker.deadlines.compute import TraceStep
from requests_tracker.deadlines.trace import render_caveats

register = template.Library()


class HasTrace(Protocol):
    def trace_steps(self) -> Sequence[TraceStep]: ...


@register.simple_tag
def calendar_caveats(deadline: HasTrace) -> list[str]:
    return render_caveats(deadline.trace_steps(), translation.get_language() or "ru")
