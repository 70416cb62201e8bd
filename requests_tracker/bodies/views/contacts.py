"""The body page (its record, contacts with their sources and history) and the review of
contact proposals by NGO staff."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from requests_tracker.access.decorators import staff_only
from requests_tracker.accounts.roles import is_ngo_staff
from requests_tracker.bodies.contacts import current_contacts
from requests_tracker.bodies.forms import ContactProposalForm, RejectionForm
from requests_tracker.bodies.models import ContactProposal, ProposalState, PublicBody
from requests_tracker.bodies.proposals import (
    accept_proposal,
    pending_proposals,
    propose_contact,
    reject_proposal,
)
from requests_tracker.bodies.routes import complaint_addressee
from requests_tracker.core.errors import DomainError
from requests_tracker.core.forms import flash_form_errors
from requests_tracker.core.idempotency import idempotent
from requests_tracker.monitoring.dashboard import body_scorecard


def body_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A body's record on published requests (figures only above a minimum number), its current
    contacts with where each comes from, and the contacts it had before."""
    body = get_object_or_404(PublicBody, slug=slug)
    scorecard = body_scorecard(body)
    signed_in = request.user.is_authenticated
    return render(
        request,
        "bodies/body.html",
        {
            "body": body,
            "complaint_addressee": complaint_addressee(body),
            "count": scorecard.requests,
            "figures": scorecard if scorecard.is_public else None,
            "minimum": settings.PUBLIC_BODY_MIN_REQUESTS,
            "contacts": current_contacts(body),
            "history": body.contacts.filter(retired_at__isnull=False).order_by(
                "-retired_at", "-id"
            ),
            "form": ContactProposalForm(body=body) if signed_in else None,
            "reviews_proposals": is_ngo_staff(request.user),
            "my_proposals": (
                body.proposals.filter(proposed_by_id=request.user.pk).order_by("-created_at", "-id")
                if signed_in
                else []
            ),
        },
    )


@login_required
@require_POST
@idempotent
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(PublicBody, slug=slug)
    form = ContactProposalForm(request.POST, body=body)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("body-page", slug=body.slug)
    try:
        propose_contact(
            body=body,
            kind=form.cleaned_data["kind"],
            value=form.cleaned_data["value"],
            source_url=form.cleaned_data["source_url"],
            source_note=form.cleaned_data["source_note"],
            replaces=form.cleaned_data["replaces"],
            proposed_by=request.user,
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Thank you: NGO staff will check the contact before it is shown.")
        )
    return redirect("body-page", slug=body.slug)


@staff_only
def proposal_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "bodies/proposals.html",
        {
            "rows": [
                (proposal, RejectionForm(auto_id=f"reject-{proposal.pk}-%s"))
                for proposal in pending_proposals()
            ]
        },
    )


@staff_only
@require_POST
@idempotent
def review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("accept", "reject"):
        raise Http404
    proposal = get_object_or_404(ContactProposal, pk=pk, state=ProposalState.PENDING)
    try:
        if action == "accept":
            accept_proposal(proposal=proposal, reviewer=request.user, now=timezone.now())
            messages.success(request, _("Accepted: the contact is shown on the body's page."))
        else:
            form = RejectionForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Give the reason for rejecting the proposal."))
            reject_proposal(
                proposal=proposal,
                reviewer=request.user,
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
            messages.success(request, _("Rejected: the proposer sees your reason."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("body-contact-proposals")
