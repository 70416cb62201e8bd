"""Publishing a request through its preview: the public page exactly as it will look, each file
with what happens to it, the "show my name" choice, then one button that publishes."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from requests_tracker.access.requests import Action, request_for
from requests_tracker.access.users import signed_in_user
from requests_tracker.core.errors import DomainError
from requests_tracker.core.forms import flash_form_errors
from requests_tracker.core.idempotency import run_once
from requests_tracker.information_requests import publishing
from requests_tracker.information_requests.models import InformationRequest, Visibility
from requests_tracker.information_requests.public_version import public_version

# A primary key of PostgreSQL's integer column: a larger number is no file of any request.
MAX_ID = 2**31 - 1


class FileNumbersField(forms.Field):
    """The numbers of the files ticked on the preview (``confirm``, once per file)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": gettext_lazy("“%(value)s” is not a file number.")}

    def to_python(self, value: object) -> list[int]:
        items = value if isinstance(value, list | tuple) else ([value] if value else [])
        numbers = []
        for item in items:
            text = str(item)
            if not text.isdigit() or not 0 < int(text) <= MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": text[:20]}
                )
            numbers.append(int(text))
        return numbers


class PublishForm(forms.Form):
    show_requester_name = forms.BooleanField(
        label=gettext_lazy("Show my name on the public page"), required=False
    )
    confirm = FileNumbersField(label=gettext_lazy("Files to publish"), required=False)


@login_required
@require_http_methods(["GET", "POST"])
def publish_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the preview with the stored choices. POST: the preview with the choices sent
    (``action=preview``), or publish with them (``action=publish``)."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, action=Action.PUBLISH)
    if request.method == "POST":
        return run_once(request, lambda: _post(request, information_request))
    return _preview(
        request,
        information_request,
        show_name=information_request.show_requester_name,
        confirmed=None,  # the stored confirmations
    )


def _preview(
    request: HttpRequest,
    information_request: InformationRequest,
    *,
    show_name: bool,
    confirmed: set[int] | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "information_requests/public_preview.html",
        {
            "information_request": information_request,
            "version": public_version(
                information_request, show_name=show_name, confirmed=confirmed
            ),
            "show_name": show_name,
        },
        status=status,
    )


def _post(request: HttpRequest, information_request: InformationRequest) -> HttpResponse:
    form = PublishForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return _preview(
            request,
            information_request,
            show_name=information_request.show_requester_name,
            confirmed=None,
            status=400,
        )
    show_name, confirmed = form.cleaned_data["show_requester_name"], form.cleaned_data["confirm"]
    if request.POST.get("action") != "publish":
        return _preview(request, information_request, show_name=show_name, confirmed=set(confirmed))
    try:
        publishing.change_visibility(
            information_request=information_request,
            visibility=Visibility.PUBLIC,
            user=signed_in_user(request),
            confirmed_attachments=confirmed,
            show_requester_name=show_name,
        )
    except DomainError as error:
        messages.error(request, str(error))
        return _preview(
            request,
            information_request,
            show_name=information_request.show_requester_name,
            confirmed=None,
            status=400,
        )
    messages.success(request, _("Published: this is the public page."))
    return redirect("public-request", pk=information_request.pk)
