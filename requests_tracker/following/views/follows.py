"""Follow and unfollow (POST), the page of what one follows, and following a search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from requests_tracker.access.following import request_to_follow
from requests_tracker.access.users import signed_in_user
from requests_tracker.bodies.models import PublicBody
from requests_tracker.core.errors import DomainError
from requests_tracker.core.idempotency import idempotent
from requests_tracker.following.models import Follow
from requests_tracker.following.sending import site_url
from requests_tracker.following.services import (
    body_key,
    follow_body,
    follow_feed_for,
    follow_request,
    follow_search,
    request_key,
    search_key,
    search_label,
    search_params_of,
    unfollow,
)

UNFOLLOW = "unfollow"


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the page the button was on (a path of this site only), else to the list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("following")


@login_required
def following(request: HttpRequest) -> HttpResponse:
    """What the user follows, with an unfollow button each, and their private Atom address."""
    user = signed_in_user(request)
    feed = follow_feed_for(user)
    return render(
        request,
        "following/following.html",
        {
            "follows": Follow.objects.filter(user=user).select_related(
                "information_request", "public_body"
            ),
            "feed_url": site_url(reverse("follow-feed", args=[feed.token])),
        },
    )


@login_required
@require_POST
@idempotent
def request_follow(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    information_request = request_to_follow(user, pk)
    if request.POST.get("action") == UNFOLLOW:
        unfollow(user=user, key=request_key(information_request.pk))
        messages.success(request, _("You no longer follow this request."))
    else:
        follow_request(user=user, information_request=information_request)
        messages.success(
            request,
            _(
                "You follow this request: you will get an email when it is published and at "
                "each new public event."
            ),
        )
    return _back(request)


@login_required
@require_POST
@idempotent
def body_follow(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    public_body = get_object_or_404(PublicBody, slug=slug)
    if request.POST.get("action") == UNFOLLOW:
        unfollow(user=user, key=body_key(public_body.pk))
        messages.success(request, _("You no longer follow this body."))
    else:
        follow_body(user=user, public_body=public_body)
        messages.success(
            request,
            _("You follow this body: you will get an email when a request to it is published."),
        )
    return _back(request)


@login_required
@idempotent
def search_follow(request: HttpRequest) -> HttpResponse:
    """GET: the search in words, to confirm; POST: follow (or unfollow) it."""
    user = signed_in_user(request)
    source = request.POST if request.method == "POST" else request.GET
    try:
        params = search_params_of(source)
    except DomainError as error:
        messages.error(request, str(error))
        if request.method == "POST":
            return redirect("following")
        return render(request, "following/search.html", {"params": None}, status=400)
    if request.method != "POST":
        followed = Follow.objects.filter(user=user, target_key=search_key(params)).exists()
        return render(
            request,
            "following/search.html",
            {"params": params, "label": search_label(params), "followed": followed},
        )
    if request.POST.get("action") == UNFOLLOW:
        unfollow(user=user, key=search_key(params))
        messages.success(request, _("You no longer follow this search."))
    else:
        follow_search(user=user, params=params)
        messages.success(
            request,
            _(
                "You follow this search: you will get an email when a newly published request "
                "matches it."
            ),
        )
    return redirect("following")
