"""Domain signals: the forum announces what happened; badges, moderation and blog react.

Services send these inside their transaction, so what a receiver writes commits or rolls back
with the event. Receivers do slow work (email, indexing, badge evaluation) as tasks enqueued
with transaction.on_commit. Every signal is sent with sender=<the model class> and keyword
arguments as documented; `by` is the user who acted.
"""

from django.dispatch import Signal

# A thread of any kind (question, problem report, compliment) was posted.  thread, by
question_asked = Signal()
# An answer was posted to a thread.  answer, by
answer_posted = Signal()
# The asker (or a moderator on their behalf) accepted an answer.  answer, by
answer_accepted = Signal()
# An acceptance was undone or moved to another answer.  answer (the one no longer accepted), by
answer_unaccepted = Signal()
# A member thanked a post.  kudo (forum.Kudo, saved), post (Thread or Answer), by
kudo_given = Signal()
# A thank-you was taken back.  kudo (forum.Kudo, pk still set, row deleted), post, by
kudo_withdrawn = Signal()
# "I have this too".  thread, by
me_too_added = Signal()
me_too_withdrawn = Signal()
# A thread or answer was edited; revision is the forum.Revision just kept.  post, revision, by
post_edited = Signal()
# A post was soft-deleted / restored.  post, by
post_deleted = Signal()
post_restored = Signal()
# Moderation-facing state changes made through forum services.  post, by
post_hidden_changed = Signal()  # post.is_hidden or post.is_pending_review changed
# Thread state changed: locked, unlocked, closed, reopened, moved, pinned, merged.  thread, by, change, before
thread_changed = Signal()
