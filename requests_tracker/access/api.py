"""The API's side of the policy: DRF permissions that ask it, refusing as for a missing object."""

from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from requests_tracker.access.monitoring import may_keep_dataset, may_write_letter_templates


class LetterTemplatePermission(BasePermission):
    """Site staff read the templates (as the admin shows them); NGO staff and superusers write
    and preview them. A signed-in user refused gets a 404, an anonymous caller a 401."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            allowed = bool(user.is_staff) or may_write_letter_templates(user)
        else:
            allowed = may_write_letter_templates(user)
        if not allowed:
            raise NotFound
        return True


class MonitoringPermission(BasePermission):
    """NGO staff of the organisation keeping the dataset, and superusers, read and write; a
    signed-in user refused gets a 404, an anonymous caller a 401."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not may_keep_dataset(user):
            raise NotFound
        return True
