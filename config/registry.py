"""Small hooks that let apps add to site-wide pages without importing each other.

An app registers a callable in its AppConfig.ready(); base templates render what is registered.
Each callable takes the request and must cost at most one query (they run on every page).
"""

from collections.abc import Callable

from django.http import HttpRequest

_header_counters: list[Callable[[HttpRequest], dict]] = []
_site_banners: list[Callable[[HttpRequest], list[dict]]] = []


def register_header_counter(provider: Callable[[HttpRequest], dict]) -> None:
    """provider(request) -> {"name": ..., "count": int, "url": ..., "label": ...} or {}."""
    if provider not in _header_counters:
        _header_counters.append(provider)


def register_site_banner(provider: Callable[[HttpRequest], list[dict]]) -> None:
    """provider(request) -> [{"level": "warning", "text": ..., "url": ..., "link_text": ...}]."""
    if provider not in _site_banners:
        _site_banners.append(provider)


def header_counters(request: HttpRequest) -> list[dict]:
    return [c for c in (provider(request) for provider in _header_counters) if c]


def site_banners(request: HttpRequest) -> list[dict]:
    banners: list[dict] = []
    for provider in _site_banners:
        banners.extend(provider(request))
    return banners
