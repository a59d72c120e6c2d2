"""The one visibility rule for threads and answers, in its two forms: a filter for querysets
(`Thread.objects.visible_to(user)`, `Answer.objects.visible_to(user)`) and a predicate for a post
already in hand (`thread_visible`, `answer_visible`, used by forum.permissions.check_see_thread).
Both live here, side by side, and a test checks they agree on every combination of states.

The rule:
- moderators see every post, deleted, hidden or waiting for review;
- everyone else sees posts that are not deleted, not hidden by moderation and not waiting for
  review, except that authors see their own posts while they wait for review;
- an answer is visible only in a thread the same person may see.

Other apps never write their own copy: they fetch through forum.selectors.get_visible_thread /
get_visible_answer / get_visible_post, or filter with visible_to().
"""

from django.db.models import Q

from forum.roles import is_moderator


def _post_q(user, prefix: str = "") -> Q:
    shown = Q(**{f"{prefix}deleted_at__isnull": True, f"{prefix}is_hidden": False})
    released = Q(**{f"{prefix}is_pending_review": False})
    if user is not None and user.is_authenticated:
        released |= Q(**{f"{prefix}author_id": user.pk})
    return shown & released


def seen_only_by_author_q(author_id: int, prefix: str = "") -> Q:
    """The posts of this author that only they (and moderators) see: waiting for review, and not
    deleted or hidden (the part of the rule above that `released` adds for an author)."""
    return Q(**{f"{prefix}deleted_at__isnull": True, f"{prefix}is_hidden": False,
                f"{prefix}is_pending_review": True, f"{prefix}author_id": author_id})


def thread_q(user, prefix: str = "") -> Q | None:
    """Filter for threads `user` may see (None: no filter, a moderator sees all)."""
    if is_moderator(user):
        return None
    return _post_q(user, prefix)


def answer_q(user) -> Q | None:
    if is_moderator(user):
        return None
    return _post_q(user) & _post_q(user, "thread__")


def _post_visible(user, post) -> bool:
    if post.deleted_at is not None or post.is_hidden:
        return False
    if not post.is_pending_review:
        return True
    return bool(user is not None and user.is_authenticated and user.pk == post.author_id)


def thread_visible(user, thread) -> bool:
    return is_moderator(user) or _post_visible(user, thread)


def answer_visible(user, answer) -> bool:
    return is_moderator(user) or (_post_visible(user, answer) and _post_visible(user, answer.thread))
