"""Markdown to safe HTML: markdown-it-py (CommonMark + tables + strikethrough + linkify), then nh3.

Rendering happens once, when a post is saved (body_html); pages never render Markdown.
"""

import re
from urllib.parse import urlparse

import nh3
from django.conf import settings
from markdown_it import MarkdownIt

_md = (
    MarkdownIt("commonmark", {"linkify": True, "typographer": False, "html": False})
    .enable(["table", "strikethrough", "linkify"])
)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}


def _own_media(src: str) -> bool:
    if urlparse(settings.MEDIA_URL).netloc:  # media on object storage: links point at the bucket
        return src.startswith(settings.MEDIA_URL)
    parts = urlparse(src)
    if parts.scheme or parts.netloc:
        site = urlparse(settings.SITE_URL)
        if parts.netloc != site.netloc:
            return False
    return parts.path.startswith(settings.MEDIA_URL)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _own_media(value):
        return None  # images only from our own uploads
    if tag == "code" and attribute == "class" and not re.fullmatch(r"language-[\w+-]{1,30}", value):
        return None
    return value


_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_ALT = re.compile(r'\salt="([^"]*)"')
_IMG_WITH_SRC = re.compile(r"<img(?=[^>]*\ssrc=)")


def _finish(html: str) -> str:
    """An image from elsewhere loses its src in cleaning: show its alt text instead of an empty box;
    our own images load lazily."""
    def alt_text(match) -> str:
        alt = _ALT.search(match.group(0))
        return alt.group(1) if alt else ""  # already escaped by the sanitiser

    html = _IMG_WITHOUT_SRC.sub(alt_text, html)
    return _IMG_WITH_SRC.sub('<img loading="lazy"', html)


def render(text: str) -> str:
    html = _md.render(text or "")
    return _finish(_clean(html))


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def count_links(text: str) -> int:
    """Links a post contains, as a reader would count them (Markdown links and bare URLs)."""
    # linkify turns bare URLs into anchors too, so counting anchors counts both.
    return len(re.findall(r"<a\s", _md.render(text or "")))


def plain_text(text: str) -> str:
    """The words of a post without markup, for search and excerpts."""
    return nh3.clean(_md.render(text or ""), tags=set()).strip()
