"""Who may do what with badges: named checks raising PermissionDenied with constant messages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from forum.roles import is_moderator

STAFF_ONLY = _("Only staff can grant or revoke badges.")
SIGN_IN_REQUIRED = _("Please sign in first.")


def can(check, *args) -> bool:
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


def check_grant_badge(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(SIGN_IN_REQUIRED)
    # Roles and permissions decide, not Django's is_staff (that only opens the admin): forum/roles.py.
    if not (user.has_perm("badges.grant_badge") or is_moderator(user)):
        raise PermissionDenied(STAFF_ONLY)
