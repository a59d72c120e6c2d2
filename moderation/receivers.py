"""Moderation's reactions to forum events (connected when moderation's AppConfig.ready() imports
this module). Its providers for forum and site hooks are registered in ready() itself."""

from django.dispatch import receiver

from forum import signals
from forum.models import Answer, Thread
from moderation import services


@receiver(signals.question_asked, dispatch_uid="moderation.hold_thread")
def hold_new_thread_with_links(sender, thread: Thread, by, **kwargs):
    if services.needs_review(author=by, body=thread.body):
        services.post_hold_for_review(post=thread)


@receiver(signals.answer_posted, dispatch_uid="moderation.hold_answer")
def hold_new_answer_with_links(sender, answer: Answer, by, **kwargs):
    if services.needs_review(author=by, body=answer.body):
        services.post_hold_for_review(post=answer)


@receiver(signals.post_edited, dispatch_uid="moderation.hold_edit")
def hold_edit_that_adds_links(sender, post, revision, by, **kwargs):
    """A post edited to add links (by a member who may not post them) waits for review again."""
    if post.is_pending_review or post.is_deleted or by is None or by.pk != post.author_id:
        return
    if services.needs_review(author=by, body=post.body):
        services.post_hold_for_review(post=post)

