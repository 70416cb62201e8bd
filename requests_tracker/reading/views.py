"""The request page's answer to a suggestion: record it (as confirmed or corrected), or not."""

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
from requests_tracker.core.forms import flash_form_errors
from requests_tracker.core.idempotency import idempotent
from requests_tracker.information_requests.status import EventKind
from requests_tracker.information_requests.views.actions import uploads_of
from requests_tracker.reading.forms import suggested_form
from requests_tracker.reading.models import Suggestion
from requests_tracker.reading.services import confirm_suggestion, dismiss_suggestion


@login_required
@require_POST
@idempotent
def confirm(request: HttpRequest, pk: int, suggestion_pk: int) -> HttpResponse:
    """Record the suggested event with the values posted, validated as the record form does."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, action=Action.CHANGE)
    suggestion = get_object_or_404(
        Suggestion.objects.select_related("event"),
        pk=suggestion_pk,
        event__information_request=information_request,
    )
    form = suggested_form(suggestion, request.POST, request.FILES)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("request-detail", pk=pk)
    try:
        confirm_suggestion(
            suggestion_id=suggestion.pk,
            information_request=information_request,
            occurred_at=form.cleaned_data["occurred_at"],
            recorded_by=user,
            data=form.event_data(),
            note=form.cleaned_data["note"],
            uploads=uploads_of(form),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        label = EventKind(suggestion.kind).label
        messages.success(request, _("Recorded: %(event)s.") % {"event": label})
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
@idempotent
def dismiss(request: HttpRequest, pk: int, suggestion_pk: int) -> HttpResponse:
    """ "Not this": the suggestion is put aside and nothing is recorded."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, action=Action.CHANGE)
    try:
        dismiss_suggestion(
            suggestion_id=suggestion_pk,
            information_request=information_request,
            user=user,
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Suggestion dismissed: record what the reply is yourself."))
    return redirect("request-detail", pk=pk)
