"""Who is who: the project's staff roles, defined once. Every app asks these functions.

- **moderator**: a member holding the `forum.moderate` permission (the `MODERATORS` group grants
  it; superusers hold every permission). Moderators see every post, work the moderation queues,
  act on members and use the service-recovery tools. They do not publish in the CMS.
- **editor**: a member of the `EDITORS` group: creates and publishes blog pages in the CMS
  (Wagtail), under the blog's index pages only.
- **company staff**: a moderator, an editor, or anyone with Django's `is_staff`. Staff are left off
  the public leaderboards and must use a second factor in the staff areas.
- **`is_staff`** (Django's flag) means one thing here: the account may sign in to Django's admin
  (`/admin/`) and sees the link to the CMS. It grants no forum, moderation or recovery right; roles
  and ranks do that through permissions.

The groups are the project's own, separate from the groups of the same purpose that Wagtail makes
on a fresh install ("Moderators", "Editors", which may publish anywhere): badges/0003_own_staff_groups
moved the members there, blog/0003_cms_rights_for_roles gives them the CMS rights above, and
forum/bootstrap.py installs them again on an emptied database. This module imports no model, so
models and querysets may use it.
"""

from django.db.models import Exists, OuterRef, Q

MODERATE = "forum.moderate"
MODERATORS = "Community moderators"
EDITORS = "Content editors"


def is_moderator(user) -> bool:
    """Holds forum.moderate (Django answers False for inactive accounts).

    A thread page asks this about a hundred times (every button of every post) and each has_perm
    walks every authentication backend; once the member's permissions are in hand (Django's own
    per-object `_perm_cache`, own and group permissions, which has_perm fills) they are read there."""
    if user is None or not user.is_authenticated:
        return False
    known = getattr(user, "_perm_cache", None)
    if known is not None and user.is_active:
        return user.is_superuser or MODERATE in known
    return bool(user.has_perm(MODERATE))


def is_editor(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=EDITORS).exists()


def is_company_staff(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_staff or user.is_superuser or is_moderator(user) or is_editor(user))


def company_staff_q(prefix: str = "") -> Q:
    """The same rule as is_company_staff, for filtering users (prefix: the path to the user, e.g.
    "member__"). Moderators by group or by a permission given to the user directly."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    app_label, codename = MODERATE.split(".")
    outer = OuterRef(f"{prefix}pk" if prefix else "pk")
    in_role_group = Group.objects.filter(user=outer).filter(
        Q(name__in=[MODERATORS, EDITORS])
        | Q(permissions__codename=codename, permissions__content_type__app_label=app_label))
    direct = user_model.objects.filter(pk=outer, user_permissions__codename=codename,
                                       user_permissions__content_type__app_label=app_label)
    return (Q(**{f"{prefix}is_staff": True}) | Q(**{f"{prefix}is_superuser": True})
            | Exists(in_role_group) | Exists(direct))
