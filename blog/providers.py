"""What the blog adds to forum pages through forum.extensions and config.registry. Fixed queries."""

from django.middleware.csrf import get_token
from django.utils.translation import gettext as _

from blog import selectors
from blog.models import KnownIssuePage
from forum import permissions


def _banner(known_issue: dict) -> dict:
    return {
        "level": "warning",
        "text": _("Known issue (%(status)s): %(title)s") % {
            "status": KnownIssuePage.Status(known_issue["status"]).label, "title": known_issue["title"]},
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
