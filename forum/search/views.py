from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from config.web import ratelimit
from forum import extensions, search
from forum import selectors as forum_selectors
from forum.models import Category, Thread
from forum.search import hybrid, searchlog
from forum.search import selectors as search_selectors
from forum.search.query import MAX_QUERY_LENGTH, parse

KIND_LABELS = {
    **dict(Thread.Kind.choices),
    "article": _("How-to article"),
    "known_issue": _("Known issue"),
}
SORT_LABELS = {"relevance": _("Best match"), "date": _("Newest first")}
FILTER_NAMES = ("category", "kind", "solved", "verified")
MIN_SIMILAR_LENGTH = 8
SIMILAR_BODY_CHARS = 300
LANGUAGE_LABELS = {"en": _("In English"), "nl": _("In Dutch")}
SEARCH_PAUSED = _("You searched very often in a short time. Please wait a minute and search again.")


def _filters(params) -> dict:
    filters = {}
    category = params.get("category", "")[:80]
    if category:
        filters["category"] = category
    kind = params.get("kind", "")
    if kind in KIND_LABELS:
        filters["kind"] = kind
    for flag in ("solved", "verified"):
        if params.get(flag) == "1":
            filters[flag] = True
    return filters


def _page_number(raw) -> int:
    try:
        return max(1, min(int(raw), search.MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def _url(query: str, filters: dict, sort: str, **changes) -> str:
    params = {"q": query}
    for name in FILTER_NAMES:
        value = filters.get(name)
        if value:
            params[name] = "1" if value is True else value
    if sort != "relevance":
        params["sort"] = sort
    for name, value in changes.items():
        if value in (None, "", False):
            params.pop(name, None)
        else:
            params[name] = value
    return "?" + urlencode(params)


def _facet_groups(result, filters: dict, sort: str, query: str, names: dict) -> list[dict]:
    """Sidebar facets: each value with its count and a link that switches it on or off."""
    facets = result.facets or {}

    def option(name, value, label, count):
        active = str(filters.get(name, "")) == value or (filters.get(name) is True and value == "1")
        return {
            "label": label, "count": count, "active": active,
            "url": _url(query, filters, sort, **{name: None if active else value, "page": None}),
        }

    groups = []
    categories = sorted(facets.get("category", {}).items(), key=lambda item: (-item[1], item[0]))
    if categories:
        groups.append({"title": _("Category"), "options": [
            option("category", slug, names.get(slug, slug), count) for slug, count in categories
        ]})
    kinds = sorted(facets.get("kind", {}).items(), key=lambda item: (-item[1], item[0]))
    if kinds:
        groups.append({"title": _("Type"), "options": [
            option("kind", kind, KIND_LABELS.get(kind, kind), count) for kind, count in kinds
        ]})
    states = []
    if facets.get("solved", {}).get("1") or filters.get("solved"):
        states.append(option("solved", "1", _("Solved"), facets.get("solved", {}).get("1", 0)))
    if facets.get("verified", {}).get("1") or filters.get("verified"):
        states.append(option("verified", "1", _("Verified by staff"), facets.get("verified", {}).get("1", 0)))
    if states:
        groups.append({"title": _("Answer"), "options": states})
    return groups


@require_GET
def results(request):
    """The site search page: highlighted results, did-you-mean, facets, filters, sort, pages."""
    raw = request.GET.get("q", "")
    if raw.strip() and not ratelimit.allow(request, "search"):
        return render(request, "forum/search/results.html",
                      {"query": raw[:MAX_QUERY_LENGTH], "rate_limited": SEARCH_PAUSED, "max_length": MAX_QUERY_LENGTH,
                       "filters": {}, "sort": "relevance"}, status=429)
    filters = _filters(request.GET)
    sort = request.GET.get("sort", "relevance")
    sort = sort if sort in search.SORTS else "relevance"
    page_number = _page_number(request.GET.get("page"))
    exact = request.GET.get("exact") == "1"  # "search instead for": what was typed, uncorrected
    reader = (get_language() or "en")[:2]
    result = search.search(raw, filters=filters, sort=sort, page=page_number, correct=not exact, language=reader)
    parsed = result.parsed
    if parsed.words and page_number == 1 and not result.unavailable and not result.timed_out:
        # No user, no IP, no session: the log holds what was asked, not who asked it. A search stopped
        # at its time limit found too much, not nothing: it stays out of the zero-result reports.
        searchlog.record(
            query=parsed.raw[:MAX_QUERY_LENGTH], normalized=parsed.normalized[:MAX_QUERY_LENGTH],
            result_count=result.total, took_ms=result.took_ms, language=(get_language() or "en")[:8],
        )
    query = parsed.raw
    # One query names every category on the page: facets, hits and the active filter.
    category_slugs = {hit.category for hit in result.hits if hit.category}
    category_slugs |= set((result.facets or {}).get("category", {}))
    if filters.get("category"):
        category_slugs.add(filters["category"])
    category_names = dict(
        Category.objects.filter(slug__in=sorted(category_slugs)).values_list("slug", "name")
    ) if category_slugs else {}
    facet_groups = _facet_groups(result, filters, sort, query, category_names) if result.total else []
    hits = [
        {
            "hit": hit,
            "snippet": search.snippet_html(hit.snippet),
            "category_name": category_names.get(hit.category, ""),
            "kind_label": KIND_LABELS.get(hit.kind, ""),
            # A page in the other language (an article not translated yet) says so before the click.
            "language_label": LANGUAGE_LABELS.get(hit.language, "") if hit.language != reader else "",
        }
        for hit in result.hits
    ]
    active_filters = [
        {"label": category_names.get(filters["category"], filters["category"]) if name == "category"
         else KIND_LABELS.get(filters[name], filters[name]) if name == "kind"
         else _("Solved") if name == "solved" else _("Verified by staff"),
         "url": _url(query, filters, sort, **{name: None, "page": None})}
        for name in FILTER_NAMES if filters.get(name)
    ]
    context = {
        "query": query,
        "result": result,
        "hits": hits,
        "facet_groups": facet_groups,
        "active_filters": active_filters,
        "sort": sort,
        "sorts": [{"value": value, "label": label, "active": value == sort,
                   "url": _url(query, filters, value, page=None)} for value, label in SORT_LABELS.items()],
        "filters": filters,
        "suggestion_url": _url(result.suggestion, filters, sort, page=None) if result.suggestion else "",
        "original_url": "?" + urlencode({"q": query}),
        "exact_url": "?" + urlencode({"q": query, "exact": "1"}),
        "previous_url": _url(query, filters, sort, page=page_number - 1) if result.has_previous else "",
        "next_url": _url(query, filters, sort, page=page_number + 1) if result.has_next else "",
        "start_index": (result.page - 1) * result.per_page + 1,
        "max_length": MAX_QUERY_LENGTH,
        "typed_too_much": len(request.GET.get("q", "").strip()) > MAX_QUERY_LENGTH,
    }
    if not result.unavailable and (parsed.is_empty or (not result.total and not parsed.only_stop_words)):
        # Nothing to show yet, or nothing found: what others searched for and read most, so the
        # page still offers a way on (popular searches only on the empty page: a zero-result page
        # keeps to the query it was asked).
        language = (get_language() or "en")[:2]
        context["popular_threads"] = forum_selectors.popular_solved_threads(language=language)
        context["helpful_articles"] = [item for provider in extensions.search_fallbacks for item in provider(language)]
        if parsed.is_empty:
            context["popular_queries"] = [
                {"text": text, "url": "?" + urlencode({"q": text})}
                for text in search_selectors.popular_queries(language=language)
            ]
    return render(request, "forum/search/results.html", context)


@require_GET
def similar(request):
    """htmx partial for the ask form: what may already answer the question being typed.

    Solved and verified threads and articles first; an open thread with the same problem too,
    marked, so that "me too" is one click instead of a duplicate thread. The title is enough;
    the start of the question, when sent along, sharpens it.
    """
    title = request.GET.get("title", "").strip()[:MAX_QUERY_LENGTH]
    body = request.GET.get("body", "").strip()[:SIMILAR_BODY_CHARS]
    if len(title) >= MIN_SIMILAR_LENGTH and not ratelimit.allow(request, "similar"):
        return HttpResponse("")  # suggestions are a help, not a need: over the limit there are none
    page_language = (get_language() or "en")[:2]
    text = f"{title} {body}".strip()
    hits = search.similar(text, limit=5, language=page_language) if len(title) >= MIN_SIMILAR_LENGTH else []
    if not hits:
        return HttpResponse("")
    # Marked when it is not in the language the question is being typed in (a Dutch question
    # answered by an English thread), whatever the page's language.
    typed_in = hybrid.query_language(parse(text), page_language)
    items = [{"hit": hit, "kind_label": KIND_LABELS.get(hit.kind, "") if hit.doc_type != "thread" else "",
              "language_label": LANGUAGE_LABELS.get(hit.language, "") if hit.language != typed_in else ""}
             for hit in hits]
    return render(request, "forum/search/similar.html", {"items": items})
