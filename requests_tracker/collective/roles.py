"""Who may write and send an appeal for their organisation, and the check the services make."""

from django.utils.translation import gettext as _

from requests_tracker.accounts.models import Membership, Organization, Role, User
from requests_tracker.core.errors import DomainError

# Who may write and send an appeal for their organisation.
APPEAL_ROLES = (Role.NGO_STAFF, Role.EDITOR, Role.ADMIN)


def require_staff(user: User, organization: Organization) -> None:
    """Raises DomainError unless ``user`` has one of APPEAL_ROLES in ``organization``."""
    if not Membership.objects.filter(
        user=user, organization=organization, role__in=APPEAL_ROLES
    ).exists():
        raise DomainError(_("Only staff of the initiating organisation may change this appeal."))
