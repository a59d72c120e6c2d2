"""Who may use the service-recovery tools: the moderators (forum.moderate, forum/roles.py). Named checks,
boolean form for templates."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from forum.roles import is_moderator

MODERATORS_ONLY = _("Only moderators can see and use the service-recovery tools.")


def check_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(MODERATORS_ONLY)


def can_use_recovery(user) -> bool:
    return is_moderator(user)
