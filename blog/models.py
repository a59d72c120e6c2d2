"""Blog pages (Wagtail): how-to articles and known issues, and their links to forum threads.

Pages hold content; actions (linking, feedback, notifying) live in services.py, reads in selectors.py.
"""

import math
import re
from html import unescape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from blog.blocks import ArticleBodyBlock
from blog.panels import ArticleInsightsPanel

# Each language's name in itself: the mark on a page in the other language, and the link to a
# translation, are read by someone who reads that language (like a language switcher).
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}
READ_IN = {"en": "Read in English", "nl": "Lees in het Nederlands"}
WORDS_PER_MINUTE = 200
RESOLVED_NEEDS_TIME = _("A resolved issue needs the time it was resolved.")
RESOLVED_TIME_BEFORE_START = _("An issue cannot be resolved before it started.")

_TAG = re.compile(r"<[^>]+>")


def html_to_text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html or "")).split())


def stream_text(raw_data) -> str:
    """Plain text of a StreamField from its raw JSON (no queries: images and embeds add nothing)."""
    parts = []
    for block in raw_data or []:
        value = block.get("value")
        if block.get("type") == "step" and isinstance(value, dict):
            parts.append(value.get("title", ""))
            parts.append(html_to_text(value.get("text", "")))
        elif isinstance(value, str) and block.get("type") != "embed":
            parts.append(html_to_text(value))
    return " ".join(part for part in parts if part)


class CanonicalPageMixin:
    """Sitemap entries with the canonical address (SITE_URL), not the Wagtail Site row's host."""

    def get_sitemap_urls(self, request=None):
        from blog import seo as blog_seo
        from config import seo

        return [{"location": seo.absolute(blog_seo.page_path(self, request)),
                 "lastmod": self.last_published_at or self.latest_revision_created_at}]


def visitor_language() -> str:
    """The active language as a content language ("en" or "nl"): the tree the visitor reads."""
    from django.utils.translation import get_language

    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return settings.LANGUAGE_CODE


class TranslatedIndexMixin:
    """An index page per language (the English one under the site's home page, its Dutch translation
    under the Dutch home page, at the same slug): Wagtail routes the visitor through their language's
    tree (Page.localized), so /blog/ is the Dutch index for a Dutch visitor. The seeded title and intro
    of the English one are shown in the visitor's language (the catalogue), as before there were two.

    Every page under an index is reachable from each language's index: a Dutch visitor following a
    link to an English article with no Dutch translation gets it, at the one URL it has.
    """

    def display_title(self) -> str:
        return gettext(self.title) if self.title else ""

    def display_intro(self) -> str:
        return gettext(self.intro) if self.intro else ""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
        child = children_of(self.translation_paths(), self.depth).live().filter(slug=path_components[0]).first()
        if child is None:
            raise Http404
        return child.specific.route(request, path_components[1:])

    def translation_paths(self) -> list[str]:
        """The tree paths of this index's other translations (their children are this one's too)."""
        return list(self.get_translations().values_list("path", flat=True))


def children_of(paths, depth: int):
    """Pages right under any of the pages at these tree paths (all at one depth), in one query."""
    under = models.Q(pk__in=[])
    for path in paths:
        under |= models.Q(path__startswith=path)
    return Page.objects.filter(under, depth=depth + 1)


class TranslatedPageMixin:
    """A page in one language (its locale), maybe translated into the other (Wagtail's translation key)."""

    @property
    def language(self) -> str:
        return self.locale.language_code

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    @property
    def read_in(self) -> str:
        """The link to this page from its translation, in this page's language."""
        return READ_IN.get(self.language, self.language_name)

    def give_own_slug(self) -> None:
        """Wagtail gives a translation the original's slug. Both indexes answer at /blog/, so two
        translations at one slug would be one URL that shows each visitor their own language only:
        the copy gets its own ("-nl"). Called when "Translate" made it (blog.receivers)."""
        slug = available_slug(self.slug, self.get_parent().specific, self, suffix=self.locale.language_code)
        if slug != self.slug:
            retitle_slug(self, slug)


def slug_taken(slug: str, parent, page=None) -> bool:
    """Whether a page under this index or one of its translations has the slug (all answer at one path)."""
    if parent is None or not isinstance(parent, TranslatedIndexMixin):
        return False
    siblings = children_of([parent.path, *parent.translation_paths()], parent.depth).filter(slug=slug)
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    return siblings.exists()


def available_slug(slug: str, parent, page=None, *, suffix: str) -> str:
    candidate, number = slug, 1
    while slug_taken(candidate, parent, page):
        candidate = f"{slug}-{suffix}" if number == 1 else f"{slug}-{suffix}-{number}"
        number += 1
    return candidate


