"""The head every page shares (templates/web/seo_head.html): canonical link, robots, Open Graph,
Twitter card, feed autodiscovery and JSON-LD, from the page's `seo` dict (all keys optional):
title, description, type, canonical, image, image_alt, noindex, jsonld, feeds."""

from datetime import date, datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config import seo

register = template.Library()

# Pages that are never worth indexing, whatever their content: search results, members' own
# pages, forms, moderation and account pages (robots.txt also keeps crawlers out of most).
NOINDEX_NAMESPACES = {"search", "moderation", "recovery"}
NOINDEX_URL_NAMES = {"forum:settings", "forum:notifications", "forum:mine", "forum:ask", "forum:edit",
                     "forum:history", "forum:unsubscribe"}
NOINDEX_URL_PREFIXES = ("account_", "mfa_", "socialaccount_")


def _view_is_private(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    if set(match.namespaces) & NOINDEX_NAMESPACES or match.view_name in NOINDEX_URL_NAMES:
        return True
    return (match.url_name or "").startswith(NOINDEX_URL_PREFIXES)


@register.simple_tag(takes_context=True)
def seo_meta(context) -> dict:
    """The page's seo dict, completed: canonical from SITE_URL + path, noindex by page kind."""
    request = context.get("request")
    head = dict(context.get("seo") or {})
    if not head.get("canonical") and request is not None:
        head["canonical"] = seo.absolute(request.path)
    # Sorting and filters are the same content (canonical without them); page 2 is other content.
    page = request.GET.get("page", "") if request is not None else ""
    if page.isdigit() and int(page) > 1 and "?" not in head.get("canonical", "?"):
        head["canonical"] = f"{head['canonical']}?page={int(page)}"
    head["noindex"] = bool(head.get("noindex") or context.get("noindex")
                           or (request is not None and _view_is_private(request)))
    latest = _("Latest threads")  # the forum's catalogue has it (catalogues are merged)
    site_feeds = [
        {"type": "application/rss+xml", "title": f"{latest} (RSS)", "url": reverse("forum:feed_latest_rss")},
        {"type": "application/atom+xml", "title": f"{latest} (Atom)", "url": reverse("forum:feed_latest_atom")},
    ]
    head["feeds"] = [*head.get("feeds", []), *site_feeds]
    if head.get("image"):
        head["image"] = seo.absolute(head["image"])
    return head


@register.filter
def sitemap_day(value) -> str:
    """A sitemap's <lastmod> day, as Django's `date:"Y-m-d"` gives it (in the site's time zone) at a
    quarter of the cost: that filter was three quarters of a 10,000-thread file's rendering."""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date().isoformat()
    return value.isoformat() if isinstance(value, date) else ""
