"""The forum's sitemap sections: threads with answers, categories, tags with enough threads.

Fine at a million threads: each section is a queryset paged by the sitemap (50,000 rows a file,
LIMIT/OFFSET over the primary key), the rows carry only the columns a URL needs, no item costs a
query of its own, and the index's lastmod is one aggregate per section.
"""

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse

from config.seo.sitemaps import SiteSitemap
from forum.models import Category, Thread


def indexed_threads():
    """Threads worth a search engine's visit: public, with at least one public answer."""
    return Thread.objects.public().filter(answer_count__gt=0)


class ThreadSitemap(SiteSitemap):
    lastmod_field = "last_activity_at"

    def items(self):
        return indexed_threads().only("pk", "slug", "last_activity_at").order_by("pk")


class CategorySitemap(SiteSitemap):
    def items(self):
        public = Q(threads__deleted_at__isnull=True, threads__is_hidden=False, threads__is_pending_review=False)
        return (Category.objects.annotate(latest=Max("threads__last_activity_at", filter=public))
                .only("pk", "slug").order_by("pk"))

    def lastmod(self, item):
        return item.latest

    def get_latest_lastmod(self):
        return indexed_threads().aggregate(latest=Max("last_activity_at"))["latest"]


class TagSitemap(SiteSitemap):
    """Tags on at least SITEMAP_TAG_MIN_THREADS public threads (fewer: a thin page)."""

    def items(self):
        return (Thread.objects.public().exclude(tags__slug__isnull=True).values("tags__slug")
                .annotate(threads=Count("pk"), latest=Max("last_activity_at"))
                .filter(threads__gte=settings.SITEMAP_TAG_MIN_THREADS).order_by("tags__slug"))

    def location(self, item):
        return reverse("forum:tag", kwargs={"slug": item["tags__slug"]})

    def lastmod(self, item):
        return item["latest"]

    def get_latest_lastmod(self):
        return max((row["latest"] for row in self.items()), default=None)