def retitle_slug(page, slug: str) -> None:
    """A new slug on the page and its latest revision (the draft the editor opens next)."""
    page.slug = slug
    page.set_url_path(page.get_parent())
    Page.objects.filter(pk=page.pk).update(slug=slug, url_path=page.url_path)
    revision = page.latest_revision
    if revision is not None:
        revision.content["slug"] = slug
        revision.content["url_path"] = page.url_path
        revision.save(update_fields=["content"])


SLUG_TAKEN_IN_OTHER_LANGUAGE = _(
    "The slug “%(slug)s” is in use by a page in the other language: both answer at the same address. "
    "Choose another one."
)


class TranslatedPageForm(WagtailAdminPageForm):
    """Refuses a slug a page of the other language's index has (one address would show two pages)."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        if slug and self.parent_page is not None and slug_taken(slug, self.parent_page.specific, self.instance):
            self.add_error("slug", SLUG_TAKEN_IN_OTHER_LANGUAGE % {"slug": slug})
        return cleaned_data


# The seeded titles and intros (blog/migrations/0002, blog/seed.py), for the catalogue.
INDEX_TEXTS = [
    gettext_noop("How-to articles"),
    gettext_noop("Step-by-step guides from our team for the questions customers ask most."),
    gettext_noop("Known issues"),
    gettext_noop("Problems we know about, what we are doing about them, and what you can do meanwhile."),
]


class BlogIndexPage(TranslatedIndexMixin, Page):
    """/blog/: the list of how-to articles, filterable by tag and forum category, with feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.ArticlePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("how-to index")
        verbose_name_plural = _("how-to indexes")

    def get_context(self, request, *args, **kwargs):
        from blog import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.article_listing(self, request))
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePageForm(TranslatedPageForm):
    """A new article is by the editor writing it, not "---------" (#15 item 13); they may pick another."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.initial.get("author") and self.for_user is not None:
            self.initial["author"] = self.for_user.pk


class ArticlePage(TranslatedPageMixin, CanonicalPageMixin, Page):
    """A how-to article: a summary, a hero image and a body of steps, tips and warnings."""

    summary = models.TextField(_("summary"), max_length=300,
                               help_text=_("One or two sentences; shown in lists, feeds and search."))
    hero_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("hero image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))
    categories = ParentalManyToManyField(
        "forum.Category", verbose_name=_("forum categories"), blank=True, related_name="articles"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
    )
    reading_minutes = models.PositiveSmallIntegerField(_("reading time (minutes)"), default=1, editable=False)

    base_form_class = ArticlePageForm
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("categories"), FieldPanel("author")],
            heading=_("About this article"),
        ),
        ArticleInsightsPanel(),
        InlinePanel("thread_picks", heading=_("Questions this article answers"),
                    label=_("forum thread"),
                    help_text=_("Linked when the article is published; moderators can link threads too.")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        verbose_name = _("how-to article")
        verbose_name_plural = _("how-to articles")

    def plain_text(self) -> str:
        return stream_text(self.body.raw_data)

    def body_sections(self) -> list[tuple[str, object]]:
        """The body with consecutive steps grouped, so they render as one numbered list.

        Steps before any heading of the body are its top-level sections (kind "steps", titles h2 under
        the page's h1); after a heading they belong to it ("steps-in-section", titles h3), so the
        heading levels never skip one.
        """
        sections: list[tuple[str, object]] = []
        under_heading = False
        for block in self.body:
            if block.block_type == "step":
                if sections and sections[-1][0].startswith("steps"):
                    sections[-1][1].append(block)
                else:
                    sections.append(("steps-in-section" if under_heading else "steps", [block]))
            else:
                under_heading = under_heading or "<h2" in str(block.value)
                sections.append(("block", block))
        return sections

    def compute_reading_minutes(self) -> int:
        words = len(f"{self.summary} {self.plain_text()}".split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def save(self, *args, **kwargs):
        self.reading_minutes = self.compute_reading_minutes()
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from blog import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.article_context(self, request))
        return context

    def get_admin_display_title(self):
        return self.draft_title or self.title


class ArticleThreadPick(Orderable):
    """A thread an editor picked in the Wagtail editor; becomes a ThreadArticleLink on publish."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="thread_picks")
    thread = models.ForeignKey("forum.Thread", verbose_name=_("thread"), on_delete=models.CASCADE,
                               related_name="+")

    panels = [FieldPanel("thread")]

    class Meta(Orderable.Meta):
        verbose_name = _("forum thread")
        verbose_name_plural = _("forum threads")


class ThreadArticleLink(models.Model):
    """A forum thread this article answers; made by an editor (on publish) or a moderator."""

    class Source(models.TextChoices):
        EDITOR = "editor", _("editor")
        MODERATOR = "moderator", _("moderator")

    article = models.ForeignKey(ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="thread_links")
    thread = models.ForeignKey("forum.Thread", verbose_name=_("thread"), on_delete=models.CASCADE,
                               related_name="article_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("linked by"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.MODERATOR)
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        ordering = ["-linked_at"]
        verbose_name = _("article link")
        verbose_name_plural = _("article links")
        constraints = [models.UniqueConstraint(fields=["article", "thread"], name="blog_link_once")]

    def __str__(self):
        return f"{self.article_id} → {self.thread_id}"


class KnownIssueIndexPage(TranslatedIndexMixin, Page):
    """/known-issues/: open known issues first, then recently resolved ones."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.KnownIssuePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("known-issues index")
        verbose_name_plural = _("known-issues indexes")

    def get_context(self, request, *args, **kwargs):
        from blog import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.known_issue_listing(self))
        return context


class KnownIssuePage(TranslatedPageMixin, CanonicalPageMixin, Page):
    """An honest account of a known problem: what, where, since when, what we do, what you can do."""

    class Status(models.TextChoices):
        INVESTIGATING = "investigating", _("investigating")
        IDENTIFIED = "identified", _("identified")
        MONITORING = "monitoring", _("monitoring")
        RESOLVED = "resolved", _("resolved")

    summary = models.TextField(_("summary"), max_length=300,
                               help_text=_("What customers notice, in one or two sentences."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INVESTIGATING)
    categories = ParentalManyToManyField(
        "forum.Category", verbose_name=_("affected categories"), blank=True, related_name="known_issues"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    workaround = RichTextField(_("workaround"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    base_form_class = TranslatedPageForm
    parent_page_types = ["blog.KnownIssueIndexPage"]
    subpage_types: list[str] = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("started_at"), FieldPanel("resolved_at"), FieldPanel("categories")],
            heading=_("Status"),
            help_text=_("The status, start and resolution time are the issue’s, not this language’s: publishing "
                        "them here changes them in every translation too."),
        ),
        FieldPanel("workaround"),
        InlinePanel("updates", heading=_("Updates"), label=_("update"),
                    help_text=_("Followers of linked threads are told about each new update once.")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        verbose_name = _("known issue")
        verbose_name_plural = _("known issues")

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED

    def clean(self):
        super().clean()
        if self.status == self.Status.RESOLVED and not self.resolved_at:
            raise ValidationError({"resolved_at": RESOLVED_NEEDS_TIME})
        if self.resolved_at and self.started_at and self.resolved_at < self.started_at:
            raise ValidationError({"resolved_at": RESOLVED_TIME_BEFORE_START})

    def plain_text(self) -> str:
        texts = [self.summary, html_to_text(self.workaround)]
        texts += [update.text for update in self.updates.all()]
        return " ".join(t for t in texts if t)

    def get_context(self, request, *args, **kwargs):
        from blog import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.known_issue_context(self, request))
        return context


class KnownIssueUpdate(Orderable):
    """One entry on a known issue's timeline."""

    page = ParentalKey(KnownIssuePage, on_delete=models.CASCADE, related_name="updates")
    posted_at = models.DateTimeField(_("posted"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=KnownIssuePage.Status.choices,
                              default=KnownIssuePage.Status.INVESTIGATING)
    text = models.TextField(_("update"))

    panels = [FieldPanel("posted_at"), FieldPanel("status"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("update")
        verbose_name_plural = _("updates")


class KnownIssueThreadLink(models.Model):
    """A forum thread about a known issue: its followers hear about the known issue's updates."""

    known_issue = models.ForeignKey(KnownIssuePage, verbose_name=_("known issue"), on_delete=models.CASCADE,
                                    related_name="thread_links")
    thread = models.ForeignKey("forum.Thread", verbose_name=_("thread"), on_delete=models.CASCADE,
                               related_name="known_issue_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("linked by"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        ordering = ["-linked_at"]
        verbose_name = _("known-issue link")
        verbose_name_plural = _("known-issue links")
        constraints = [models.UniqueConstraint(fields=["known_issue", "thread"],
                                               name="blog_known_issue_link_once")]

    def __str__(self):
        return f"{self.known_issue_id} → {self.thread_id}"


class KnownIssueDispatch(models.Model):
    """One announcement (an update, or the resolution), claimed by the publish that introduced it.

    The after-commit task sends unsent claims and stamps sent_at, so each is sent once.
    """

    known_issue = models.ForeignKey(KnownIssuePage, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["known_issue", "key"], name="blog_dispatch_once")]

    def __str__(self):
        return f"{self.known_issue_id}:{self.key}"


class ArticleFeedback(models.Model):
    """'Did this help?': one answer per visitor per article."""

    article = models.ForeignKey(ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="feedback")
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    visitor = models.CharField(max_length=64, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        # "Feedback" is the feedback inbox's word (moderation.recovery.Feedback); this is "did this help?".
        verbose_name = _("answer to “did this help?”")
        verbose_name_plural = _("answers to “did this help?”")
        constraints = [models.UniqueConstraint(fields=["article", "visitor"], name="blog_feedback_once")]

    def __str__(self):
        return f"{self.article_id}: {'yes' if self.helpful else 'no'}"
