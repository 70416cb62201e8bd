"""The request page's actions: record what the body did, change visibility, escalate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from requests_tracker.access.requests import Action, request_for
from requests_tracker.access.users import signed_in_user
from requests_tracker.core.errors import DomainError
from requests_tracker.core.forms import flash_form_errors
from requests_tracker.core.idempotency import idempotent
from requests_tracker.correspondence.services import escalate
from requests_tracker.information_requests import publishing
from requests_tracker.information_requests.evidence import check_size
from requests_tracker.information_requests.forms import EVENT_FORMS, EventForm, VisibilityForm
from requests_tracker.information_requests.models import Step, Visibility
from requests_tracker.information_requests.services import record_event_with_evidence
from requests_tracker.information_requests.status import EventKind


def uploads_of(form: EventForm) -> list[tuple[str, bytes]]:
    """The evidence file of a valid event form, as (name, content); DomainError when too large,
    refused before it is read."""
    upload = form.cleaned_data.get("evidence")
    if upload is None:
        return []
    check_size(name=upload.name, size=upload.size)
    return [(upload.name, upload.read())]


@login_required
@require_POST
@idempotent
def record(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Record one event with its evidence; a refused file or event changes nothing."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, action=Action.CHANGE)
    try:
        event_kind = EventKind(kind)
        form_class = EVENT_FORMS[event_kind]
    except (ValueError, KeyError) as error:
        raise Http404 from error
    form = form_class(request.POST, request.FILES, prefix=kind)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("request-detail", pk=pk)
    try:
        record_event_with_evidence(
            information_request=information_request,
            kind=event_kind,
            occurred_at=form.cleaned_data["occurred_at"],
            recorded_by=user,
            data=form.event_data(),
            note=form.cleaned_data["note"],
            uploads=uploads_of(form),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded: %(event)s.") % {"event": event_kind.label})
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
@idempotent
def change_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    """Share or take back; publishing goes through the preview (``views/publishing.py``)."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, action=Action.PUBLISH)
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("request-detail", pk=pk)
    if form.cleaned_data["visibility"] == Visibility.PUBLIC:
        return redirect("request-publish", pk=pk)
    publishing.change_visibility(
        information_request=information_request,
        visibility=form.cleaned_data["visibility"],
        user=user,
    )
    messages.success(request, _("Visibility changed."))
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
@idempotent
def escalate_request(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One click from a refusal or a silence to the next letter of the ladder."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, action=Action.CHANGE)
    try:
        appeal, _letter = escalate(
            information_request=information_request, step=Step(step), user=user, now=timezone.now()
        )
    except (DomainError, ValueError) as error:
        messages.error(request, str(error))
        return redirect("request-detail", pk=pk)
    ready = (
        _("Your complaint to %(body)s is ready: download it, sign it and send it.")
        if appeal.step == Step.COMPLAINT
        else _("Your appeal to %(body)s is ready: download it, sign it and send it.")
    )
    messages.success(request, ready % {"body": appeal.public_body.name})
    return redirect("request-detail", pk=appeal.pk)
