"""Service recovery: cases (complaints), recovery replies, follow-ups, feedback (app label "recovery").

The tables keep the names they had when these models belonged to the moderation app (db_table).

Models hold data and small derived properties; every change goes through moderation.recovery.services.
"""

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

User = settings.AUTH_USER_MODEL

__all__ = ["ResponsePolicy", "Case", "CaseEvent", "RecoveryReply", "StaffNote", "FollowUp", "Feedback",
           "FeedbackRule"]


# A category without a ResponsePolicy row has this first-response target (DESIGN.md: three hours), so
# service recovery needs no rows installed before it works (no bootstrap installer).
DEFAULT_FIRST_RESPONSE_MINUTES = 180


def _default_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]


class ResponsePolicy(models.Model):
    """How fast staff answer first in one category, and whether the clock stops outside business hours."""

    category = models.OneToOneField("forum.Category", verbose_name=_("category"), on_delete=models.CASCADE,
                                    related_name="response_policy")
    first_response_minutes = models.PositiveIntegerField(_("first response target (minutes)"),
                                                         default=DEFAULT_FIRST_RESPONSE_MINUTES)
    business_hours_only = models.BooleanField(
        _("count business hours only"), default=False,
        help_text=_("When on, the clock only runs on the chosen weekdays between the start and end time."))
    weekdays = models.JSONField(_("weekdays"), default=_default_weekdays, blank=True,
                                help_text=_("Monday is 0, Sunday is 6."))
    day_start = models.TimeField(_("business day starts"), default=time(9, 0))
    day_end = models.TimeField(_("business day ends"), default=time(17, 0))

    class Meta:
        db_table = "moderation_responsepolicy"  # the table made when recovery lived in moderation
        verbose_name = _("response-time policy")
        verbose_name_plural = _("response-time policies")

    def __str__(self):
        return f"{self.category}: {self.first_response_minutes} min"


