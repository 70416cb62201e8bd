"""The request page's email actions: send the letter by email, send a failed email again, stop.

Each email waits in the outbox until it is really sent; the request page shows its state.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from requests_tracker.access.requests import Action, request_for
from requests_tracker.access.users import signed_in_user
from requests_tracker.core.errors import DomainError
from requests_tracker.core.idempotency import idempotent
from requests_tracker.mail.models import OutgoingEmail
from requests_tracker.mail.outgoing import (
    REQUEST_INTENT,
    queue_request_email,
    send_again,
    stop_trying,
)


@login_required
@require_POST
@idempotent
def send_email(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the letter for sending to the body by email; a second click sends nothing more.

    The email waits in the outbox until it is really sent (the request stays a draft till then),
    whether or not the broker and the mail server are up now: the page says it is queued.
    """
    user = signed_in_user(request)
    information_request = request_for(user, pk, action=Action.CHANGE)
    try:
        outgoing = queue_request_email(
            information_request=information_request,
            intent=REQUEST_INTENT,
            user=user,
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "The letter to %(email)s is queued and will be sent as soon as possible. "
                "Its state is shown below; replies will appear on this page."
            )
            % {"email": outgoing.to_address},
        )
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
@idempotent
def send_again_view(request: HttpRequest, pk: int, email_pk: int) -> HttpResponse:
    """Put a failed email back in the outbox, due now."""
    information_request = request_for(signed_in_user(request), pk, action=Action.CHANGE)
    outgoing = get_object_or_404(
        OutgoingEmail, pk=email_pk, information_request=information_request
    )
    try:
        queued = send_again(outgoing=outgoing, now=timezone.now())
    except DomainError as error:  # a bounced email's body has no address any more
        messages.error(request, str(error))
    else:
        if queued:
            messages.success(request, _("The email is queued again."))
        else:
            messages.error(request, _("Only a failed email can be sent again."))
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
@idempotent
def stop_trying_view(request: HttpRequest, pk: int, email_pk: int) -> HttpResponse:
    """Give up on an email still waiting to be sent: it is marked failed."""
    information_request = request_for(signed_in_user(request), pk, action=Action.CHANGE)
    outgoing = get_object_or_404(
        OutgoingEmail, pk=email_pk, information_request=information_request
    )
    if stop_trying(outgoing=outgoing):
        messages.success(request, _("The tracker stopped trying to send the email."))
    else:
        messages.error(request, _("The email is no longer waiting to be sent."))
    return redirect("request-detail", pk=pk)
