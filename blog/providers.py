"""What the blog adds to forum pages through forum.extensions and config.registry. Fixed queries."""

from django.middleware.csrf import get_token
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from blog import selectors
from blog.models import KnownIssuePage
from forum import permissions


def _banner(known_issue: dict) -> dict:
    title = escape(known_issue["title"])
    if known_issue["language"] != selectors.visitor_language():
        # Not translated yet: the other language's title, marked for the eye and for screen readers.
        title = format_html('<span lang="{}">{}</span> ({})', known_issue["language"], known_issue["title"],
                            _("in English") if known_issue["language"] == "en" else _("in Dutch"))
    return {
        "level": "warning",
        "text": mark_safe(escape(_("Known issue (%(status)s): %(title)s")) % {  # noqa: S308 (all parts escaped)
            "status": escape(KnownIssuePage.Status(known_issue["status"]).label), "title": title}),
        "url": known_issue["url"],
        "link_text": _("What we know"),
    }


def category_banners(request, category):
    """Open known issues affecting this category (the home page gets them all as a site banner)."""
    if category is None:
        return []
    return [_banner(n) for n in selectors.open_known_issue_summaries() if category.pk in n["category_ids"]]


def home_banners(request):
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name != "forum:home":
        return []
    return [_banner(n) for n in selectors.open_known_issue_summaries()]


def thread_panel(request, thread):
    """'Related how-to articles' beside a thread; moderators also link articles and known issues."""
    is_moderator = permissions.is_moderator(request.user)
    data = selectors.thread_panel_data(thread, for_moderator=is_moderator)
    if not data["article_links"] and not data["known_issue_links"] and not is_moderator:
        return []
    if is_moderator:
        get_token(request)
    return [{"template": "blog/panels/thread.html",
             "context": {**data, "thread": thread, "is_moderator": is_moderator}}]
