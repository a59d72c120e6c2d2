"""The base of every sitemap section: absolute URLs from SITE_URL and a latest-lastmod that costs
one aggregate query (Django's default calls lastmod() on every item, a million rows at 1M threads)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from config import seo


class SiteSitemap(Sitemap):
    """items() must be a queryset ordered by a stable key (paged by LIMIT/OFFSET, 50,000 a page)
    whose rows carry `lastmod_field`. A big section pages itself without COUNT or OFFSET and says
    which files the index lists in `index_files` (forum's threads: ranges of ids)."""

    lastmod_field = ""

    def get_protocol(self, protocol=None):
        return seo.site_scheme()

    def get_domain(self, site=None):
        return seo.site_domain()

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None

    def get_latest_lastmod(self):
        if not self.lastmod_field:
            return None
        return self.items().order_by().aggregate(latest=Max(self.lastmod_field))["latest"]

    def index_files(self) -> list[tuple[int, object]]:
        """(page number, lastmod) for each file the index lists: here every page, each with the
        section's latest (a small section is one page)."""
        latest = self.get_latest_lastmod()
        return [(page, latest) for page in range(1, self.paginator.num_pages + 1)]
