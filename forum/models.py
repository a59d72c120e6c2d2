"""Forum data. Models hold data and small derived properties; actions live in services.py."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from forum import visibility

User = settings.AUTH_USER_MODEL

# Threads per sitemap file, as a range of ids (forum/sitemaps.py); the index thread_sitemap_file is
# built on it, so changing it needs a migration.
SITEMAP_FILE_IDS = 10_000


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    icon = models.CharField(_("icon"), max_length=8, blank=True, help_text=_("An emoji or short symbol."))
    position = models.PositiveIntegerField(_("position"), default=0)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    thread_count = models.PositiveIntegerField(_("threads"), default=0, editable=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def alive(self):
        """Not soft-deleted."""
        return self.filter(deleted_at__isnull=True)

    def public(self):
        """Not deleted, not hidden by moderation, not awaiting review (the post itself only; for
        what a reader may see, answers included, use visible_to)."""
        return self.filter(deleted_at__isnull=True, is_hidden=False, is_pending_review=False)


class ThreadQuerySet(PostQuerySet):
    def visible_to(self, user):
        """The threads this user may see (None: what anyone may see): the rule in forum/visibility.py."""
        condition = visibility.thread_q(user)
        return self if condition is None else self.filter(condition)


class AnswerQuerySet(PostQuerySet):
    def visible_to(self, user):
        """The answers this user may see (in threads they may see): forum/visibility.py."""
        condition = visibility.answer_q(user)
        return self if condition is None else self.filter(condition)


class Post(models.Model):
    """What threads and answers share: an author, a Markdown body, soft deletion, moderation flags."""

    author = models.ForeignKey(User, verbose_name=_("author"), on_delete=models.PROTECT)
    body = models.TextField(_("body"))
    body_html = models.TextField(editable=False, default="")
    kudos_count = models.PositiveIntegerField(_("kudos"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Set by moderation through forum services.
    is_hidden = models.BooleanField(_("hidden"), default=False)
    is_pending_review = models.BooleanField(_("waiting for review"), default=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Thread(Post):
    class Kind(models.TextChoices):
        QUESTION = "question", _("question")
        PROBLEM = "problem", _("problem")
        COMPLIMENT = "compliment", _("compliment")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")
        SOLVED = "solved", _("solved")
        CLOSED = "closed", _("closed")
        LOCKED = "locked", _("locked")

    class CloseReason(models.TextChoices):
        DUPLICATE = "duplicate", _("duplicate")
        OFF_TOPIC = "off_topic", _("off-topic")
        RESOLVED = "resolved", _("resolved")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=False)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="threads"
    )
    tags = TaggableManager(_("tags"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    close_reason = models.CharField(
        _("close reason"), max_length=16, choices=CloseReason.choices, blank=True
    )
    close_note = models.CharField(_("close note"), max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    answer_count = models.PositiveIntegerField(_("answers"), default=0, editable=False)
    me_too_count = models.PositiveIntegerField(_("me too"), default=0, editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True, db_index=True)
    accept_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Idempotency: a double-clicked submit carries the same token and creates one thread.
    submission_token = models.CharField(max_length=64, blank=True, editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("thread")
        # Privileges: the forum asks user.has_perm("forum.<codename>"); ranks and roles grant them.
        permissions = [
            ("post_links", _("Can post links")),
            ("upload_images", _("Can upload images")),
            ("edit_others_posts", _("Can edit others' posts")),
            ("retag", _("Can retag threads")),
            ("flag_posts", _("Can report posts")),
            ("vote_close", _("Can vote to close")),
            ("bypass_new_member_limits", _("Is past the new-member posting limits")),
            ("moderate", _("Can moderate the forum")),
        ]
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(fields=["category", "-last_activity_at"]),
            models.Index(fields=["status", "-last_activity_at"]),
            models.Index(fields=["-created_at"]),
            # The lists' default order (pinned first, then latest activity): without it PostgreSQL sorted
            # every public thread for each list page, 50 ms at 20k threads (EXPLAIN in BENCHMARKS.md).
            models.Index(fields=["-is_pinned", "-last_activity_at"], name="thread_pinned_activity"),
            # The sitemap's thread files are ranges of SITEMAP_FILE_IDS ids (forum/sitemaps.py); the index
            # asks each range's latest activity, one probe of this index per file instead of a scan of
            # every indexed thread. The expression and condition are the ones its SQL spells out.
            models.Index(F("id") / SITEMAP_FILE_IDS, "last_activity_at", name="thread_sitemap_file",
                         condition=Q(answer_count__gt=0, deleted_at__isnull=True, is_hidden=False,
                                     is_pending_review=False)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_token"],
                condition=~Q(submission_token=""),
                name="thread_unique_submission",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("id")), name="thread_not_duplicate_of_itself"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread", kwargs={"pk": self.pk, "slug": self.slug or "-"})

    @property
    def is_solved(self) -> bool:
        return self.status == self.Status.SOLVED

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class TagUsage(models.Model):
    """How many public threads carry a tag, and the latest activity among them: the sitemap lists
    tags on enough threads without counting a million tagged rows. Kept exact by forum/counters.py
    (after each change of a thread's tags or visibility) and bumped with its threads' activity."""

    tag = models.OneToOneField("taggit.Tag", primary_key=True, on_delete=models.CASCADE, related_name="usage")
    thread_count = models.PositiveIntegerField(_("threads"), default=0, editable=False)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("tag usage")
        verbose_name_plural = _("tag usage")

    def __str__(self):
        return f"{self.tag_id}: {self.thread_count}"


class Answer(Post):
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="answers"
    )
    is_accepted = models.BooleanField(_("accepted"), default=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Set by moderation: a staff check that the accepted answer is correct.
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    submission_token = models.CharField(max_length=64, blank=True, editable=False)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-is_accepted", "-kudos_count", "created_at"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["thread"], condition=Q(is_accepted=True), name="answer_one_accepted_per_thread"
            ),
            models.UniqueConstraint(
                fields=["author", "submission_token"],
                condition=~Q(submission_token=""),
                name="answer_unique_submission",
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(is_accepted=True),
                name="answer_verified_only_if_accepted",
            ),
        ]

    def __str__(self):
        return f"{self.thread.title} #{self.pk}"

    def get_absolute_url(self):
        # ?answer= opens the page of the thread that holds the answer (a thread pages its answers).
        return f"{self.thread.get_absolute_url()}?answer={self.pk}#answer-{self.pk}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Revision(models.Model):
    """One kept version of a thread or an answer; number 1 is the original."""

    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    editor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("revision")
        verbose_name_plural = _("history")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, answer__isnull=True)
                | Q(thread__isnull=True, answer__isnull=False),
                name="revision_of_exactly_one_post",
            ),
            models.UniqueConstraint(fields=["thread", "number"], name="revision_thread_number"),
            models.UniqueConstraint(fields=["answer", "number"], name="revision_answer_number"),
        ]

    def __str__(self):
        return f"#{self.number}"


class Kudo(models.Model):
    """A thank-you: one per member per post."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="kudos_given")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="kudos")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="kudos")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, answer__isnull=True)
                | Q(thread__isnull=True, answer__isnull=False),
                name="kudo_on_exactly_one_post",
            ),
            models.UniqueConstraint(fields=["user", "thread"], name="kudo_once_per_thread"),
            models.UniqueConstraint(fields=["user", "answer"], name="kudo_once_per_answer"),
        ]

    def __str__(self):
        return f"kudos #{self.pk}"

    @property
    def post(self):
        return self.answer if self.answer_id else self.thread


