"""Who may do what in the forum: one named check per action.

Each `check_*` raises PermissionDenied with a translated message; `can(check, ...)` is its
boolean form for templates, so the button shown and the rule enforced are the same code.
Privileges are Django permissions (`forum.<codename>`): rank groups (badges) and roles
(Moderators) grant them, so this module never imports another app. Other apps may add
posting restrictions (a suspension, say) through `register_posting_restriction`.
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum import markdown, visibility
from forum.models import Answer, Thread
from forum.roles import MODERATE, is_moderator  # noqa: F401  (the one definition; re-exported)

SIGN_IN_REQUIRED = _("Please sign in first.")
THREAD_NOT_FOUND = _("This thread does not exist or is no longer available.")
THREAD_LOCKED = _("This thread is locked: it takes no new answers.")
THREAD_CLOSED = _("This thread is closed: it takes no new answers.")
NOT_YOUR_POST = _("You can only change your own posts.")
ACCEPTED_ANSWER_DELETE = _("An accepted answer can only be removed by a moderator.")
KUDO_OWN_POST = _("You cannot give kudos to your own post.")
ME_TOO_OWN_THREAD = _("You asked this yourself, so it already counts.")
ME_TOO_WRONG_KIND = _("“Me too” is only for questions and problems.")
ONLY_ASKER_ACCEPTS = _("Only the person who asked can accept an answer.")
MODERATORS_ONLY = _("Only moderators can do this.")
TOO_MANY_THREADS = _("New members can start at most %(limit)s threads an hour. Please wait a little.")
TOO_MANY_LINKS = _(
    "New members can include at most %(limit)s links in a post. Remove some links or earn a little reputation first."
)
UPLOAD_NOT_ALLOWED = _("You cannot upload images yet.")
POST_DELETED = _("This post has been deleted.")

_posting_restrictions: list[Callable] = []


def register_posting_restriction(restriction: Callable) -> None:
    """restriction(user) -> a message why this user may not post now, or None."""
    if restriction not in _posting_restrictions:
        _posting_restrictions.append(restriction)


def can(check: Callable, *args) -> bool:
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


def _require_member(user) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(SIGN_IN_REQUIRED)


def check_may_post(user) -> None:
    """Signed in, active, and under no restriction another app registered (a suspension, say).

    Every action that changes other members' content or reputation asks this, not only posting:
    kudos, "me too", accepting, reporting (moderation), editing. A suspended member may still
    read, follow and change their own settings.
    """
    _require_member(user)
    for restriction in _posting_restrictions:
        reason = restriction(user)
        if reason:
            raise PermissionDenied(reason)


check_may_act = check_may_post


def check_see_thread(user, thread: Thread) -> None:
    """The visibility rule of forum/visibility.py (the same one querysets filter by)."""
    if not visibility.thread_visible(user, thread):
        raise PermissionDenied(THREAD_NOT_FOUND)


def check_see_post(user, post) -> None:
    visible = visibility.answer_visible(user, post) if isinstance(post, Answer) else visibility.thread_visible(user, post)
    if not visible:
        raise PermissionDenied(THREAD_NOT_FOUND)


def check_start_thread(user) -> None:
    check_may_post(user)
    if user.has_perm("forum.bypass_new_member_limits") or is_moderator(user):
        return
    limit = settings.FORUM["NEW_MEMBER_THREADS_PER_HOUR"]
    recent = Thread.objects.filter(
        author=user, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= limit:
        raise PermissionDenied(TOO_MANY_THREADS % {"limit": limit})


def check_links_allowed(user, body: str) -> None:
    if user.has_perm("forum.post_links") or is_moderator(user):
        return
    limit = settings.FORUM["NEW_MEMBER_MAX_LINKS"]
    if markdown.count_links(body) > limit:
        raise PermissionDenied(TOO_MANY_LINKS % {"limit": limit})


def check_answer_thread(user, thread: Thread) -> None:
    check_may_post(user)
    check_see_thread(user, thread)
    if thread.is_deleted:
        raise PermissionDenied(THREAD_NOT_FOUND)
    if thread.is_locked:
        raise PermissionDenied(THREAD_LOCKED)
    if thread.is_closed:
        raise PermissionDenied(THREAD_CLOSED)


def _thread_of(post) -> Thread:
    return post.thread if isinstance(post, Answer) else post


def check_edit_post(user, post) -> None:
    check_may_post(user)
    if is_moderator(user):
        return
    if post.is_deleted:
        raise PermissionDenied(POST_DELETED)
    if _thread_of(post).is_locked:
        raise PermissionDenied(THREAD_LOCKED)
    if post.author_id != user.pk and not user.has_perm("forum.edit_others_posts"):
        raise PermissionDenied(NOT_YOUR_POST)


def check_delete_post(user, post) -> None:
    _require_member(user)
    if is_moderator(user):
        return
    if post.author_id != user.pk:
        raise PermissionDenied(NOT_YOUR_POST)
    if isinstance(post, Answer) and post.is_accepted:
        raise PermissionDenied(ACCEPTED_ANSWER_DELETE)
    if _thread_of(post).is_locked:
        raise PermissionDenied(THREAD_LOCKED)


def check_moderate(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(MODERATORS_ONLY)


def check_give_kudo(user, post) -> None:
    check_may_act(user)
    if post.is_deleted:
        raise PermissionDenied(POST_DELETED)
    if post.author_id == user.pk:
        raise PermissionDenied(KUDO_OWN_POST)


def check_me_too(user, thread: Thread) -> None:
    check_may_act(user)
    if thread.kind not in (Thread.Kind.QUESTION, Thread.Kind.PROBLEM):
        raise PermissionDenied(ME_TOO_WRONG_KIND)
    if thread.author_id == user.pk:
        raise PermissionDenied(ME_TOO_OWN_THREAD)


def check_accept_answer(user, answer: Answer) -> None:
    check_may_act(user)
    thread = answer.thread
    if answer.is_deleted:
        raise PermissionDenied(POST_DELETED)
    if is_moderator(user):
        return
    if thread.author_id != user.pk:
        raise PermissionDenied(ONLY_ASKER_ACCEPTS)
    if thread.is_locked:
        raise PermissionDenied(THREAD_LOCKED)


def check_follow(user) -> None:
    _require_member(user)


def check_upload_image(user) -> None:
    check_may_post(user)
    if not (user.has_perm("forum.upload_images") or is_moderator(user)):
        raise PermissionDenied(UPLOAD_NOT_ALLOWED)
