"""RSS and Atom feeds of how-to articles and of known issues (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from blog.models import (
    ArticlePage,
    BlogIndexPage,
    KnownIssueIndexPage,
    KnownIssuePage,
    KnownIssueUpdate,
)
from config import seo

FEED_SIZE = 20


class ArticleFeed(Feed):
    title = _("How-to articles")
    description = _("New how-to articles and guides from the community team.")

    def link(self):
        index = BlogIndexPage.objects.live().first()
        return index.url if index and index.url else "/blog/"

    def items(self):
        return (
            ArticlePage.objects.live().public().select_related("author__profile")
            .order_by("-first_published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

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


class KnownIssueFeed(Feed):
    """Known issues with their updates: one entry per notice, newest change first; its text is the
    summary, the workaround and the timeline, so a reader sees each update as the entry changes."""

    title = _("Known issues")
    description = _("Problems we know about, what we are doing about them, and what you can do meanwhile.")

    def link(self):
        index = KnownIssueIndexPage.objects.live().first()
        return seo.absolute(index.url if index and index.url else "/known-issues/")

    def feed_url(self):
        suffix = "atom" if self.feed_type is Atom1Feed else "rss"
        return seo.absolute(reverse(f"blog:feed_known_issues_{suffix}"))

    def items(self):
        return list(
            KnownIssuePage.objects.live().public().prefetch_related(
                Prefetch("updates", queryset=KnownIssueUpdate.objects.order_by("-posted_at", "-pk")))
            .order_by("-last_published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.title} ({item.get_status_display()})"

    def item_description(self, item):
        return render_to_string("blog/feeds/known_issue.html", {"notice": item, "updates": item.updates.all()})

    def item_link(self, item):
        return seo.absolute(item.url)

    def item_guid(self, item):
        return f"known-issue-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at or item.started_at

    def item_updateddate(self, item):
        latest = [u.posted_at for u in item.updates.all()]
        return max([item.last_published_at or item.started_at, *latest])


class KnownIssueAtomFeed(KnownIssueFeed):
    feed_type = Atom1Feed
    subtitle = KnownIssueFeed.description
