"""Small hooks that let apps add to site-wide pages without importing each other.

An app registers a callable in its AppConfig.ready(); base templates render what is registered.
Each callable takes the request and must cost at most one query (they run on every page), or none
when it reads what a member annotation (below) put on the member.
"""

from collections.abc import Callable
from typing import NotRequired, TypedDict

from django.http import HttpRequest


class HeaderCounter(TypedDict):
    """A count in the header, or {} for none (e.g. not the viewer's role)."""

    name: str  # a CSS-safe key: data-counter="<name>"
    count: int
    url: str
    label: str  # what the count is, for screen readers and the tooltip
    icon: NotRequired[str]  # a name from templates/includes/icon.html


class Banner(TypedDict):
    """A line above the page (site banners; forum.extensions.forum_banners has the same shape)."""

    level: str  # "info" or "warning"
    text: str
    url: str
    link_text: str


_header_counters: list[Callable[[HttpRequest], HeaderCounter | dict]] = []
_site_banners: list[Callable[[HttpRequest], list[Banner]]] = []
# name -> factory() of an expression over the member's row (OuterRef("pk") is the member)
_member_annotations: dict[str, Callable] = {}


def register_header_counter(provider: Callable[[HttpRequest], HeaderCounter | dict]) -> None:
    """provider(request) -> a HeaderCounter, or {} for none."""
    if provider not in _header_counters:
        _header_counters.append(provider)


def register_site_banner(provider: Callable[[HttpRequest], list[Banner]]) -> None:
    """provider(request) -> a list of Banner."""
    if provider not in _site_banners:
        _site_banners.append(provider)


def register_member_annotation(name: str, factory: Callable) -> None:
    """Something every signed-in page shows about the member (a header count), read in the query that
    loads the member for the request (config/web/auth.py) instead of one query of its own. The value
    is as it was when the request began: a provider reading it must ask again once its request has
    changed it (say, marked notifications read)."""
    _member_annotations.setdefault(name, factory)


def member_annotations() -> dict:
    return {name: factory() for name, factory in _member_annotations.items()}


def header_counters(request: HttpRequest) -> list[HeaderCounter]:
    return [c for c in (provider(request) for provider in _header_counters) if c]


def site_banners(request: HttpRequest) -> list[Banner]:
    banners: list[Banner] = []
    for provider in _site_banners:
        banners.extend(provider(request))
    return banners
