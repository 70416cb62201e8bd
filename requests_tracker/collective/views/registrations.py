"""Recording many registrations at once: the table on the appeal page, and its CSV upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from requests_tracker.access.appeals import appeal_for
from requests_tracker.accounts.models import User
from requests_tracker.collective.registration_forms import (
    RegistrationTableForm,
    RegistrationUploadForm,
    read_registrations,
)
from requests_tracker.collective.submission import (
    RegistrationRowsError,
    record_registrations,
    registrable,
)
from requests_tracker.collective.views.appeals import render_detail
from requests_tracker.core.errors import DomainError
from requests_tracker.core.idempotency import idempotent


def _recorded(request: HttpRequest, count: int) -> None:
    messages.success(
        request,
        ngettext(
            "%(count)d registration recorded: its clock has started.",
            "%(count)d registrations recorded: their clocks have started.",
            count,
        )
        % {"count": count},
    )


@login_required
@require_POST
@idempotent
def registrations_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The table: every filled row checked; one bad row and nothing is saved."""
    assert isinstance(request.user, User)
    appeal = appeal_for(request.user, pk, change=True)
    now = timezone.now()
    form = RegistrationTableForm(
        request.POST, appeal=appeal, addressees=registrable(appeal), now=now
    )
    if form.is_valid():
        try:
            count = record_registrations(
                appeal=appeal,
                registrations=form.cleaned_data["registrations"],
                user=request.user,
                now=now,
            )
        except RegistrationRowsError as errors:
            for message in errors.errors.values():
                form.add_error(None, message)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            _recorded(request, count)
            return redirect("collective-appeal-detail", pk=pk)
    return render_detail(request, appeal, registration_form=form, status=400)


@login_required
@require_POST
@idempotent
def registrations_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The CSV: a report line by line; saved only when every line is right."""
    assert isinstance(request.user, User)
    appeal = appeal_for(request.user, pk, change=True)
    now = timezone.now()
    form = RegistrationUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_detail(request, appeal, upload_form=form, status=400)
    report = read_registrations(
        content=form.cleaned_data["file"].read(),
        appeal=appeal,
        addressees=registrable(appeal),
        now=now,
    )
    if report.is_clean:
        try:
            count = record_registrations(
                appeal=appeal, registrations=report.registrations, user=request.user, now=now
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            _recorded(request, count)
        return redirect("collective-appeal-detail", pk=pk)
    return render_detail(request, appeal, upload_report=report, status=400)
