"""Blog reads: every page and provider gets its rows here, with a fixed number of queries."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Page

from blog import seo
from blog.models import (
    READ_IN,
    ArticleFeedback,
    ArticlePage,
    KnownIssuePage,
    KnownIssueThreadLink,
    KnownIssueUpdate,
    ThreadArticleLink,
    visitor_language,
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
        .select_related("hero_image", "author__profile", "locale")
        .prefetch_related("hero_image__renditions", "tags", "categories")
    )


def in_language(pages, language: str):
    """The pages in `language`, and those in another language with no live translation in it: a Dutch
    visitor reads Dutch first and English only where nothing Dutch exists (#15 item 7). One query."""
    translated = Page.objects.live().filter(translation_key=OuterRef("translation_key"),
                                            locale__language_code=language)
    return pages.filter(Q(locale__language_code=language) | ~Exists(translated))


def under_index(pages, index_page):
    """Pages right under the index or one of its translations (every language's index lists them all):
    their parent's path is the start of theirs, so no query of its own."""
    parent_path = Substr(OuterRef("path"), 1, Page.steplen * index_page.depth)
    parents = Page.objects.filter(translation_key=index_page.translation_key, path=parent_path)
    return pages.filter(Exists(parents), depth=index_page.depth + 1)


def article_listing(index_page, request) -> dict:
    language = visitor_language()
    index_articles = in_language(under_index(ArticlePage.objects.live().public(), index_page), language)
    # The visitor's language first, then the other language's articles that have no translation.
    articles = (
        live_articles().filter(pk__in=index_articles.values("pk"))
        .annotate(other_language=Case(When(locale__language_code=language, then=Value(0)), default=Value(1)))
        .order_by("other_language", "-first_published_at", "-pk")
    )
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
    live_ids = index_articles.values("pk")
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


def live_translations(page, request=None) -> list[dict]:
    """The page's live translations in the other languages: "Read in English", in that language.
    One query, which also gives the page its own locale (its language, for lang="…")."""
    translations = []
    for translation in (Page.objects.live().filter(translation_key=page.translation_key)
                        .select_related("locale").order_by("locale__language_code")):
        if translation.pk == page.pk:
            page.locale = translation.locale
            continue
        code = translation.locale.language_code
        translations.append({"url": translation.get_url(request), "language": code,
                             "label": READ_IN.get(code, translation.title)})
    return translations


def article_context(article: ArticlePage, request) -> dict:
    # A thread linked to one translation is answered by each (moderators link one of them).
    links = list(
        ThreadArticleLink.objects.filter(article__translation_key=article.translation_key,
                                         thread__in=Thread.objects.public())
        .select_related("thread__category").order_by("-thread__last_activity_at")
    )
    threads = list({link.thread.pk: link.thread for link in links}.values())
    tags = list(article.tags.all())
    hero = article.hero_image.get_rendition(HERO_RENDITION).url if article.hero_image_id else ""
    return {
        "translations": live_translations(article, request),
        "answered_threads": threads,
        "article_tags": tags,
        "article_categories": list(article.categories.all()),
        "seo": seo.article_seo(article, request, tags=tags, hero_url=hero),
    }


def known_issue_listing(index_page) -> dict:
    known_issues = list(
        in_language(under_index(KnownIssuePage.objects.live().public(), index_page), visitor_language())
        .select_related("locale").prefetch_related("categories").order_by("-started_at")
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
        "translations": live_translations(known_issue, request),
        "timeline": timeline,
        "known_issue_categories": categories,
        "linked_threads": threads,
        "seo": seo.known_issue_seo(known_issue, request, timeline=timeline, categories=categories),
    }


def open_known_issue_summaries() -> list[dict]:
    """Open known issues as small dicts, in the visitor's language where translated, cached per
    language: banners on every forum page cost no query when warm."""
    language = visitor_language()
    key = f"{OPEN_KNOWN_ISSUES_CACHE_KEY}:{language}"
    summaries = cache.get(key)
    if summaries is None:
        # Resolved in one language is resolved: publishing shares the status with the translations
        # (services.known_issue_share_status); this also holds for pages from before it did.
        resolved_translation = KnownIssuePage.objects.live().filter(
            translation_key=OuterRef("translation_key"), status=KnownIssuePage.Status.RESOLVED)
        known_issues = (
            in_language(KnownIssuePage.objects.live().public(), language)
            .filter(~Q(status=KnownIssuePage.Status.RESOLVED), ~Exists(resolved_translation))
            .select_related("locale").prefetch_related("categories").order_by("-started_at")
        )
        summaries = [
            {"pk": n.pk, "title": n.title, "url": n.url, "status": n.status, "language": n.language,
             "category_ids": [c.pk for c in n.categories.all()]}
            for n in known_issues
        ]
        cache.set(key, summaries, OPEN_KNOWN_ISSUES_TIMEOUT)
    return summaries


def forget_open_known_issues() -> None:
    cache.delete_many([f"{OPEN_KNOWN_ISSUES_CACHE_KEY}:{code}" for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES])


def _show_in_language(links, field: str, model, language: str) -> list:
    """Each link's page as the visitor reads it (`link.shown`): its live translation in their language
    where there is one, else the page itself (marked by its language in the template), each page once.
    One query."""
    pages = [getattr(link, field) for link in links]
    wanted = {page.translation_key for page in pages if page.locale.language_code != language}
    translations = {
        page.translation_key: page
        for page in model.objects.live().filter(translation_key__in=wanted, locale__language_code=language)
        .select_related("locale")
    } if wanted else {}
    shown = []
    for link, page in zip(links, pages, strict=True):
        link.shown = translations.get(page.translation_key, page)
        # A translation copies its editor's picks, so a thread is often linked to both: shown once.
        if all(other.shown.pk != link.shown.pk for other in shown):
            shown.append(link)
    return shown


def _thread_links(thread: Thread, language: str) -> dict:
    article_links = list(ThreadArticleLink.objects.filter(thread=thread, article__live=True)
                         .select_related("article__locale").order_by("article__title"))
    known_issue_links = list(KnownIssueThreadLink.objects.filter(thread=thread, known_issue__live=True)
                             .select_related("known_issue__locale").order_by("-known_issue__started_at"))
    return {
        "article_links": _show_in_language(article_links, "article", ArticlePage, language),
        "known_issue_links": _show_in_language(known_issue_links, "known_issue", KnownIssuePage, language),
    }


def thread_panel_data(thread: Thread, *, for_moderator: bool) -> dict:
    """The thread's linked articles and known issues, each in the visitor's language where it is
    translated (two queries, three with a translation to show, or none: they are kept per content
    version and language; a link, an unlink or a page published or unpublished changes the version);
    for moderators also what they may link."""
    language = visitor_language()
    data = dict(pagecache.versioned(f"blog:thread-links:{thread.pk}", lambda: _thread_links(thread, language)))
    links, known_issues = data["article_links"], data["known_issue_links"]
    if for_moderator:
        data.update(_link_choices(thread, links, known_issues, language))
    return data


# What a moderator may link from a thread page: one choice per article (or known issue), in every
# language it has, so that two translations read as the one article they are. Linking either shows
# the reader's translation (_show_in_language); linking the other as well is refused (services).
CHOICES_SHOWN = 200


def _link_choice(pages, language: str) -> dict:
    """One option for the translations of a page: the value is the one in `language` where there is
    one; the label each translation's title with its language's code, that one first
    ("Pair your smart lamp [EN] · Je slimme lamp koppelen [NL]")."""
    pages = sorted(pages, key=lambda page: (page.locale.language_code != language, page.locale.language_code))
    return {"value": pages[0].pk,
            "label": " · ".join(f"{page.title} [{page.locale.language_code.upper()}]" for page in pages)}


def _grouped_choices(pages, language: str, leave_out: set) -> dict:
    """translation key -> option, for pages whose key is not in `leave_out`, in the pages' order."""
    translations: dict = {}
    for page in pages:
        if page.translation_key not in leave_out:
            translations.setdefault(page.translation_key, []).append(page)
    return {key: _link_choice(group, language) for key, group in translations.items()}


def _link_choices(thread: Thread, links: list, known_issue_links: list, language: str) -> dict:
    """The option groups of the moderator's two link forms (blog/partials/link_form.html): articles
    suggested for the thread and all articles, and the open known issues, each translated page once
    and none already linked in any language. Two queries besides the suggestions' own."""
    from blog import services

    linked = {link.article.translation_key for link in links}
    articles = (ArticlePage.objects.live().select_related("locale").order_by("title")
                .only("pk", "title", "translation_key", "locale__language_code")[:2 * CHOICES_SHOWN])
    every_article = _grouped_choices(articles, language, linked)
    suggested = []
    for article in services.suggest_articles_for_thread(thread):
        if article.translation_key not in linked:
            suggested.append(every_article.get(article.translation_key) or _link_choice([article], language))
    all_articles = sorted(every_article.values(), key=lambda option: option["label"].casefold())[:CHOICES_SHOWN]
    known_issues = (KnownIssuePage.objects.live().filter(~Q(status=KnownIssuePage.Status.RESOLVED))
                    .select_related("locale").order_by("-started_at")
                    .only("pk", "title", "translation_key", "locale__language_code"))
    open_known_issues = _grouped_choices(known_issues, language,
                                         {link.known_issue.translation_key for link in known_issue_links})
    article_groups = [{"label": _("Suggested"), "options": suggested}] if suggested else []
    article_groups.append({"label": _("All articles"), "options": all_articles})
    return {
        "article_options": article_groups,
        "known_issue_options": [{"label": "", "options": list(open_known_issues.values())}]
        if open_known_issues else [],
    }


def feedback_counts(article_ids=None):
    rows = ArticleFeedback.objects.values("article_id").annotate(
        yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
    )
    if article_ids is not None:
        rows = rows.filter(article_id__in=article_ids)
    return {row["article_id"]: (row["yes"], row["no"]) for row in rows}



def helpful_articles(language: str, *, limit: int = 3) -> list[dict]:
    """The articles most readers said helped, in `language` first (an English one only where no Dutch
    translation exists), then the newest: for a search that found nothing. Once per content version."""
    def compute() -> list[dict]:
        pages = (in_language(ArticlePage.objects.live().public(), language).select_related("locale")
                 .annotate(helped=Count("feedback", filter=Q(feedback__helpful=True)),
                           other_language=Case(When(locale__language_code=language, then=Value(0)), default=Value(1)))
                 .order_by("other_language", "-helped", "-first_published_at", "-pk")[:limit])
        return [{"title": page.title, "url": page.url, "language": page.locale.language_code} for page in pages]

    return pagecache.versioned(f"blog:helpful-articles:{language}:{limit}", compute)
