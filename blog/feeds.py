"""RSS and Atom feeds of how-to articles (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from blog.models import ArticlePage, BlogIndexPage

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
