"""Who may use the service-recovery tools: staff (forum.moderate). Named checks, boolean form for templates."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from moderation.recovery.services import is_staff

STAFF_ONLY = _("Only staff can see and use the service-recovery tools.")


def check_staff(user) -> None:
    if not is_staff(user):
        raise PermissionDenied(STAFF_ONLY)


def can_use_recovery(user) -> bool:
    return is_staff(user)
