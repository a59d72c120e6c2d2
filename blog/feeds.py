"""RSS and Atom feeds of how-to articles and of known issues (django.contrib.syndication)."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from blog import selectors
from blog.models import (
    ArticlePage,
    BlogIndexPage,
    KnownIssueIndexPage,
    KnownIssuePage,
    KnownIssueUpdate,
    visitor_language,
)
from config import seo

FEED_SIZE = 20


class LanguageFeedMixin:
    """A feed in the reader's language (LocaleMiddleware: cookie or Accept-Language; Django's Feed
    names it in the channel): its pages in that language, and those in the other one with no
    translation in it, their title marked "(English)". The feed object serves every request, so the
    language is read per call, never kept on it."""

    def marked_title(self, page, title: str) -> str:
        return title if page.language == visitor_language() else f"{title} ({page.language_name})"


class ArticleFeed(LanguageFeedMixin, Feed):
    title = _("How-to articles")
    description = _("New how-to articles and guides from the community team.")

    def link(self):
        index = BlogIndexPage.objects.live().first()
        return index.url if index and index.url else "/blog/"

    def items(self):
        return (
            selectors.in_language(ArticlePage.objects.live().public(), visitor_language())
            .select_related("author__profile", "locale").order_by("-first_published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return self.marked_title(item, item.title)

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author.profile.name if item.author_id and hasattr(item.author, "profile") else None

    def item_guid(self, item):
        return f"article-{item.pk}"

    item_guid_is_permalink = False


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description


@dataclass(frozen=True)
class _KnownIssueEntry:
    known_issue: KnownIssuePage
    update: KnownIssueUpdate | None = None  # None: the known issue itself

    @property
    def when(self):
        if self.update is not None:
            return self.update.posted_at
        return self.known_issue.first_published_at or self.known_issue.started_at


class KnownIssueFeed(LanguageFeedMixin, Feed):
    """Known issues with their updates. Each known issue is an entry (its text: the summary, the
    workaround and the whole timeline; Atom's <updated> moves with each update) and each update is
    an entry of its own, linking to it on the known issue's page: RSS has no "updated", and a reader
    shows a new entry, not a changed one, so a subscriber hears of every update."""

    title = _("Known issues")
    description = _("Problems we know about, what we are doing about them, and what you can do meanwhile.")

    def link(self):
        index = KnownIssueIndexPage.objects.live().first()
        return seo.absolute(index.url if index and index.url else "/known-issues/")

    def feed_url(self):
        suffix = "atom" if self.feed_type is Atom1Feed else "rss"
        return seo.absolute(reverse(f"blog:feed_known_issues_{suffix}"))

    def items(self):
        known_issues = list(
            selectors.in_language(KnownIssuePage.objects.live().public(), visitor_language())
            .select_related("locale").prefetch_related(
                Prefetch("updates", queryset=KnownIssueUpdate.objects.order_by("-posted_at", "-pk")))
            .order_by("-last_published_at")[:FEED_SIZE]
        )
        entries = [_KnownIssueEntry(known_issue) for known_issue in known_issues]
        entries += [_KnownIssueEntry(known_issue, update)
                    for known_issue in known_issues for update in known_issue.updates.all()]
        return sorted(entries, key=lambda entry: entry.when, reverse=True)[:FEED_SIZE * 2]

    def item_title(self, item):
        if item.update is not None:
            title = f"{item.known_issue.title}: {item.update.get_status_display()}"
        else:
            title = f"{item.known_issue.title} ({item.known_issue.get_status_display()})"
        return self.marked_title(item.known_issue, title)

    def item_description(self, item):
        if item.update is not None:
            return render_to_string("blog/feeds/known_issue_update.html",
                                    {"known_issue": item.known_issue, "update": item.update})
        return render_to_string("blog/feeds/known_issue.html",
                                {"known_issue": item.known_issue, "updates": item.known_issue.updates.all()})

    def item_link(self, item):
        url = seo.absolute(item.known_issue.url)
        return f"{url}#update-{item.update.pk}" if item.update is not None else url

    def item_guid(self, item):
        if item.update is not None:
            return f"known-issue-{item.known_issue.pk}-update-{item.update.pk}"
        return f"known-issue-{item.known_issue.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        if item.update is not None:
            return item.update.posted_at
        known_issue = item.known_issue
        return max([known_issue.last_published_at or known_issue.started_at,
                    *(u.posted_at for u in known_issue.updates.all())])


class KnownIssueAtomFeed(KnownIssueFeed):
    feed_type = Atom1Feed
    subtitle = KnownIssueFeed.description
