"""The blog's sitemap sections (Wagtail's sitemap generator): live, public how-to articles and
known issues, each its own section; lastmod is the last publication."""

from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap

from blog.models import ArticlePage, KnownIssuePage


class _PageTypeSitemap(Sitemap):
    page_model = ArticlePage

    def items(self):
        return self.page_model.objects.live().public().defer_streamfields().order_by("path")

    def get_latest_lastmod(self):
        # Wagtail's default reads every page; one aggregate is enough.
        return self.page_model.objects.live().public().aggregate(latest=Max("last_published_at"))["latest"]


class ArticleSitemap(_PageTypeSitemap):
    page_model = ArticlePage


class KnownIssueSitemap(_PageTypeSitemap):
    page_model = KnownIssuePage
