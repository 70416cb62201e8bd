"""``{% idempotency_field %}``: the hidden key that makes a form's post run once."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from requests_tracker.core.idempotency import FORM_FIELD, new_key

register = template.Library()


@register.simple_tag
def idempotency_field() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, new_key())
