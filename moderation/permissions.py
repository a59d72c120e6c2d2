"""Who may do what in moderation: one named check per action, and `can` for templates.

Moderators are members holding forum.moderate (the Moderators group). Members may report posts
when they hold forum.flag_posts (ranks grant it).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from forum.permissions import MODERATORS_ONLY, SIGN_IN_REQUIRED, can, check_may_act, is_moderator  # noqa: F401

FLAG_NOT_ALLOWED = _("You cannot report posts yet: earn a little reputation first.")
FLAG_OWN_POST = _("You cannot report your own post.")
FLAG_DELETED_POST = _("This post has been deleted.")


def check_moderate(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(SIGN_IN_REQUIRED)
    if not is_moderator(user):
        raise PermissionDenied(MODERATORS_ONLY)


# Every staff action asks its own check, so a rule can change per action later without hunting.
check_verify_answer = check_moderate
check_review = check_moderate
check_thread_action = check_moderate
check_member_action = check_moderate
check_view_audit_log = check_moderate


def check_flag_post(user, post) -> None:
    # A suspended member's reports would still count towards hiding others' posts: refused too.
    check_may_act(user)
    if post.is_deleted:
        raise PermissionDenied(FLAG_DELETED_POST)
    if post.author_id == user.pk:
        raise PermissionDenied(FLAG_OWN_POST)
    if not (user.has_perm("forum.flag_posts") or is_moderator(user)):
        raise PermissionDenied(FLAG_NOT_ALLOWED)
