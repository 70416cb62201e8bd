"""The request page's "send" step by hand: e-Otinish, post and in person, each recorded up to the
moment the legal clock starts; and the address sheet to print for a posted letter."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from letters.address_sheet import render_address_sheet
from requests_tracker.access.requests import request_for, signed_in_user
from requests_tracker.core.errors import DomainError
from requests_tracker.core.forms import flash_form_errors
from requests_tracker.core.i18n import localized
from requests_tracker.core.idempotency import idempotent
from requests_tracker.information_requests.evidence import check_size
from requests_tracker.information_requests.forms import (
    DeliveredForm,
    EOtinishForm,
    InPersonForm,
    PostedForm,
)
from requests_tracker.information_requests.models import (
    InformationRequest,
    SubmissionChannel,
    TimelineEvent,
)
from requests_tracker.information_requests.submission import (
    Upload,
    record_delivery,
    record_posting,
    record_registered_submission,
    start_of_day,
)

E_OTINISH_URL = "https://eotinish.kz/"


@dataclass(frozen=True)
class Channel:
    code: str  # a SubmissionChannel value
    label: str


def offered_channels(information_request: InformationRequest) -> list[Channel]:
    """The channels the body accepts, in the order a journalist would try them."""
    body = information_request.public_body
    channels = []
    if body.email:
        channels.append(SubmissionChannel.EMAIL)
    if body.accepts_e_otinish:
        channels.append(SubmissionChannel.E_OTINISH)
    if body.postal_address:
        channels.append(SubmissionChannel.POST)
    channels.append(SubmissionChannel.IN_PERSON)  # every body's office takes a letter by hand
    return [Channel(channel.value, str(channel.label)) for channel in channels]


@dataclass(frozen=True)
class TimelineRow:
    event: TimelineEvent
    channel: str  # the channel's label, or ""
    reference: str  # a registration, incoming or registered mail number, or ""


def timeline(information_request: InformationRequest) -> list[TimelineRow]:
    """The events in order, each with the channel it went through and its reference number."""
    labels = dict(SubmissionChannel.choices)
    events = information_request.events.select_related("recorded_by").prefetch_related(
        "evidence_files"
    )
    return [
        TimelineRow(
            event=event,
            channel=str(labels.get(event.data.get("channel", ""), "")),
            reference=str(
                event.data.get("registration_number") or event.data.get("mail_number") or ""
            ),
        )
        for event in events
    ]


def channel_forms() -> dict[str, object]:
    return {
        "e_otinish_form": EOtinishForm(prefix="e_otinish"),
        "posted_form": PostedForm(prefix="posted"),
        "delivered_form": DeliveredForm(prefix="delivered"),
        "in_person_form": InPersonForm(prefix="in_person"),
    }


def _upload(file: UploadedFile) -> Upload:
    check_size(name=file.name or "", size=file.size or 0)  # before reading it
    return Upload(name=file.name or "", content=file.read())


def _accepts(information_request: InformationRequest, channel: SubmissionChannel) -> None:
    if channel.value not in {c.code for c in offered_channels(information_request)}:
        raise Http404


@login_required
@require_POST
@idempotent
def submit_e_otinish(request: HttpRequest, pk: int) -> HttpResponse:
    """The e-Otinish registration number, its date and time and the portal's receipt."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, change=True)
    _accepts(information_request, SubmissionChannel.E_OTINISH)
    form = EOtinishForm(request.POST, request.FILES, prefix="e_otinish")
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("request-detail", pk=pk)
    try:
        with transaction.atomic():
            record_registered_submission(
                information_request=information_request,
                channel=SubmissionChannel.E_OTINISH,
                registration_number=form.cleaned_data["registration_number"],
                registered_at=form.cleaned_data["registered_at"],
                evidence=_upload(form.cleaned_data["receipt"]),
                recorded_by=user,
            )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded: registered on e-Otinish. The clock has started."))
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
@idempotent
def submit_in_person(request: HttpRequest, pk: int) -> HttpResponse:
    """The incoming number and date stamped on the second copy, with its photo."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, change=True)
    form = InPersonForm(request.POST, request.FILES, prefix="in_person")
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("request-detail", pk=pk)
    stamped_on = form.cleaned_data["stamped_on"]
    try:
        with transaction.atomic():
            record_registered_submission(
                information_request=information_request,
                channel=SubmissionChannel.IN_PERSON,
                registration_number=form.cleaned_data["incoming_number"],
                registered_at=start_of_day(information_request, stamped_on),
                evidence=_upload(form.cleaned_data["photo"]),
                recorded_by=user,
            )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded: handed in and registered. The clock has started."))
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
@idempotent
def submit_posted(request: HttpRequest, pk: int) -> HttpResponse:
    """The registered mail number and posting date: no clock yet."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, change=True)
    _accepts(information_request, SubmissionChannel.POST)
    form = PostedForm(request.POST, prefix="posted")
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("request-detail", pk=pk)
    try:
        record_posting(
            information_request=information_request,
            mail_number=form.cleaned_data["mail_number"],
            posted_on=form.cleaned_data["posted_on"],
            recorded_by=user,
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Recorded: posted. When the delivery notice comes back, record its date."),
        )
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
@idempotent
def submit_delivered(request: HttpRequest, pk: int) -> HttpResponse:
    """The date on the delivery notice, with its scan: the receipt, from which the clock runs."""
    user = signed_in_user(request)
    information_request = request_for(user, pk, change=True)
    form = DeliveredForm(request.POST, request.FILES, prefix="delivered")
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("request-detail", pk=pk)
    try:
        with transaction.atomic():
            record_delivery(
                information_request=information_request,
                delivered_on=form.cleaned_data["delivered_on"],
                notice=_upload(form.cleaned_data["notice"]),
                recorded_by=user,
            )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded: delivered. The clock has started."))
    return redirect("request-detail", pk=pk)


@login_required
def address_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """An A4 sheet with the body's name and postal address and the sender's, to print."""
    information_request = request_for(signed_in_user(request), pk)
    body = information_request.public_body
    if not body.postal_address:
        raise Http404
    requester = information_request.requester
    organization = information_request.organization
    sender = requester.get_full_name() or requester.username
    if organization is not None:
        sender = f"{sender}\n{organization.name}"
    with translation.override(information_request.language):  # the letter's language
        content = render_address_sheet(
            recipient_name=localized(body, "name", information_request.language),
            recipient_address=body.postal_address,
            sender_name=sender,
            sender_address=organization.postal_address if organization else "",
            sender_heading=pgettext("address sheet", "From"),
            recipient_heading=pgettext("address sheet", "To"),
            title=_("Address sheet"),
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="address-sheet-{pk}.pdf"'
    return response
