"""Blog reads: every page and provider gets its rows here, with a fixed number of queries."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from taggit.models import Tag

from blog import seo
from blog.models import (
    ArticleFeedback,
    ArticlePage,
    KnownIssuePage,
    KnownIssueThreadLink,
    KnownIssueUpdate,
    ThreadArticleLink,
)
from config.web import pagecache
from forum.models import Category, Thread

ARTICLES_PER_PAGE = 10
HERO_RENDITION = "fill-960x420"  # the article's hero, also its link-preview picture
OPEN_KNOWN_ISSUES_CACHE_KEY = "blog:open-known-issues:v1"
OPEN_KNOWN_ISSUES_TIMEOUT = 300


def live_articles():
    return (
        ArticlePage.objects.live().public()
        .select_related("hero_image", "author__profile")
        .prefetch_related("hero_image__renditions", "tags", "categories")
    )


def article_listing(index_page, request) -> dict:
    articles = live_articles().child_of(index_page).order_by("-first_published_at", "-pk")
    current_tag = None
    current_category = None
    tag_slug = request.GET.get("tag", "").strip()
    category_slug = request.GET.get("category", "").strip()
    if tag_slug:
        current_tag = Tag.objects.filter(slug=tag_slug).first()
        articles = articles.filter(tagged_items__tag=current_tag) if current_tag else articles.none()
    if category_slug:
        current_category = Category.objects.filter(slug=category_slug).first()
        articles = articles.filter(categories=current_category) if current_category else articles.none()
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    live_ids = ArticlePage.objects.live().public().child_of(index_page).values("pk")
    tags = (
        Tag.objects.filter(blog_articlepagetag_items__content_object__in=live_ids)
        .annotate(n=Count("blog_articlepagetag_items")).order_by("-n", "name")[:20]
    )
    categories = (
        Category.objects.filter(articles__in=live_ids).annotate(n=Count("articles")).order_by("position", "name")
    )
    return {
        "articles": page,
        "filter_tags": list(tags),
        "filter_categories": list(categories),
        "current_tag": current_tag,
        "current_category": current_category,
    }


def article_context(article: ArticlePage, request) -> dict:
    links = list(
        ThreadArticleLink.objects.filter(article=article, thread__in=Thread.objects.public())
        .select_related("thread__category").order_by("-thread__last_activity_at")
    )
    tags = list(article.tags.all())
    hero = article.hero_image.get_rendition(HERO_RENDITION).url if article.hero_image_id else ""
    return {
        "answered_threads": [link.thread for link in links],
        "article_tags": tags,
        "article_categories": list(article.categories.all()),
        "seo": seo.article_seo(article, request, tags=tags, hero_url=hero),
    }


def known_issue_listing(index_page) -> dict:
    known_issues = list(
        KnownIssuePage.objects.live().public().child_of(index_page)
        .prefetch_related("categories").order_by("-started_at")
    )
    return {
        "open_known_issues": [n for n in known_issues if n.is_open],
        "resolved_known_issues": [n for n in known_issues if not n.is_open][:20],
        "seo": seo.known_issue_index_seo(),
    }


def known_issue_context(known_issue: KnownIssuePage, request) -> dict:
    threads = list(
        Thread.objects.public().filter(known_issue_links__known_issue=known_issue).select_related("category")
        .order_by("-last_activity_at")
    )
    timeline = list(KnownIssueUpdate.objects.filter(page=known_issue).order_by("-posted_at", "-pk"))
    categories = list(known_issue.categories.all())
    return {
        "timeline": timeline,
        "known_issue_categories": categories,
        "linked_threads": threads,
        "seo": seo.known_issue_seo(known_issue, request, timeline=timeline, categories=categories),
    }


def open_known_issue_summaries() -> list[dict]:
    """Open known issues as small dicts, cached: banners on every forum page cost no query when warm."""
    summaries = cache.get(OPEN_KNOWN_ISSUES_CACHE_KEY)
    if summaries is None:
        known_issues = (
            KnownIssuePage.objects.live().public().filter(~Q(status=KnownIssuePage.Status.RESOLVED))
            .prefetch_related("categories").order_by("-started_at")
        )
        summaries = [
            {"pk": n.pk, "title": n.title, "url": n.url, "status": n.status,
             "category_ids": [c.pk for c in n.categories.all()]}
            for n in known_issues
        ]
        cache.set(OPEN_KNOWN_ISSUES_CACHE_KEY, summaries, OPEN_KNOWN_ISSUES_TIMEOUT)
    return summaries


def forget_open_known_issues() -> None:
    cache.delete(OPEN_KNOWN_ISSUES_CACHE_KEY)


def _thread_links(thread: Thread) -> dict:
    return {
        "article_links": list(ThreadArticleLink.objects.filter(thread=thread, article__live=True)
                              .select_related("article").order_by("article__title")),
        "known_issue_links": list(KnownIssueThreadLink.objects.filter(thread=thread, known_issue__live=True)
                                  .select_related("known_issue").order_by("-known_issue__started_at")),
    }


def thread_panel_data(thread: Thread, *, for_moderator: bool) -> dict:
    """The thread's linked articles and known issues (two queries, or none: they are kept per content
    version, which a link, an unlink or a page published or unpublished changes); for moderators
    also what they may link."""
    data = dict(pagecache.versioned(f"blog:thread-links:{thread.pk}", lambda: _thread_links(thread)))
    links, known_issues = data["article_links"], data["known_issue_links"]
    if for_moderator:
        from blog import services

        linked = {link.article_id for link in links}
        suggested = [a for a in services.suggest_articles_for_thread(thread) if a.pk not in linked]
        others = [
            a for a in ArticlePage.objects.live().order_by("title").only("pk", "title")[:200]
            if a.pk not in linked
        ]
        linked_known_issues = {link.known_issue_id for link in known_issues}
        data.update({
            "suggested_articles": suggested,
            "article_choices": others,
            "known_issue_choices": [
                n for n in KnownIssuePage.objects.live().filter(~Q(status=KnownIssuePage.Status.RESOLVED))
                .order_by("-started_at").only("pk", "title") if n.pk not in linked_known_issues
            ],
        })
    return data


def feedback_counts(article_ids=None):
    rows = ArticleFeedback.objects.values("article_id").annotate(
        yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
    )
    if article_ids is not None:
        rows = rows.filter(article_id__in=article_ids)
    return {row["article_id"]: (row["yes"], row["no"]) for row in rows}

