"""Moderation data: the audit log, staff teams, reports (flags), suspensions, missing pages.

Service recovery's models (cases, recovery replies, follow-ups, feedback) belong to its own app,
moderation.recovery (label "recovery"), which builds on these; nothing here imports it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

User = settings.AUTH_USER_MODEL


class Team(models.Model):
    """Staff who answer for some categories (and own the complaints filed in them)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    members = models.ManyToManyField(User, verbose_name=_("members"), related_name="teams", blank=True)
    categories = models.ManyToManyField(
        "forum.Category", verbose_name=_("categories"), related_name="teams", blank=True
    )
    email = models.EmailField(_("team email"), blank=True, help_text=_("Where forwarded compliments and feedback go."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class AuditEntry(models.Model):
    """Who did what, when, why, with the state before and after. Never edited, never deleted."""

    actor = models.ForeignKey(User, verbose_name=_("moderator"), null=True, on_delete=models.SET_NULL,
                              related_name="+")
    action = models.CharField(_("action"), max_length=60, db_index=True)
    member = models.ForeignKey(User, verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    thread = models.ForeignKey("forum.Thread", verbose_name=_("thread"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    answer = models.ForeignKey("forum.Answer", verbose_name=_("answer"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class NotFoundPath(models.Model):
    """A path that answered 404, and how often: the 404 page's hits, counted by path."""

    path = models.CharField(_("path"), max_length=500, unique=True)
    hits = models.PositiveIntegerField(_("hits"), default=0)
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), auto_now=True)

    class Meta:
        ordering = ["-hits"]
        verbose_name = _("missing page")
        verbose_name_plural = _("missing pages")

    def __str__(self):
        return self.path

class Flag(models.Model):
    """A member's report of a thread or an answer. One per member per post."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("spam")
        RUDE = "rude", _("rude or abusive")
        INCORRECT = "incorrect", _("incorrect or dangerous")
        OFF_TOPIC = "off_topic", _("off-topic")
        OTHER = "other", _("something else")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for review")
        HELPFUL = "helpful", _("action taken")
        DISMISSED = "dismissed", _("dismissed")

    flagger = models.ForeignKey(User, verbose_name=_("reported by"), on_delete=models.CASCADE,
                                related_name="flags_made")
    thread = models.ForeignKey("forum.Thread", verbose_name=_("thread"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="flags")
    answer = models.ForeignKey("forum.Answer", verbose_name=_("answer"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="flags")
    # The author of the flagged post, kept so a member's history needs no join through two post tables.
    post_author = models.ForeignKey(User, verbose_name=_("author of the post"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="flags_received")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    text = models.CharField(_("details"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1,
                                              help_text=_("How much this report counts towards hiding the post."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    outcome = models.CharField(_("outcome"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(User, verbose_name=_("resolved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, answer__isnull=True)
                | models.Q(thread__isnull=True, answer__isnull=False),
                name="flag_on_exactly_one_post",
            ),
            models.UniqueConstraint(fields=["flagger", "thread"], name="flag_once_per_thread"),
            models.UniqueConstraint(fields=["flagger", "answer"], name="flag_once_per_answer"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} #{self.pk}"

    @property
    def post(self):
        return self.answer if self.answer_id else self.thread


class Suspension(models.Model):
    """A member may not post until `until`; lifting it early keeps the row (lifted_at)."""

    member = models.ForeignKey(User, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="suspensions")
    by = models.ForeignKey(User, verbose_name=_("moderator"), null=True, on_delete=models.SET_NULL,
                           related_name="+")
    reason = models.TextField(_("reason"))
    starts_at = models.DateTimeField(_("from"), auto_now_add=True)
    until = models.DateTimeField(_("until"), db_index=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(User, verbose_name=_("lifted by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        indexes = [models.Index(fields=["member", "until"])]

    def __str__(self):
        return f"{self.member} → {self.until:%Y-%m-%d}"

