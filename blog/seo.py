"""What search engines and link previews read on blog pages: schema.org Article (and HowTo when the
body has numbered steps), BreadcrumbList, Open Graph, the canonical URL from SITE_URL and the
feeds. Built from the page's own fields and its body's raw JSON: no query of its own."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from blog.models import html_to_text
from config import seo


def page_path(page, request=None) -> str:
    """The page's path on its site (the canonical host is SITE_URL, not Wagtail's Site row)."""
    parts = page.get_url_parts(request)
    return parts[2] if parts else page.url or "/"


def parent_path(path: str) -> str:
    """/blog/pair-a-lamp/ -> /blog/: a Wagtail page's parent is its path's parent (no query)."""
    return path.rstrip("/").rsplit("/", 1)[0] + "/"


def _steps(article) -> list[dict]:
    steps = [block.get("value") or {} for block in article.body.raw_data or [] if block.get("type") == "step"]
    return [{"@type": "HowToStep", "position": n, "name": step.get("title", ""),
             "text": html_to_text(step.get("text", "")) or step.get("title", "")}
            for n, step in enumerate(steps, start=1)]


def article_seo(article, request, *, tags, hero_url: str = "") -> dict:
    path = page_path(article, request)
    url = seo.absolute(path)
    author = article.author
    writer = (seo.person(author.profile.name) if author is not None and hasattr(author, "profile")
              else {"@type": "Organization", "name": settings.SITE_NAME})
    entry = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "inLanguage": article.language,
        "datePublished": (article.first_published_at or article.latest_revision_created_at).isoformat()
        if (article.first_published_at or article.latest_revision_created_at) else None,
        "dateModified": article.last_published_at.isoformat() if article.last_published_at else None,
        "author": writer,
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "mainEntityOfPage": url,
        "keywords": [tag.name for tag in tags],
    }
    if hero_url:
        entry["image"] = seo.absolute(hero_url)
    structured = [{k: v for k, v in entry.items() if v not in (None, [])}]
    steps = _steps(article)
    if steps:
        structured.append({"@context": "https://schema.org", "@type": "HowTo", "name": article.title,
                           "description": article.summary, "inLanguage": article.language, "step": steps})
    structured.append(seo.breadcrumb_list([(_("How-to articles"), parent_path(path)), (article.title, path)]))
    head = {
        "title": article.seo_title or article.title,
        "description": article.search_description or article.summary,
        "type": "article",
        "canonical": url,
        "jsonld": seo.json_ld(structured),
    }
    if hero_url:
        head["image"] = seo.absolute(hero_url)
        head["image_alt"] = article.title
    return head


def _known_issue_feeds() -> list[dict]:
    title = _("Known issues")
    return [{"type": "application/rss+xml", "title": f"{title} (RSS)", "url": reverse("blog:feed_known_issues_rss")},
            {"type": "application/atom+xml", "title": f"{title} (Atom)",
             "url": reverse("blog:feed_known_issues_atom")}]


def known_issue_structured_data(known_issue, url: str, *, timeline, categories) -> dict:
    """A known issue as a schema.org Article: Google documents Article markup (headline, dates,
    author) and reads dateModified, so each update (the latest posted_at) tells it the known issue
    changed. SpecialAnnouncement looked the closer fit, but Google dropped it (July 2025) and it was
    meant for public-health notices. What the issue is about (the affected categories) is `about`,
    its stage `creativeWorkStatus`, its span `temporalCoverage` (ISO 8601 interval, open-ended while
    it lasts); the timeline is in the page's text. Built from rows the page already loaded."""
    published = known_issue.first_published_at or known_issue.started_at
    modified = max([known_issue.last_published_at or published, *(update.posted_at for update in timeline)])
    organisation = {"@type": "Organization", "name": settings.SITE_NAME}
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": known_issue.title,
        "description": known_issue.summary,
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "author": organisation,
        "publisher": organisation,
        "mainEntityOfPage": url,
        "creativeWorkStatus": str(known_issue.get_status_display()),
        "temporalCoverage": f"{known_issue.started_at.isoformat()}/"
                            f"{known_issue.resolved_at.isoformat() if known_issue.resolved_at else '..'}",
        "about": [{"@type": "Thing", "name": category.name, "url": seo.absolute(category.get_absolute_url())}
                  for category in categories],
    }


def known_issue_seo(known_issue, request, *, timeline, categories) -> dict:
    path = page_path(known_issue, request)
    url = seo.absolute(path)
    return {
        "title": known_issue.title,
        "description": known_issue.summary,
        "type": "article",
        "canonical": url,
        "feeds": _known_issue_feeds(),
        "jsonld": seo.json_ld([
            known_issue_structured_data(known_issue, url, timeline=timeline, categories=categories),
            seo.breadcrumb_list([(_("Known issues"), parent_path(path)), (known_issue.title, path)]),
        ]),
    }


def known_issue_index_seo() -> dict:
    return {"feeds": _known_issue_feeds()}
