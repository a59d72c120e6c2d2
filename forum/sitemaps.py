"""The forum's sitemap sections: threads with answers, categories, tags with enough threads.

Fine at a million threads: nothing here counts or skips rows. A thread file is a range of ids
(SITEMAP_FILE_IDS of them: file n holds ids (n-1)·K … n·K-1), so it is one range scan of the
primary key, a thread never moves to another file when an older one gains an answer (so a file's
lastmod is the latest activity of its own threads) and the index asks each range's latest activity
with one probe of the index thread_sitemap_file (an empty range is left out). Tags read the stored
TagUsage counter; categories their latest public thread through (category, -last_activity_at).
"""

from datetime import UTC

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from config.seo.sitemaps import SiteSitemap
from forum.models import SITEMAP_FILE_IDS, Category, TagUsage, Thread


def indexed_threads():
    """Threads worth a search engine's visit: public, with at least one public answer."""
    return Thread.objects.public().filter(answer_count__gt=0)


# Each file's latest activity, for the index: a recursive list of file numbers (up to the highest
# id's) and, per number, the maximum of one index range. The expression and the condition are
# thread_sitemap_file's (forum/models.py) word for word, so PostgreSQL probes it; SQLite runs the
# same SQL with a scan. Its answer equals a GROUP BY over indexed_threads() (a test compares them).
_FILE_LATEST_SQL = """
WITH RECURSIVE sitemap_file(n) AS (
    SELECT 0 UNION ALL SELECT n + 1 FROM sitemap_file WHERE n < %s
)
SELECT n, (SELECT MAX(t.last_activity_at) FROM forum_thread t
           WHERE t.id / {per_file} = sitemap_file.n AND t.answer_count > 0 AND t.deleted_at IS NULL
                 AND NOT t.is_hidden AND NOT t.is_pending_review)
FROM sitemap_file
"""


def _as_datetime(value):
    if isinstance(value, str):  # SQLite's raw answer
        value = parse_datetime(value)
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
    return value


class _IdRangePage:
    def __init__(self, object_list):
        self.object_list = object_list


class _IdRangePaginator:
    """What Django's sitemap view asks of a paginator (page(n).object_list), without its COUNT."""

    def __init__(self, sitemap):
        self.sitemap = sitemap

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        rows = list(self.sitemap.items_in_file(number))
        # An empty range past the highest id answers 404, as Django's paginator does; an empty range
        # below it (every thread there unanswered) is a valid, empty file the index does not list.
        if not rows and number > 1 and not Thread.objects.filter(pk__gte=(number - 1) * self.sitemap.limit).exists():
            raise EmptyPage("That page contains no results")
        return _IdRangePage(rows)


class ThreadSitemap(SiteSitemap):
    """Rows are (pk, slug, last_activity_at) tuples, not models: at 10,000 a file, building models and
    reversing each URL cost seconds a file (see scripts/bench_sitemaps.py)."""

    lastmod_field = "last_activity_at"
    limit = SITEMAP_FILE_IDS  # ids per file; a test lowers it

    def items(self):
        return indexed_threads().values_list("pk", "slug", "last_activity_at").order_by("pk")

    def items_in_file(self, number: int):
        start = (number - 1) * self.limit
        return self.items().filter(pk__gte=start, pk__lt=start + self.limit)

    @property
    def paginator(self):
        return _IdRangePaginator(self)

    def index_files(self) -> list[tuple[int, object]]:
        """(file number, its latest activity) for every file with a thread in it: one query."""
        highest = Thread.objects.aggregate(highest=Max("pk"))["highest"]
        if highest is None:
            return [(1, None)]
        with connection.cursor() as cursor:
            cursor.execute(_FILE_LATEST_SQL.format(per_file=int(self.limit)), [highest // self.limit])
            rows = [(n + 1, _as_datetime(latest)) for n, latest in cursor.fetchall() if latest is not None]
        return rows or [(1, None)]

    def _urls(self, page, protocol, domain):
        """The file's entries, built straight from the rows: Django's generic loop asks four hooks per
        item, 40 % of a file's time at 10,000 threads. One reverse per file; the path is
        Thread.get_absolute_url's (the tests compare the two)."""
        prefix = f"{protocol}://{domain}" + reverse("forum:thread", kwargs={"pk": 1, "slug": "s"}).removesuffix("1/s/")
        rows = self.paginator.page(page).object_list
        self.latest_lastmod = max((at for _, _, at in rows), default=None)  # the response's Last-Modified
        # No alternates: a thread is in one language (the key is there so the template finds it at once;
        # the {% if %} around the loop keeps a 10,000-thread file as fast as before).
        return [{"location": f"{prefix}{pk}/{slug or '-'}/", "lastmod": at, "alternates": ()} for pk, slug, at in rows]


class CategorySitemap(SiteSitemap):
    def items(self):
        # Each category's latest public thread: one probe of the (category, -last_activity_at) index,
        # not a GROUP BY over every thread.
        latest = (Thread.objects.public().filter(category=OuterRef("pk")).order_by("-last_activity_at")
                  .values("last_activity_at")[:1])
        return Category.objects.annotate(latest=Subquery(latest)).only("pk", "slug").order_by("pk")

    def lastmod(self, item):
        return item.latest

    def get_latest_lastmod(self):
        return indexed_threads().aggregate(latest=Max("last_activity_at"))["latest"]


class TagSitemap(SiteSitemap):
    """Tags on at least SITEMAP_TAG_MIN_THREADS public threads (fewer: a thin page), read from the
    stored TagUsage counter (forum/counters.py), not counted from the tagged threads."""

    lastmod_field = "last_activity_at"

    def items(self):
        return (TagUsage.objects.filter(thread_count__gte=settings.SITEMAP_TAG_MIN_THREADS)
                .values_list("tag__slug", "last_activity_at").order_by("tag__slug"))

    def location(self, item):
        return reverse("forum:tag", kwargs={"slug": item[0]})

    def lastmod(self, item):
        return item[1]
