"""The API's permissions for the monitoring NGO's work: held messages, the monthly reports and
contact proposals. Each asks the policy its pages ask; a signed-in user refused gets a 404, as
for an object that does not exist, and an anonymous caller a 401."""

from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from requests_tracker.access.mail import may_handle_held_messages
from requests_tracker.access.monitoring import may_keep_dataset, may_read_reports
from requests_tracker.bodies.models import ContactProposal


def _signed_in(request: Request) -> bool:
    return bool(request.user and request.user.is_authenticated)


class HeldMessagePermission(BasePermission):
    """The holding queue: NGO staff and superusers (``may_handle_held_messages``)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _signed_in(request):
            return False
        if not may_handle_held_messages(request.user):
            raise NotFound
        return True


class ReportPermission(BasePermission):
    """The monthly reports: whoever may read them on the report page (``may_read_reports``)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _signed_in(request):
            return False
        if not may_read_reports(request.user):
            raise NotFound
        return True


def may_review_proposals(user: Any) -> bool:
    return may_keep_dataset(user)


def readable_proposals(user: Any) -> QuerySet[ContactProposal]:
    """NGO staff read every proposal; anyone else signed in reads their own (as on the body
    page); an anonymous caller none."""
    if not getattr(user, "is_authenticated", False):
        return ContactProposal.objects.none()
    if may_review_proposals(user):
        return ContactProposal.objects.all()
    return ContactProposal.objects.filter(proposed_by=user)


class ContactProposalPermission(BasePermission):
    """Anyone signed in proposes a contact and reads their own proposals; only NGO staff accept
    or reject one (the review actions name themselves in ``view.review_actions``)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _signed_in(request):
            return False
        if getattr(view, "action", None) in getattr(view, "review_actions", ()) and not (
            may_review_proposals(request.user)
        ):
            raise NotFound
        return request.method in SAFE_METHODS or request.method == "POST"
