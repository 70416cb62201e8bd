"""The unsubscribe link of every email: no sign-in, the token is the secret.

GET shows what the link stops, with a button; POST stops it. A mail client's one-click POST
(RFC 8058: ``List-Unsubscribe=One-Click`` in the body) carries neither a CSRF token nor a
session, so this view is exempt from CSRF: the unguessable token in the address is what a forged
post would lack.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from requests_tracker.access.following import follow_for_unsubscribe_token
from requests_tracker.following.services import unsubscribe


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    follow = follow_for_unsubscribe_token(token)
    if request.method == "POST":
        label = follow.label
        unsubscribe(follow=follow)
        return render(request, "following/unsubscribed.html", {"label": label})
    return render(request, "following/unsubscribe.html", {"follow": follow, "token": token})
