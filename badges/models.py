"""Badges data: the reputation ledger, cached standings, ranks, badges and awards.

Models hold data and small derived properties; every write goes through badges.services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

User = settings.AUTH_USER_MODEL


class ReputationSettings(models.Model):
    """Points and the daily kudos cap, tuned by administrators in the admin (one row)."""

    kudo_on_answer = models.IntegerField(_("kudos on an answer"), default=10)
    kudo_on_question = models.IntegerField(_("kudos on a question"), default=5)
    answer_accepted = models.IntegerField(_("answer accepted (answerer)"), default=15)
    asker_accepted = models.IntegerField(_("answer accepted (asker)"), default=2)
    answer_verified = models.IntegerField(_("answer verified by a moderator"), default=25)
    daily_kudo_cap = models.PositiveIntegerField(
        _("daily cap on points from kudos"), default=200,
        help_text=_("Acceptance and verification are not capped."),
    )

    class Meta:
        verbose_name = _("reputation settings")
        verbose_name_plural = _("reputation settings")

    def __str__(self):
        return str(_("Reputation settings"))


class ReputationEntry(models.Model):
    """One change of a member's points. Never edited; undoing a cause writes a reversal row.

    `source` names the cause ("kudo:<kudo id>", "accept:<answer id>", "verify:<answer id>").
    `seq` counts how often the same cause was credited (give → withdraw → give again), and a
    reversal carries the seq of the credit it undoes, so the unique constraint makes double
    credit and double reversal impossible. `occurred_at` is when the cause happened (a reversal
    inherits it from its credit), so weekly and monthly figures rebuild exactly.
    """

    class Reason(models.TextChoices):
        KUDO = "kudo", _("kudos received")
        KUDO_UNDONE = "kudo_undone", _("kudos taken back")
        ACCEPTED = "accepted", _("answer accepted")
        ACCEPTED_UNDONE = "accepted_undone", _("acceptance undone")
        ASKER_ACCEPTED = "asker_accepted", _("accepted an answer")
        ASKER_ACCEPTED_UNDONE = "asker_accepted_undone", _("accepted answer undone")
        VERIFIED = "verified", _("answer verified")
        VERIFIED_UNDONE = "verified_undone", _("verification undone")

    member = models.ForeignKey(User, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="reputation_entries")
    points = models.IntegerField(_("points"))
    # Kudos only: the uncapped points, so the day's cap can be applied exactly.
    raw_points = models.IntegerField(default=0, editable=False)
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices)
    source = models.CharField(_("source"), max_length=64)
    seq = models.PositiveIntegerField(default=1, editable=False)
    # No database constraint: an FK check would take a share lock on the forum row, and a kudo
    # (holding the answer row) would then wait on an accept (holding the thread row): a deadlock.
    thread = models.ForeignKey("forum.Thread", verbose_name=_("thread"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    answer = models.ForeignKey("forum.Answer", verbose_name=_("answer"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    occurred_at = models.DateTimeField(_("occurred"), db_index=True)
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reputation entry")
        verbose_name_plural = _("reputation")
        constraints = [
            models.UniqueConstraint(fields=["member", "reason", "source", "seq"], name="reputation_once_per_cause"),
        ]
        indexes = [
            models.Index(fields=["member", "day"]),
            models.Index(fields=["member", "-created_at"]),
            models.Index(fields=["source"]),
        ]

    def __str__(self):
        return f"{self.member_id} {self.points:+d} {self.reason} {self.source}"


class Rank(models.Model):
    """A level reached at a reputation threshold; its group holds the privileges it unlocks.

    Staff ranks (Moderator, Editor) have no threshold: they are shown separately and follow roles.
    """

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    threshold = models.PositiveIntegerField(_("reputation needed"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    group = models.OneToOneField("auth.Group", verbose_name=_("group"), on_delete=models.PROTECT,
                                 related_name="rank")
    is_staff_rank = models.BooleanField(_("staff rank"), default=False)
    colour = models.CharField(_("colour"), max_length=7, default="#5b3fd6")

    class Meta:
        ordering = ["is_staff_rank", "threshold", "name"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        constraints = [
            models.UniqueConstraint(fields=["threshold"], condition=Q(is_staff_rank=False),
                                    name="rank_one_per_threshold"),
            models.CheckConstraint(condition=Q(is_staff_rank=True) | Q(threshold__isnull=False),
                                   name="rank_member_rank_has_threshold"),
        ]

    def __str__(self):
        return self.name


class Standing(models.Model):
    """A member's cached reputation: total, this week, this month and rank. Rebuilt exactly by
    `manage.py rebuild_reputation`. Week and month figures count for the period in week_of/month_of.
    """

    member = models.OneToOneField(User, primary_key=True, on_delete=models.CASCADE, related_name="standing")
    total = models.IntegerField(_("reputation"), default=0)
    week_points = models.IntegerField(_("this week"), default=0)
    week_of = models.DateField(null=True, blank=True)
    month_points = models.IntegerField(_("this month"), default=0)
    month_of = models.DateField(null=True, blank=True)
    rank = models.ForeignKey(Rank, verbose_name=_("rank"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        indexes = [
            models.Index(fields=["-total"]),
            models.Index(fields=["week_of", "-week_points"]),
            models.Index(fields=["month_of", "-month_points"]),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.total}"

    @property
    def this_week(self) -> int:
        from badges.periods import week_start

        return self.week_points if self.week_of == week_start() else 0

    @property
    def this_month(self) -> int:
        from badges.periods import month_start

        return self.month_points if self.month_of == month_start() else 0


class Badge(models.Model):
    class Tier(models.TextChoices):
        BRONZE = "bronze", _("bronze")
        SILVER = "silver", _("silver")
        GOLD = "gold", _("gold")

    class Glyph(models.TextChoices):
        STAR = "star", _("star")
        CHECK = "check", _("check mark")
        HEART = "heart", _("heart")
        BOLT = "bolt", _("lightning bolt")
        FLAME = "flame", _("flame")
        QUESTION = "question", _("question mark")
        BUBBLE = "bubble", _("speech bubble")
        SHIELD = "shield", _("shield")
        SUN = "sun", _("sun")
        PERSON = "person", _("person")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300)
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices, default=Tier.BRONZE)
    glyph = models.CharField(_("glyph"), max_length=16, choices=Glyph.choices, default=Glyph.STAR)
    rule = models.CharField(_("rule"), max_length=40, help_text=_("Which query decides who earns it."))
    parameters = models.JSONField(_("rule parameters"), default=dict, blank=True,
                                  help_text=_('For example {"count": 10}. Empty uses the rule\'s defaults.'))
    multiple = models.BooleanField(_("repeatable per post"), default=False,
                                   help_text=_("Awarded once for every post that meets the rule."))
    enabled = models.BooleanField(_("enabled"), default=True)
    revoke_when_rule_fails = models.BooleanField(
        _("revoke when the rule no longer holds"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    award_count = models.PositiveIntegerField(_("awarded"), default=0, editable=False)
    holder_count = models.PositiveIntegerField(_("holders"), default=0, editable=False)
    icon_small = models.CharField(max_length=200, blank=True, editable=False)
    icon_large = models.CharField(max_length=200, blank=True, editable=False)
    art_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        permissions = [("grant_badge", _("Can grant and revoke badges by hand"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("badges:detail", kwargs={"slug": self.slug})

    @property
    def tier_rank(self) -> int:
        return {"gold": 0, "silver": 1, "bronze": 2}.get(self.tier, 3)


class AwardQuerySet(models.QuerySet):
    def held(self):
        return self.filter(revoked_at__isnull=True)


class Award(models.Model):
    """A member holds a badge (for a post, when repeatable). Revoked awards are kept, not deleted."""

    badge = models.ForeignKey(Badge, verbose_name=_("badge"), on_delete=models.CASCADE, related_name="awards")
    member = models.ForeignKey(User, verbose_name=_("member"), on_delete=models.CASCADE, related_name="awards")
    source = models.CharField(_("for"), max_length=64, blank=True, default="")
    thread = models.ForeignKey("forum.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.ForeignKey("forum.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    awarded_at = models.DateTimeField(_("awarded"), default=timezone.now, db_index=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-awarded_at", "-id"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(fields=["badge", "member"], condition=Q(revoked_at__isnull=True, source=""),
                                    name="award_once_only"),
            models.UniqueConstraint(fields=["badge", "member", "source"], condition=Q(revoked_at__isnull=True),
                                    name="award_once_per_source"),
        ]
        indexes = [models.Index(fields=["member", "badge"])]

    def __str__(self):
        return f"{self.badge} → {self.member_id}"


class BadgeLog(models.Model):
    """Staff grants and revocations of badges, with the reason. Never edited or deleted."""

    class Action(models.TextChoices):
        GRANTED = "granted", _("granted")
        REVOKED = "revoked", _("revoked")

    badge = models.ForeignKey(Badge, verbose_name=_("badge"), on_delete=models.CASCADE, related_name="log")
    member = models.ForeignKey(User, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(User, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("badge log entry")
        verbose_name_plural = _("badge log")

    def __str__(self):
        return f"{self.action} {self.badge_id} {self.member_id}"
