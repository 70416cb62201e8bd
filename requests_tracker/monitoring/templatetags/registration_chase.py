"""The request page's notice that a registration is overdue and should be asked for."""

from datetime import date

from django import template
from django.utils import timezone

from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.monitoring.registration_chase import unregistered_since

register = template.Library()


@register.simple_tag
def registration_overdue_since(information_request: InformationRequest) -> date | None:
    """The day of receipt when no registration is recorded though it is due; else None."""
    return unregistered_since(information_request, now=timezone.now())