class Case(models.Model):
    """A complaint being handled: one per problem thread, one owner who does the talking."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        IN_PROGRESS = "in_progress", _("in progress")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")

    thread = models.OneToOneField("forum.Thread", verbose_name=_("thread"), on_delete=models.CASCADE,
                                  related_name="case")
    team = models.ForeignKey("moderation.Team", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="cases")
    owner = models.ForeignKey(User, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="owned_cases")
    auto_assigned = models.BooleanField(_("assigned automatically"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW,
                              db_index=True)
    created_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(_("first response due"), db_index=True)
    target_minutes = models.PositiveIntegerField(_("target (minutes)"), default=DEFAULT_FIRST_RESPONSE_MINUTES)
    first_response_at = models.DateTimeField(_("first staff response"), null=True, blank=True)
    first_response_minutes = models.PositiveIntegerField(_("minutes to first response"), null=True, blank=True)
    breached = models.BooleanField(_("target missed"), default=False)
    breached_at = models.DateTimeField(_("target missed at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    round = models.PositiveIntegerField(_("resolution round"), default=0,
                                        help_text=_("Counts resolutions; each one gets its own follow-up."))

    class Meta:
        db_table = "moderation_case"  # the table made when recovery lived in moderation
        ordering = ["due_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return str(self.thread)

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.RESOLVED, self.Status.CLOSED)


class CaseEvent(models.Model):
    """The case's timeline: opened, assigned, taken, reassigned, answered, status changes, breaches."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("opened")
        ASSIGNED = "assigned", _("assigned")
        TAKEN = "taken", _("taken")
        REASSIGNED = "reassigned", _("reassigned")
        FIRST_RESPONSE = "first_response", _("first response")
        BREACHED = "breached", _("response target missed")
        STATUS = "status", _("status changed")
        RECOVERY_REPLY = "recovery_reply", _("recovery reply sent")
        FOLLOW_UP_SENT = "follow_up_sent", _("follow-up sent")
        FOLLOW_UP_ANSWERED = "follow_up_answered", _("follow-up answered")
        REOPENED = "reopened", _("reopened")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        db_table = "moderation_caseevent"  # the table made when recovery lived in moderation
        ordering = ["created_at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case timeline")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class RecoveryReply(models.Model):
    """A staff apology in five required parts, posted as one forum answer; gestures kept for reporting."""

    class Gesture(models.TextChoices):
        NONE = "", _("no gesture")
        VOUCHER = "voucher", _("voucher")
        REFUND = "refund", _("refund")
        FREE_SHIPPING = "free_shipping", _("free shipping")
        OTHER = "other", _("other")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="replies")
    answer = models.OneToOneField("forum.Answer", verbose_name=_("answer"), on_delete=models.CASCADE,
                                  related_name="recovery_reply")
    author = models.ForeignKey(User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    responsibility = models.TextField(_("taking responsibility"))
    regret = models.TextField(_("regret"))
    repair = models.TextField(_("the repair offered"))
    cause = models.TextField(_("the cause"))
    prevention = models.TextField(_("what will prevent a repeat"))
    gesture_kind = models.CharField(_("gesture"), max_length=16, choices=Gesture.choices, blank=True)
    gesture_value = models.DecimalField(_("gesture value"), max_digits=9, decimal_places=2, null=True, blank=True)
    gesture_currency = models.CharField(_("currency"), max_length=3, default="EUR", blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "moderation_recoveryreply"  # the table made when recovery lived in moderation
        ordering = ["-created_at"]
        verbose_name = _("recovery reply")
        verbose_name_plural = _("recovery replies")

    def __str__(self):
        return f"{self.case} #{self.answer_id}"


class StaffNote(models.Model):
    """A private note on a thread: staff only, never shown to members."""

    thread = models.ForeignKey("forum.Thread", verbose_name=_("thread"), on_delete=models.CASCADE,
                               related_name="staff_notes")
    author = models.ForeignKey(User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        db_table = "moderation_staffnote"  # the table made when recovery lived in moderation
        ordering = ["created_at"]
        verbose_name = _("staff note")
        verbose_name_plural = _("staff notes")

    def __str__(self):
        return self.body[:40]


class FollowUp(models.Model):
    """“All good now?” — asked a few days after a case is resolved, once per resolution."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="follow_ups")
    round = models.PositiveIntegerField(_("resolution round"))
    recipient = models.ForeignKey(User, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    all_good = models.BooleanField(_("all good"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        db_table = "moderation_followup"  # the table made when recovery lived in moderation
        ordering = ["-sent_at"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["case", "round"], name="follow_up_once_per_round")]

    def __str__(self):
        return f"{self.case} ({self.round})"


class Feedback(models.Model):
    """Something a visitor told us from the feedback button, the 404 page or a compliment thread."""

    class Kind(models.TextChoices):
        PAGE_PROBLEM = "page_problem", _("problem with this page")
        SUGGESTION = "suggestion", _("suggestion")
        COMPLIMENT = "compliment", _("compliment")
        OTHER = "other", _("other")
        MISSING_PAGE = "missing_page", _("missing page")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    message = models.TextField(_("message"), max_length=4000)
    page = models.CharField(_("page"), max_length=500, blank=True)
    author = models.ForeignKey(User, verbose_name=_("from"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    email = models.EmailField(_("email"), blank=True)
    category = models.ForeignKey("forum.Category", verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    thread = models.ForeignKey("forum.Thread", verbose_name=_("thread"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    team = models.ForeignKey("moderation.Team", verbose_name=_("team"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="feedback")
    rule = models.ForeignKey("recovery.FeedbackRule", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)

    class Meta:
        db_table = "moderation_feedback"  # the table made when recovery lived in moderation
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["thread"], condition=Q(kind="compliment", thread__isnull=False),
                                    name="feedback_one_compliment_per_thread"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.message[:40]}"


class FeedbackRule(models.Model):
    """Send matching feedback to a team. Empty conditions match anything; the first matching rule wins."""

    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveIntegerField(_("position"), default=0)
    category = models.ForeignKey("forum.Category", verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Feedback.Kind.choices, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True,
                                help_text=_("Comma-separated; any one of them in the message matches."))
    team = models.ForeignKey("moderation.Team", verbose_name=_("team"), on_delete=models.CASCADE,
                             related_name="feedback_rules")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "moderation_feedbackrule"  # the table made when recovery lived in moderation
        ordering = ["position", "pk"]
        verbose_name = _("feedback rule")
        verbose_name_plural = _("feedback rules")

    def __str__(self):
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip().lower() for word in self.keywords.split(",") if word.strip()]
