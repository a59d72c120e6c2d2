"""Badges' reactions to forum, moderation and account events (connected in AppConfig.ready).

Ledger entries are written synchronously, in the event's transaction; badge evaluation is a task
enqueued after commit.
"""

import logging

from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

from badges import services, tasks
from forum import signals as forum_signals
from forum.models import Answer, Thread
from moderation import signals as moderation_signals

logger = logging.getLogger(__name__)


def on_commit(callback) -> None:
    transaction.on_commit(callback)


def enqueue_evaluation(event: str, *member_ids) -> None:
    ids = sorted({int(pk) for pk in member_ids if pk})
    if not ids:
        return

    def run():
        try:
            tasks.evaluate_members.enqueue(event, ids)
        except Exception:  # a failed badge check must never break the member's action
            logger.exception("Badge evaluation for %s failed", event)

    on_commit(run)


def _thread_id(post) -> int:
    return post.thread_id if isinstance(post, Answer) else post.pk


@receiver(forum_signals.question_asked, dispatch_uid="badges.question_asked")
def question_asked(sender, thread, by, **kwargs):
    services.standing_for(by)
    named = services.mentioned_member_ids(thread.body) if thread.kind == Thread.Kind.COMPLIMENT else []
    enqueue_evaluation("question_asked", by.pk, *named)


@receiver(forum_signals.answer_posted, dispatch_uid="badges.answer_posted")
def answer_posted(sender, answer, by, **kwargs):
    services.standing_for(by)
    enqueue_evaluation("answer_posted", by.pk)


@receiver(forum_signals.answer_accepted, dispatch_uid="badges.answer_accepted")
def answer_accepted(sender, answer, by, **kwargs):
    services.sync_thread(answer.thread_id)
    enqueue_evaluation("answer_accepted", answer.author_id, answer.thread.author_id)


@receiver(forum_signals.answer_unaccepted, dispatch_uid="badges.answer_unaccepted")
def answer_unaccepted(sender, answer, by, **kwargs):
    services.sync_thread(answer.thread_id)
    enqueue_evaluation("answer_unaccepted", answer.author_id)


@receiver(forum_signals.kudo_given, dispatch_uid="badges.kudo_given")
def kudo_given(sender, kudo, post, by, **kwargs):
    services.sync_thread(_thread_id(post))
    enqueue_evaluation("kudo_given", post.author_id, by.pk)


@receiver(forum_signals.kudo_withdrawn, dispatch_uid="badges.kudo_withdrawn")
def kudo_withdrawn(sender, kudo, post, by, **kwargs):
    services.sync_thread(_thread_id(post))
    enqueue_evaluation("kudo_withdrawn", post.author_id)


@receiver(forum_signals.me_too_added, dispatch_uid="badges.me_too_added")
def me_too_added(sender, thread, by, **kwargs):
    enqueue_evaluation("me_too_added", thread.author_id)


@receiver(forum_signals.me_too_withdrawn, dispatch_uid="badges.me_too_withdrawn")
def me_too_withdrawn(sender, thread, by, **kwargs):
    enqueue_evaluation("me_too_withdrawn", thread.author_id)


def _thread_people(post) -> set[int]:
    """Everyone whose badges a deleted or restored post can change: the thread's authors."""
    thread_id = _thread_id(post)
    people = set(Answer.objects.filter(thread_id=thread_id).values_list("author_id", flat=True))
    people.add(post.thread.author_id if isinstance(post, Answer) else post.author_id)
    return people


@receiver(forum_signals.post_deleted, dispatch_uid="badges.post_deleted")
def post_deleted(sender, post, by, **kwargs):
    services.sync_thread(_thread_id(post))
    enqueue_evaluation("post_deleted", *_thread_people(post))


@receiver(forum_signals.post_restored, dispatch_uid="badges.post_restored")
def post_restored(sender, post, by, **kwargs):
    services.sync_thread(_thread_id(post))
    enqueue_evaluation("post_restored", *_thread_people(post))


@receiver(forum_signals.post_hidden_changed, dispatch_uid="badges.post_hidden_changed")
def post_hidden_changed(sender, post, by, **kwargs):
    """Hidden by moderation: the post's reputation is reversed; shown again: credited again."""
    services.sync_thread(_thread_id(post))
    enqueue_evaluation("post_hidden_changed", *_thread_people(post))


@receiver(forum_signals.thread_changed, dispatch_uid="badges.thread_changed")
def thread_changed(sender, thread, by, change, before, **kwargs):
    """A merge moves answers (and their reputation) to another thread; a move changes the
    category leaderboards. Locking, closing and pinning change no points."""
    if change == "merged":
        services.sync_thread(thread.pk)  # the moved answers' entries are found by answer id
        enqueue_evaluation("thread_merged", *_thread_people(thread))
    if change in ("merged", "moved"):
        on_commit(services.leaderboard_changed)


@receiver(moderation_signals.answer_verified, dispatch_uid="badges.answer_verified")
def answer_verified(sender, answer, by, **kwargs):
    services.sync_thread(answer.thread_id)
    enqueue_evaluation("answer_verified", answer.author_id)


@receiver(moderation_signals.answer_unverified, dispatch_uid="badges.answer_unverified")
def answer_unverified(sender, answer, by, **kwargs):
    services.sync_thread(answer.thread_id)
    enqueue_evaluation("answer_unverified", answer.author_id)


@receiver(user_signed_up, dispatch_uid="badges.user_signed_up")
def signed_up(sender, request, user, **kwargs):
    services.standing_for(user)


@receiver(user_logged_in, dispatch_uid="badges.user_logged_in")
def logged_in(sender, request, user, **kwargs):
    """Fallback for members made elsewhere (member_create, createsuperuser): Newcomer on first sign-in."""
    services.standing_for(user)
    enqueue_evaluation("profile", user.pk)
