"""The check the appeal services make before a change (the roles are in accounts.roles)."""

from django.utils.translation import gettext as _

from requests_tracker.accounts.models import Organization, User
from requests_tracker.accounts.roles import APPEAL_ROLES, memberships
from requests_tracker.core.errors import DomainError


def require_staff(user: User, organization: Organization) -> None:
    """Raises DomainError unless ``user`` is a superuser or has one of APPEAL_ROLES in
    ``organization``."""
    if (
        not user.is_superuser
        and not memberships(user).filter(organization=organization, role__in=APPEAL_ROLES).exists()
    ):
        raise DomainError(_("Only staff of the initiating organisation may change this appeal."))
