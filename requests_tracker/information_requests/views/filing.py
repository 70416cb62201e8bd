"""The filing form: body, legal basis, questions and an attachment, kept as a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_tracker.access.users import signed_in_user
from requests_tracker.accounts.models import User
from requests_tracker.core.errors import DomainError
from requests_tracker.core.idempotency import idempotent
from requests_tracker.information_requests.evidence import check_size
from requests_tracker.information_requests.forms import RequestForm
from requests_tracker.information_requests.models import InformationRequest
from requests_tracker.information_requests.services import (
    StoredEvidence,
    attach_stored_evidence,
    create_request,
    evidence_stored_first,
)


@login_required
@idempotent
def request_new(request: HttpRequest) -> HttpResponse:
    """The filing form: body, legal basis, questions. The request is kept as a draft."""
    user = signed_in_user(request)
    # ?received_on=YYYY-MM-DD offers the legal bases in force on that day of receipt.
    initial = {"received_on": request.GET["received_on"]} if request.GET.get("received_on") else {}
    form = RequestForm(request.POST or None, request.FILES or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("attachment")
        try:
            with transaction.atomic():
                information_request = _file(form, user, upload)
        except DomainError as error:
            form.add_error("attachment" if upload is not None else None, str(error))
        else:
            messages.success(request, _("Draft saved. Check the letter, then send it."))
            return redirect("request-detail", pk=information_request.pk)
    return render(request, "information_requests/request_form.html", {"form": form})


def _file(form: RequestForm, user: User, upload: UploadedFile | None) -> InformationRequest:
    """The draft and its attachment, together or not at all."""
    uploads = []
    if upload is not None:
        check_size(name=upload.name or "", size=upload.size or 0)
        uploads.append((upload.name or "", upload.read()))
    # The file is written before create_request locks the new request's row.
    with evidence_stored_first(uploads) as stored:
        return _create(form, user, stored)


def _create(form: RequestForm, user: User, stored: list[StoredEvidence]) -> InformationRequest:
    information_request = create_request(
        requester=user,
        organization=form.cleaned_data.get("organization"),
        public_body=form.cleaned_data["public_body"],
        legal_rules=form.cleaned_data["legal_rules"],
        subject=form.cleaned_data["subject"],
        text=form.cleaned_data["text"],
        language=form.cleaned_data["language"],
        created_at=timezone.now(),
    )
    InformationRequest.objects.filter(pk=information_request.pk).update(
        visibility=form.cleaned_data["visibility"]
    )
    for file in stored:
        attach_stored_evidence(event=information_request.events.get(), stored=file)
    return information_request
