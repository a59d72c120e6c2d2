"""The forum's sitemap sections: threads with answers, categories, tags with enough threads.

Fine at a million threads: each section is a queryset paged by the sitemap (10,000 threads a file,
LIMIT/OFFSET over the primary key), the rows carry only the columns a URL needs, no item costs a
query of its own, and the index's lastmod is one aggregate per section.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.urls import reverse

from config.seo.sitemaps import SiteSitemap
from forum.models import Category, Thread


def indexed_threads():
    """Threads worth a search engine's visit: public, with at least one public answer."""
    return Thread.objects.public().filter(answer_count__gt=0)


class ThreadSitemap(SiteSitemap):
    """Rows are (pk, slug, last_activity_at) tuples, not models: at 10,000 a file, building models and
    reversing each URL cost seconds a file (see scripts/bench_sitemaps.py)."""

    lastmod_field = "last_activity_at"
    limit = 10_000

    def items(self):
        return indexed_threads().values_list("pk", "slug", "last_activity_at").order_by("pk")

    def _urls(self, page, protocol, domain):
        # One reverse per file; the path is Thread.get_absolute_url's (a test compares the two).
        self._prefix = reverse("forum:thread", kwargs={"pk": 1, "slug": "s"}).removesuffix("1/s/")
        return super()._urls(page, protocol, domain)

    def location(self, item):
        pk, slug, _ = item
        return f"{self._prefix}{pk}/{slug or '-'}/"

    def lastmod(self, item):
        return item[2]


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
    """Tags on at least SITEMAP_TAG_MIN_THREADS public threads (fewer: a thin page).

    Counting needs every tagged thread (seconds at a million), so the rows are computed once and
    kept in the cache as long as the sitemap: the index and the section share them.
    """

    CACHE_KEY = "seo:sitemap-tags:v1"

    def items(self):
        rows = cache.get(self.CACHE_KEY)
        if rows is None:
            rows = list(Thread.objects.public().exclude(tags__slug__isnull=True).values("tags__slug")
                        .annotate(threads=Count("pk"), latest=Max("last_activity_at"))
                        .filter(threads__gte=settings.SITEMAP_TAG_MIN_THREADS).order_by("tags__slug"))
            cache.set(self.CACHE_KEY, rows, settings.SITEMAP_CACHE_SECONDS)
        return rows

    def location(self, item):
        return reverse("forum:tag", kwargs={"slug": item["tags__slug"]})

    def lastmod(self, item):
        return item["latest"]

    def get_latest_lastmod(self):
        return max((row["latest"] for row in self.items()), default=None)
