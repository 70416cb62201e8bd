"""``{% follow_button request_or_body %}``: the follow or unfollow button (a POST form), or a
link to sign in; ``{% follow_search_link %}``: follow the search of the current page."""

from typing import Any

from django import template
from django.urls import reverse

from requests_tracker.bodies.models import PublicBody
from requests_tracker.following.models import Follow
from requests_tracker.following.services import body_key, request_key
from requests_tracker.information_requests.models import InformationRequest

register = template.Library()


@register.inclusion_tag("following/button.html", takes_context=True)
def follow_button(
    context: dict[str, Any], target: InformationRequest | PublicBody
) -> dict[str, Any]:
    request = context["request"]
    if isinstance(target, PublicBody):
        action, key = reverse("follow-body", args=[target.slug]), body_key(target.pk)
    else:
        action, key = reverse("follow-request", args=[target.pk]), request_key(target.pk)
    user = request.user
    return {
        "request": request,
        "action": action,
        "kind": "body" if isinstance(target, PublicBody) else "request",
        "signed_in": user.is_authenticated,
        "followed": user.is_authenticated
        and Follow.objects.filter(user=user, target_key=key).exists(),
        "next": request.get_full_path(),
    }


@register.inclusion_tag("following/search_link.html", takes_context=True)
def follow_search_link(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    return {"query": request.GET.urlencode()}
