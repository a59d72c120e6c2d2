"""Content-gap reports in Wagtail's admin (Reports menu), each with CSV and XLSX export.

What customers look for and do not find: empty searches, busy threads without an article, tags
with unanswered questions, missing pages, and the articles readers found least helpful.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, F, FloatField, Max, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

from blog.models import ArticlePage
from forum.models import SearchLog, Thread

FEW_RESULTS = 2
SEARCH_WINDOW_DAYS = 90
ROWS = 100


class ContentGapReport(ReportView):
    """Rows are plain dicts; the same keys feed the table and the spreadsheet export."""

    header_icon = "warning"
    permission_policy = page_permission_policy
    any_permission_required = ["add", "change", "publish"]
    paginate_by = 50
    slug = ""

    @property
    def index_url_name(self):
        return f"blog_reports:{self.slug}"

    @property
    def index_results_url_name(self):
        return f"blog_reports:{self.slug}_results"

    @property
    def export_filename(self):
        return f"content-gaps-{self.slug}"

    def get_queryset(self):
        return self.rows()

    def filter_queryset(self, queryset):
        return queryset

    def rows(self) -> list[dict]:
        raise NotImplementedError


class EmptySearchesReport(ContentGapReport):
    page_title = _("Content gaps: searches with few results")
    slug = "searches"
    columns = [
        Column("query", label=_("Search")),
        Column("searches", label=_("Times searched")),
        Column("best_results", label=_("Most results")),
        Column("last_searched", label=_("Last searched")),
    ]
    list_export = ["query", "searches", "best_results", "average_results", "last_searched"]
    export_headings = {"query": _("Search"), "searches": _("Times searched"), "best_results": _("Most results"),
                       "average_results": _("Average results"), "last_searched": _("Last searched")}
    no_results_message = _("Every recent search found enough results.")

    def rows(self):
        since = timezone.now() - timedelta(days=SEARCH_WINDOW_DAYS)
        return list(
            SearchLog.objects.filter(created_at__gte=since)
            .values("normalized")
            .annotate(searches=Count("pk"), best_results=Max("result_count"),
                      average_results=Avg("result_count"), last_searched=Max("created_at"))
            .filter(best_results__lte=FEW_RESULTS)
            .order_by("-searches", "best_results", "normalized")
            .values("normalized", "searches", "best_results", "average_results", "last_searched")[:ROWS]
            .annotate(query=F("normalized"))
        )


class UncoveredThreadsReport(ContentGapReport):
    page_title = _("Content gaps: most-viewed threads without an article")
    slug = "threads"
    columns = [
        TitleColumn("title", label=_("Thread"), get_url=lambda row: row["url"]),
        Column("category", label=_("Category")),
        Column("views", label=_("Views")),
        Column("answers", label=_("Answers")),
        Column("status", label=_("Status")),
    ]
    list_export = ["title", "category", "views", "answers", "status", "url"]
    export_headings = {"title": _("Thread"), "category": _("Category"), "views": _("Views"),
                       "answers": _("Answers"), "status": _("Status"), "url": _("Address")}
    no_results_message = _("Every thread has a how-to article.")

    def rows(self):
        threads = (
            Thread.objects.public().filter(~Q(article_links__article__live=True))
            .select_related("category").order_by("-view_count", "-created_at")[:ROWS]
        )
        return [
            {"title": t.title, "category": t.category.name, "views": t.view_count, "answers": t.answer_count,
             "status": str(t.get_status_display()), "url": t.get_absolute_url()}
            for t in threads
        ]


class UnansweredTagsReport(ContentGapReport):
    page_title = _("Content gaps: tags with unanswered threads")
    slug = "tags"
    columns = [Column("tag", label=_("Tag")), Column("unanswered", label=_("Unanswered threads"))]
    list_export = ["tag", "unanswered"]
    export_headings = {"tag": _("Tag"), "unanswered": _("Unanswered threads")}
    no_results_message = _("No unanswered threads carry tags.")

    def rows(self):
        unanswered = Thread.objects.public().filter(answer_count=0, status=Thread.Status.OPEN).values("pk")
        rows = (
            TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Thread),
                                      object_id__in=unanswered)
            .values("tag__name").annotate(unanswered=Count("pk")).order_by("-unanswered", "tag__name")[:ROWS]
        )
        return [{"tag": row["tag__name"], "unanswered": row["unanswered"]} for row in rows]


class MissingPagesReport(ContentGapReport):
    page_title = _("Content gaps: most frequent missing pages")
    slug = "missing-pages"
    columns = [Column("path", label=_("Address")), Column("hits", label=_("Times asked")),
               Column("last_seen", label=_("Last asked"))]
    list_export = ["path", "hits", "first_seen", "last_seen"]
    export_headings = {"path": _("Address"), "hits": _("Times asked"), "first_seen": _("First asked"),
                       "last_seen": _("Last asked")}
    no_results_message = _("No missing pages were asked for.")

    def rows(self):
        from moderation.models import NotFoundPath

        return list(
            NotFoundPath.objects.order_by("-hits", "path")
            .values("path", "hits", first_seen=F("first_seen_at"), last_seen=F("last_seen_at"))[:ROWS]
        )


class LeastHelpfulReport(ContentGapReport):
    page_title = _("Article feedback: least helpful first")
    slug = "least-helpful"
    header_icon = "help"
    columns = [
        TitleColumn("title", label=_("Article"), get_url=lambda row: row["edit_url"]),
        Column("helpful", label=_("Helped")),
        Column("not_helpful", label=_("Did not help")),
        Column("helpful_percent", label=_("% helped")),
        Column("comments", label=_("Comments")),
    ]
    list_export = ["title", "helpful", "not_helpful", "helpful_percent", "comments", "url"]
    export_headings = {"title": _("Article"), "helpful": _("Helped"), "not_helpful": _("Did not help"),
                       "helpful_percent": _("% helped"), "comments": _("Comments"), "url": _("Address")}
    no_results_message = _("No article has been rated yet.")

    def rows(self):
        from django.urls import reverse

        articles = (
            ArticlePage.objects.annotate(
                helpful=Count("feedback", filter=Q(feedback__helpful=True)),
                not_helpful=Count("feedback", filter=Q(feedback__helpful=False)),
                comments=Count("feedback", filter=~Q(feedback__comment="")),
            )
            .filter(Q(helpful__gt=0) | Q(not_helpful__gt=0))
            .annotate(share=Cast(F("helpful"), FloatField()) / Cast(F("helpful") + F("not_helpful"), FloatField()))
            .order_by("share", "-not_helpful", "title")
            .only("pk", "title", "url_path")[:ROWS]
        )
        return [
            {"title": a.title, "helpful": a.helpful, "not_helpful": a.not_helpful, "comments": a.comments,
             "helpful_percent": round(a.share * 100), "url": a.url or "",
             "edit_url": reverse("wagtailadmin_pages:edit", args=[a.pk])}
            for a in articles
        ]


REPORTS = [EmptySearchesReport, UncoveredThreadsReport, UnansweredTagsReport, MissingPagesReport,
           LeastHelpfulReport]
