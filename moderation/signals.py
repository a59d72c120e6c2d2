"""Moderation's domain signals; badges (and others) react. Sent inside the service's transaction.

answer_verified / answer_unverified: answer, by, reason (unverify only)

Hiding and showing a post is announced once, by the forum (forum.signals.post_hidden_changed, sent
by forum.services.post_set_moderation_state, which moderation calls): badges reverses and restores
the post's reputation on it. A suspension has no listener outside moderation, so it sends no signal;
add one here when an app needs to react (and connect that app's receiver in its ready()).
"""

from django.dispatch import Signal

answer_verified = Signal()
answer_unverified = Signal()
