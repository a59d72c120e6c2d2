"""What search engines and feed readers see, site-wide: absolute canonical URLs, safely escaped
JSON-LD, the sitemap registry and robots.txt (views in config/seo/views.py).

Apps register their sitemap sections in AppConfig.ready() with `register_sitemap`; the sitemap
index at /sitemap.xml lists every registered section. Absolute URLs always come from SITE_URL, the
one public address (never the Host header or Django's sites table), so links in the sitemap, feeds,
canonical tags and JSON-LD are the same whichever proxy or test client asked.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_sitemaps: dict[str, type] = {}


def register_sitemap(section: str, sitemap_class: type) -> None:
    """sitemap_class: a django.contrib.sitemaps.Sitemap (or Wagtail's) served at /sitemap-<section>.xml."""
    _sitemaps.setdefault(section, sitemap_class)


def registered_sitemaps() -> dict[str, type]:
    return dict(_sitemaps)


def absolute(path: str) -> str:
    """SITE_URL + path (an already absolute URL is returned as it is)."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def site_scheme() -> str:
    return urlsplit(settings.SITE_URL).scheme or "https"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc


# As django.utils.html.json_script: nothing in a title can close the script element or start a
# comment, and U+2028/2029 cannot end a line inside it.
_JSON_ESCAPES = {
    ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029",
}


def json_ld(data) -> SafeString:
    """<script type="application/ld+json"> for `data` (a dict or a list of them), escaped."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text.translate(_JSON_ESCAPES)))


def breadcrumb_list(crumbs: list[tuple[str, str]]) -> dict:
    """schema.org BreadcrumbList from [(name, path or URL), …], first to last."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": str(name), "item": absolute(url)}
            for n, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def person(name: str, path: str = "") -> dict:
    entry = {"@type": "Person", "name": name}
    if path:
        entry["url"] = absolute(path)
    return entry
