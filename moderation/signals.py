"""Moderation's domain signals; badges (and others) react. Sent inside the service's transaction.

answer_verified / answer_unverified: answer, by, reason (unverify only)
post_hidden: post, by, reason
member_suspended: member, by, until, reason
"""

from django.dispatch import Signal

answer_verified = Signal()
answer_unverified = Signal()
post_hidden = Signal()
member_suspended = Signal()