class MeToo(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="me_toos")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="me_toos")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("me too")
        verbose_name_plural = _("me too")
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="me_too_once_per_thread")]

    def __str__(self):
        return f"me too #{self.pk}"


class Follow(models.Model):
    """A member follows exactly one of: a thread, a category, a tag."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    tag = models.ForeignKey("taggit.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, category__isnull=True, tag__isnull=True)
                | Q(thread__isnull=True, category__isnull=False, tag__isnull=True)
                | Q(thread__isnull=True, category__isnull=True, tag__isnull=False),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(fields=["user", "thread"], name="follow_once_thread"),
            models.UniqueConstraint(fields=["user", "category"], name="follow_once_category"),
            models.UniqueConstraint(fields=["user", "tag"], name="follow_once_tag"),
        ]

    def __str__(self):
        return f"follow #{self.pk}"


class Notification(models.Model):
    """A message to a member. `verb` is a short code; other apps add their own verbs."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    verb = models.CharField(max_length=40)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300, help_text=_("What the member reads, already translated."))
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text


class Attachment(models.Model):
    """An image uploaded for use in posts; stored re-encoded, resized and without metadata."""

    uploader = models.ForeignKey(User, on_delete=models.CASCADE, related_name="attachments")
    image = models.ImageField(upload_to="uploads/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    original_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name or self.image.name


class Profile(models.Model):
    class EmailMode(models.TextChoices):
        EACH = "each", _("an email for each event")
        DIGEST = "digest", _("a daily digest")
        OFF = "off", _("no email")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    bio = models.TextField(_("bio"), max_length=1000, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    email_mode = models.CharField(
        _("email notifications"), max_length=8, choices=EmailMode.choices, default=EmailMode.EACH
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:profile", kwargs={"username": self.user.get_username()})

    @property
    def name(self) -> str:
        return self.display_name or self.user.get_username()


from forum.search.models import SearchEntry, SearchLog, SearchWord  # noqa: E402,F401  (search keeps its model beside its code)
