"""Template tags every app's pages share (load with `{% load site_pages %}`)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (and the page reset, with the key
    that goes with it: config/web/pagination.py)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    params.pop("after", None)
    for name, value in changes.items():
        if value in ("", None):
            params.pop(name, None)
        else:
            params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def next_page_query(context, page) -> str:
    """The next page's query string; with the key of this page's last row when the paginator gives
    one (BoundedPaginator), so the next page is read from there instead of by offset."""
    return query_with(context, page=page.next_page_number(), after=getattr(page, "next_cursor", ""))
